#include "config/password.hpp"

#include <fstream>
#include <memory>
#include <sstream>

#include <openssl/evp.h>
#include <openssl/rand.h>

namespace sluice::config {
namespace {

constexpr std::size_t iv_size = 16;
constexpr char iv_separator = '@';
constexpr std::string_view base64_alphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

int hex_digit(char c) noexcept {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

int base64_value(char c) noexcept {
  const auto at = base64_alphabet.find(c);
  return at == std::string_view::npos ? -1 : static_cast<int>(at);
}

std::string_view trim(std::string_view text) noexcept {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(" \t\r\n");
  return text.substr(first, last - first + 1);
}

using cipher_ctx = std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)>;

// AES-256 in 128-bit CFB mode (Go's cipher.NewCFBEncrypter over aes.NewCipher): a stream mode,
// so the output is exactly as long as the input.
std::optional<std::string> cfb(const std::array<unsigned char, 32>& key, std::string_view iv,
                               std::string_view input, bool encrypt) {
  cipher_ctx ctx(EVP_CIPHER_CTX_new(), &EVP_CIPHER_CTX_free);
  if (!ctx) return std::nullopt;
  const auto* iv_bytes = reinterpret_cast<const unsigned char*>(iv.data());
  if (EVP_CipherInit_ex(ctx.get(), EVP_aes_256_cfb128(), nullptr, key.data(), iv_bytes, encrypt ? 1 : 0) != 1)
    return std::nullopt;
  std::string out(input.size(), '\0');
  int written = 0;
  if (!input.empty() &&
      EVP_CipherUpdate(ctx.get(), reinterpret_cast<unsigned char*>(out.data()), &written,
                       reinterpret_cast<const unsigned char*>(input.data()), static_cast<int>(input.size())) != 1)
    return std::nullopt;
  int tail = 0;
  if (EVP_CipherFinal_ex(ctx.get(), reinterpret_cast<unsigned char*>(out.data()) + written, &tail) != 1)
    return std::nullopt;
  out.resize(static_cast<std::size_t>(written + tail));
  return out;
}

}  // namespace

std::string base64_encode(std::string_view bytes) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 3 <= bytes.size(); i += 3) {
    const unsigned v = (static_cast<unsigned char>(bytes[i]) << 16) |
                       (static_cast<unsigned char>(bytes[i + 1]) << 8) | static_cast<unsigned char>(bytes[i + 2]);
    for (int shift = 18; shift >= 0; shift -= 6) out.push_back(base64_alphabet[(v >> shift) & 63U]);
  }
  const std::size_t rest = bytes.size() - i;
  if (rest > 0) {
    unsigned v = static_cast<unsigned>(static_cast<unsigned char>(bytes[i])) << 16;
    if (rest == 2) v |= static_cast<unsigned>(static_cast<unsigned char>(bytes[i + 1])) << 8;
    out.push_back(base64_alphabet[(v >> 18) & 63U]);
    out.push_back(base64_alphabet[(v >> 12) & 63U]);
    out.push_back(rest == 2 ? base64_alphabet[(v >> 6) & 63U] : '=');
    out.push_back('=');
  }
  return out;
}

std::optional<std::string> base64_decode(std::string_view text) {
  if (text.size() % 4 != 0) return std::nullopt;
  std::string out;
  out.reserve(text.size() / 4 * 3);
  for (std::size_t i = 0; i < text.size(); i += 4) {
    const bool last = i + 4 == text.size();
    const int padding = last ? (text[i + 3] == '=') + (text[i + 2] == '=' && text[i + 3] == '=') : 0;
    unsigned v = 0;
    for (std::size_t j = 0; j < 4; ++j) {
      const int d = j >= 4 - static_cast<std::size_t>(padding) ? 0 : base64_value(text[i + j]);
      if (d < 0) return std::nullopt;
      v = (v << 6) | static_cast<unsigned>(d);
    }
    out.push_back(static_cast<char>((v >> 16) & 0xffU));
    if (padding < 2) out.push_back(static_cast<char>((v >> 8) & 0xffU));
    if (padding < 1) out.push_back(static_cast<char>(v & 0xffU));
  }
  return out;
}

password_cipher password_cipher::legacy() noexcept {
  // DM's fixed key before v8.0 (pkg/encrypt), kept so files encrypted by older dmctl still load.
  return *from_hex("a529b7665997f043a30ac8fadcb51d6aa032c226ab5b7750530b12b8c1a16a48");
}

tl::expected<password_cipher, std::string> password_cipher::from_hex(std::string_view hex) {
  hex = trim(hex);
  if (hex.size() != 64)
    return tl::unexpected("an AES-256 key must be 64 hexadecimal characters, got " + std::to_string(hex.size()));
  std::array<unsigned char, 32> key{};
  for (std::size_t i = 0; i < key.size(); ++i) {
    const int high = hex_digit(hex[2 * i]);
    const int low = hex_digit(hex[2 * i + 1]);
    if (high < 0 || low < 0)
      return tl::unexpected("an AES-256 key must be hexadecimal; character " + std::to_string(2 * i + (high < 0 ? 1 : 2)) +
                            " is not");
    key[i] = static_cast<unsigned char>(high * 16 + low);
  }
  return password_cipher(key);
}

tl::expected<password_cipher, std::string> password_cipher::from_key_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) return tl::unexpected("secret-key-path " + path + ": cannot read the file");
  std::stringstream text;
  text << in.rdbuf();
  auto cipher = from_hex(text.str());
  if (!cipher) return tl::unexpected("secret-key-path " + path + ": " + cipher.error());
  return cipher;
}

tl::expected<std::string, std::string> password_cipher::encrypt(std::string_view plaintext) const {
  std::string iv(iv_size, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(iv.data()), static_cast<int>(iv.size())) != 1)
    return tl::unexpected(std::string("no random bytes for the IV (OpenSSL RAND_bytes failed)"));
  auto sealed = cfb(key_, iv, plaintext, true);
  if (!sealed) return tl::unexpected(std::string("AES-256-CFB encryption failed (OpenSSL)"));
  return base64_encode(iv + iv_separator + *sealed);
}

std::optional<std::string> password_cipher::decrypt(std::string_view value) const {
  auto raw = base64_decode(value);
  if (!raw || raw->size() < iv_size + 1 || (*raw)[iv_size] != iv_separator) return std::nullopt;
  const std::string_view all(*raw);
  return cfb(key_, all.substr(0, iv_size), all.substr(iv_size + 1), false);
}

namespace {
password_cipher& active_slot() noexcept {
  static password_cipher active = password_cipher::legacy();
  return active;
}
}  // namespace

const password_cipher& active_password_cipher() noexcept { return active_slot(); }
void set_active_password_cipher(const password_cipher& cipher) noexcept { active_slot() = cipher; }

std::string password_cipher::decrypt_or_plaintext(std::string_view value) const {
  if (auto plain = decrypt(value)) return std::move(*plain);
  return std::string(value);
}

}  // namespace sluice::config
