#pragma once
// DM's password encryption, so encrypted passwords in existing source.yaml / task.yaml files keep
// working: base64(iv(16 bytes) + "@" + AES-256-CFB(plaintext)), the key either DM v8's
// `secret-key-path` file (64 hex characters) or, for files written by DM < 8.0, DM's fixed key.

#include <array>
#include <optional>
#include <string>
#include <string_view>

#include <tl/expected.hpp>

namespace sluice::config {

/// One AES-256 key and the operations DM performs with it. Cheap to copy.
class password_cipher {
 public:
  /// The fixed key DM used before v8.0 (its pkg/encrypt default), for compatibility.
  static password_cipher legacy() noexcept;
  /// A key written as 64 hexadecimal characters (surrounding whitespace ignored).
  static tl::expected<password_cipher, std::string> from_hex(std::string_view hex);
  /// DM v8's `secret-key-path`: a file holding the key as 64 hexadecimal characters.
  static tl::expected<password_cipher, std::string> from_key_file(const std::string& path);

  /// A fresh random IV each call, so two encryptions of one password differ.
  tl::expected<std::string, std::string> encrypt(std::string_view plaintext) const;
  /// The plaintext, or nullopt when `value` is not base64 of iv + "@" + ciphertext.
  std::optional<std::string> decrypt(std::string_view value) const;
  /// DM's rule for password fields: decrypt when the value is a ciphertext, else use it as is.
  std::string decrypt_or_plaintext(std::string_view value) const;

 private:
  explicit password_cipher(const std::array<unsigned char, 32>& key) noexcept : key_(key) {}
  std::array<unsigned char, 32> key_;
};

/// The cipher every password field is read with. main() sets it once, before any task or request
/// runs, from `--secret-key-path`; until then (and without that flag) it is DM's legacy key.
const password_cipher& active_password_cipher() noexcept;
void set_active_password_cipher(const password_cipher& cipher) noexcept;

/// RFC 4648 base64 with padding (as Go's base64.StdEncoding).
std::string base64_encode(std::string_view bytes);
std::optional<std::string> base64_decode(std::string_view text);

}  // namespace sluice::config
