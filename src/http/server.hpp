#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <tl/expected.hpp>

#include "http/router.hpp"

struct mg_context;
struct mg_connection;

namespace sluice::http {

class tls_terminator;

/// "HOST:PORT" split and checked: HOST an IPv4 address (or "localhost"), PORT 0-65535
/// (0 = let the kernel pick). Errors say what is wrong with the string.
struct listen_address {
  std::string host;
  std::uint16_t port = 0;
};
tl::expected<listen_address, std::string> parse_listen(std::string_view listen);

/// How the server listens and whom it answers.
struct server_options {
  std::string listen = "127.0.0.1:8261";
  std::size_t max_body_bytes = 1 << 20;
  /// Non-empty: every request outside `auth_exempt` needs `Authorization: Bearer <auth_token>`
  /// and gets 401 without it. The token is never logged or echoed.
  std::string auth_token;
  /// Paths answered without a token (exact match, e.g. "/healthz").
  std::vector<std::string> auth_exempt;
  /// Both set: HTTPS only (PEM files; the certificate file may hold a chain), TLS 1.2+. TLS is
  /// ended by tls_terminator.hpp, so handlers see 127.0.0.1 as the remote address.
  std::string tls_cert_file;
  std::string tls_key_file;
};

/// A bearer token read from a file: surrounding whitespace dropped; empty or unreadable is an
/// error naming the file (never the content).
tl::expected<std::string, std::string> read_token_file(const std::string& path);

/// "a,b,c" split on commas, empty items dropped.
std::vector<std::string> split_list(std::string_view text);

/// The embedded HTTP server. Owned by main(); owns the civetweb context. start() binds and
/// spawns civetweb's threads, stop() (or the destructor) joins them. Requests are served on
/// civetweb worker threads by `router::dispatch`, so handlers may block. A request without
/// the bearer token gets 401 and a body over `max_body_bytes` gets 413, both without reaching
/// the router; nothing a handler does (throwing included) stops the server.
class server {
 public:
  server(router r, std::string listen, std::size_t max_body_bytes = 4 << 20);
  server(router r, server_options options);
  ~server();
  server(const server&) = delete;
  server& operator=(const server&) = delete;

  tl::expected<void, std::string> start();
  void stop();

  /// The bound port once started (the real one when the listen string said port 0).
  std::uint16_t port() const { return port_; }

 private:
  static int on_request(mg_connection* conn);
  static int on_http_error(mg_connection* conn, int status, const char* msg);
  static int on_log(const mg_connection* conn, const char* message);

  response serve(mg_connection* conn) const;
  bool authorized(const mg_connection* conn, const std::string& path) const;

  router router_;
  server_options options_;
  std::unique_ptr<tls_terminator> tls_;  // set while HTTPS is served
  mg_context* ctx_ = nullptr;
  std::uint16_t port_ = 0;
};

}  // namespace sluice::http
