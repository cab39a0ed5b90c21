#pragma once
// Where and how to connect to a MySQL-compatible server, and the errors talking to one produces.

#include <chrono>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace sluice::db {

/// Plain connection settings; built from source.yaml `from` or task.yaml `target-database`.
struct endpoint {
  std::string host = "127.0.0.1";
  std::uint16_t port = 3306;
  std::string user = "root";
  std::string password;
  std::string ssl_ca, ssl_cert, ssl_key;
  std::vector<std::pair<std::string, std::string>> session;  // SET SESSION name = value after connect
  std::chrono::seconds connect_timeout{5};
  std::chrono::seconds read_timeout{0};  // 0: none

  /// "host:port", for messages (never includes the password).
  std::string address() const { return host + ":" + std::to_string(port); }
};

/// A server or client-library error: MySQL error code, SQLSTATE, message.
struct db_error {
  unsigned code = 0;
  std::string sqlstate;
  std::string message;

  /// Connection loss, deadlock, lock-wait timeout and the like: retrying may succeed.
  bool transient() const noexcept;
  /// "ERROR 1062 (23000): Duplicate entry ..."
  std::string to_string() const;
};

}  // namespace sluice::db
