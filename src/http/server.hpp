#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include <tl/expected.hpp>

#include "http/router.hpp"

struct mg_context;
struct mg_connection;

namespace sluice::http {

/// "HOST:PORT" split and checked: HOST an IPv4 address (or "localhost"), PORT 0-65535
/// (0 = let the kernel pick). Errors say what is wrong with the string.
struct listen_address {
  std::string host;
  std::uint16_t port = 0;
};
tl::expected<listen_address, std::string> parse_listen(std::string_view listen);

/// The embedded HTTP server. Owned by main(); owns the civetweb context. start() binds and
/// spawns civetweb's threads, stop() (or the destructor) joins them. Requests are served on
/// civetweb worker threads by `router::dispatch`, so handlers may block. A request body over
/// `max_body_bytes` gets 413 without reaching the router; nothing a handler does (throwing
/// included) stops the server.
class server {
 public:
  server(router r, std::string listen, std::size_t max_body_bytes = 4 << 20);
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

  router router_;
  std::string listen_;
  std::size_t max_body_bytes_;
  mg_context* ctx_ = nullptr;
  std::uint16_t port_ = 0;
};

}  // namespace sluice::http
