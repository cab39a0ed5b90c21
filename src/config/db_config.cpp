#include "config/db_config.hpp"

#include <optional>

#include "config/section_readers.hpp"

namespace sluice::config {

std::string redact(const db_config& db) {
  std::string out = db.user + "@" + db.host + ":" + std::to_string(db.port);
  std::string notes;
  if (!db.password.empty())
    notes = "password set";
  if (db.security.enabled())
    notes += notes.empty() ? "TLS" : ", TLS";
  if (!notes.empty())
    out += " (" + notes + ")";
  return out;
}

db_config obfuscated(db_config db) {
  if (!db.password.empty())
    db.password = "******";
  return db;
}

namespace detail {

namespace {

// Standard base64 as Go's base64.StdEncoding decodes it (line breaks are skipped).
std::optional<std::string> decode_base64(std::string_view text) {
  auto value_of = [](char c) -> int {
    if (c >= 'A' && c <= 'Z')
      return c - 'A';
    if (c >= 'a' && c <= 'z')
      return c - 'a' + 26;
    if (c >= '0' && c <= '9')
      return c - '0' + 52;
    if (c == '+')
      return 62;
    if (c == '/')
      return 63;
    return -1;
  };
  std::string out;
  unsigned int buffer = 0;
  int bits = 0;
  std::size_t symbols = 0;
  std::size_t padding = 0;
  for (char c : text) {
    if (c == '\r' || c == '\n')
      continue;
    if (c == '=') {
      ++padding;
      ++symbols;
      continue;
    }
    const int v = value_of(c);
    if (v < 0 || padding > 0)
      return std::nullopt;
    buffer = (buffer << 6) | static_cast<unsigned int>(v);
    bits += 6;
    ++symbols;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((buffer >> bits) & 0xFF);
    }
  }
  if (symbols % 4 != 0 || padding > 2)
    return std::nullopt;
  return out;
}

void read_inline_pem(map_reader& tls, std::string_view bytes_key, std::string_view base64_key, std::string& out) {
  tls.read(bytes_key, out);
  if (!tls.has(base64_key)) {
    tls.ignore(base64_key);
    return;
  }
  std::string encoded;
  tls.read(base64_key, encoded);
  if (!tls.context().ok())
    return;
  auto decoded = decode_base64(encoded);
  if (!decoded) {
    tls.context().fail(tls.mark_of(base64_key), tls.path_of(base64_key) + ": expected base64 text");
    return;
  }
  if (out.empty())
    out = std::move(*decoded);
}

}  // namespace

void read_db_config(map_reader& in, db_config& out) {
  in.read("host", out.host);
  if (out.host.empty())
    out.host = "127.0.0.1";  // Go's driver dials ":port", i.e. the local host, over TCP
  in.read("port", out.port, 1, 65535);
  in.read("user", out.user);
  in.read("password", out.password);
  in.read("session", out.session);
  in.ignore("max-allowed-packet");  // deprecated in DM: the driver negotiates it

  map_reader tls = in.child("security");
  tls.read("ssl-ca", out.security.ssl_ca);
  tls.read("ssl-cert", out.security.ssl_cert);
  tls.read("ssl-key", out.security.ssl_key);
  tls.read("cert-allowed-cn", out.security.cert_allowed_cn);
  read_inline_pem(tls, "ssl-ca-bytes", "ssl-ca-base64", out.security.ssl_ca_pem);
  read_inline_pem(tls, "ssl-cert-bytes", "ssl-cert-base64", out.security.ssl_cert_pem);
  read_inline_pem(tls, "ssl-key-bytes", "ssl-key-base64", out.security.ssl_key_pem);
  tls.finish();
}

}  // namespace detail

}  // namespace sluice::config
