#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include <tl/expected.hpp>

namespace sluice::cli {

struct http_reply {
  int status = 0;
  std::string body;
};

/// How to reach the server beyond host and port.
struct client_security {
  bool tls = false;
  std::string ca_file;       // with tls: verify the server's certificate against it
  std::string bearer_token;  // non-empty: sent as `Authorization: Bearer <token>`
};

/// A small blocking HTTP/1.1 client on civetweb's client API (OpenSSL directly for TLS,
/// tls_client.hpp): one connection per call, `Connection: close`, JSON bodies. Errors are
/// civetweb's or OpenSSL's text ("connection refused", ...).
/// The timeout bounds the wait for the reply; dmctl's own RPC timeout is ten minutes, and
/// start-task may legitimately take a while.
class http_client {
 public:
  http_client(std::string host, std::uint16_t port,
              std::chrono::milliseconds timeout = std::chrono::minutes(10));
  http_client(std::string host, std::uint16_t port, client_security security,
              std::chrono::milliseconds timeout = std::chrono::minutes(10));

  tl::expected<http_reply, std::string> call(std::string_view method, std::string_view target,
                                             std::string_view body) const;

 private:
  std::string host_;
  std::uint16_t port_;
  client_security security_;
  std::chrono::milliseconds timeout_;
};

}  // namespace sluice::cli
