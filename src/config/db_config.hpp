#pragma once
// Connection settings of an upstream (`from` in source.yaml) or the downstream
// (`target-database` in task.yaml): DM's dbconfig.DBConfig and security.Security.

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace sluice::config {

/// TLS settings. Paths name PEM files; the *_pem fields hold PEM text given inline through
/// DM's ssl-*-bytes or (base64-decoded) ssl-*-base64 keys, which win over the paths.
struct tls_config {
  std::string ssl_ca;
  std::string ssl_cert;
  std::string ssl_key;
  std::vector<std::string> cert_allowed_cn;
  std::string ssl_ca_pem;
  std::string ssl_cert_pem;
  std::string ssl_key_pem;

  bool enabled() const noexcept {
    return !ssl_ca.empty() || !ssl_cert.empty() || !ssl_key.empty() || !ssl_ca_pem.empty() ||
           !ssl_cert_pem.empty() || !ssl_key_pem.empty();
  }
  friend bool operator==(const tls_config&, const tls_config&) = default;
};

/// One MySQL-protocol endpoint. `password` is plaintext here; it must never be logged,
/// put in an error message or echoed back: use redact() / obfuscated() for display.
struct db_config {
  std::string host = "127.0.0.1";
  std::uint16_t port = 3306;
  std::string user = "root";
  std::string password;
  /// Session variables set on every connection; names lower-cased.
  std::map<std::string, std::string> session;
  tls_config security;

  friend bool operator==(const db_config&, const db_config&) = default;
};

/// "user@host:port (password set, TLS)": safe for logs and messages.
std::string redact(const db_config& db);

/// A copy whose non-empty password is replaced by "******", as DM shows configs back.
db_config obfuscated(db_config db);

}  // namespace sluice::config
