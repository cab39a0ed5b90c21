#include "http/server.hpp"

#include <arpa/inet.h>

#include <charconv>
#include <cstdio>
#include <mutex>

#include <civetweb.h>

namespace sluice::http {

namespace {

void init_civetweb_once() {
  static std::once_flag flag;
  std::call_once(flag, [] { mg_init_library(0); });
}

void write_response(mg_connection* conn, const response& r) {
  const std::string length = std::to_string(r.body.size());
  mg_response_header_start(conn, r.status);
  mg_response_header_add(conn, "Content-Type", r.content_type.c_str(), -1);
  mg_response_header_add(conn, "Content-Length", length.c_str(), -1);
  mg_response_header_add(conn, "Cache-Control", "no-store", -1);
  for (const auto& [name, value] : r.headers) {
    mg_response_header_add(conn, name.c_str(), value.c_str(), -1);
  }
  mg_response_header_send(conn);
  if (!r.body.empty()) mg_write(conn, r.body.data(), r.body.size());
}

}  // namespace

tl::expected<listen_address, std::string> parse_listen(std::string_view listen) {
  const std::size_t colon = listen.rfind(':');
  if (colon == std::string_view::npos) {
    return tl::unexpected("listen address \"" + std::string(listen) + "\": expected HOST:PORT");
  }
  listen_address out;
  out.host = std::string(listen.substr(0, colon));
  if (out.host == "localhost") out.host = "127.0.0.1";
  in_addr probe{};
  if (inet_pton(AF_INET, out.host.c_str(), &probe) != 1) {
    return tl::unexpected("listen address \"" + std::string(listen) +
                          "\": host must be an IPv4 address such as 127.0.0.1 or 0.0.0.0");
  }
  const std::string_view port = listen.substr(colon + 1);
  unsigned value = 0;
  const auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
  if (port.empty() || ec != std::errc{} || end != port.data() + port.size() || value > 65535) {
    return tl::unexpected("listen address \"" + std::string(listen) +
                          "\": port must be a number 0-65535");
  }
  out.port = static_cast<std::uint16_t>(value);
  return out;
}

server::server(router r, std::string listen, std::size_t max_body_bytes)
    : router_(std::move(r)), listen_(std::move(listen)), max_body_bytes_(max_body_bytes) {}

server::~server() { stop(); }

tl::expected<void, std::string> server::start() {
  if (ctx_ != nullptr) return tl::unexpected(std::string("http server already started"));
  auto address = parse_listen(listen_);
  if (!address) return tl::unexpected(address.error());
  init_civetweb_once();

  const std::string ports = address->host + ":" + std::to_string(address->port);
  // Keep-alive stays off (civetweb's default): every response closes its connection, so a
  // refused oversized body can never desynchronise the next request. The request timeout
  // bounds socket reads and writes only (a slow handler is not cut off); it frees a worker
  // held by a client that declared a body and never sent it.
  const char* options[] = {"listening_ports", ports.c_str(), "num_threads", "8",
                           "enable_keep_alive", "no", "request_timeout_ms", "30000", nullptr};
  mg_callbacks callbacks{};
  callbacks.begin_request = &server::on_request;
  callbacks.http_error = &server::on_http_error;
  callbacks.log_message = &server::on_log;
  mg_init_data init{&callbacks, this, options};
  unsigned code = 0;
  char text[256] = {};
  mg_error_data error{&code, text, sizeof text};
  ctx_ = mg_start2(&init, &error);
  if (ctx_ == nullptr) {
    return tl::unexpected("cannot listen on " + listen_ + ": " +
                          (text[0] != '\0' ? std::string(text) : std::string("civetweb failed")));
  }
  mg_server_port bound[4] = {};
  const int n = mg_get_server_ports(ctx_, 4, bound);
  port_ = n > 0 ? static_cast<std::uint16_t>(bound[0].port) : address->port;
  return {};
}

void server::stop() {
  if (ctx_ == nullptr) return;
  mg_stop(ctx_);
  ctx_ = nullptr;
  port_ = 0;
}

int server::on_request(mg_connection* conn) {
  const mg_request_info* info = mg_get_request_info(conn);
  const auto* self = static_cast<const server*>(info->user_data);
  response r;
  try {
    r = self->serve(conn);
  } catch (const std::exception& e) {
    r = response::error(500, std::string("internal error: ") + e.what());
  } catch (...) {
    r = response::error(500, "internal error: unknown exception");
  }
  write_response(conn, r);
  return r.status;
}

response server::serve(mg_connection* conn) const {
  const mg_request_info* info = mg_get_request_info(conn);
  request req;
  req.method = info->request_method != nullptr ? info->request_method : "";
  // local_uri_raw is decoded but not normalised: ".." stays visible to name validation.
  if (info->local_uri_raw == nullptr) {
    return response::error(400, "request target must be a path on this server");
  }
  req.path = info->local_uri_raw;
  req.query = info->query_string != nullptr ? info->query_string : "";
  req.remote_addr = info->remote_addr;

  const long long declared = info->content_length;
  if (declared > 0 && static_cast<unsigned long long>(declared) > max_body_bytes_) {
    return response::error(413, "request body of " + std::to_string(declared) +
                                    " bytes is over the limit of " +
                                    std::to_string(max_body_bytes_) + " bytes");
  }
  char buffer[16384];
  while (true) {
    const int n = mg_read(conn, buffer, sizeof buffer);
    if (n < 0) return response::error(400, "cannot read the request body");
    if (n == 0) break;
    if (req.body.size() + static_cast<std::size_t>(n) > max_body_bytes_) {
      return response::error(413, "request body is over the limit of " +
                                      std::to_string(max_body_bytes_) + " bytes");
    }
    req.body.append(buffer, static_cast<std::size_t>(n));
  }
  return router_.dispatch(req);
}

int server::on_http_error(mg_connection* conn, int status, const char* msg) {
  write_response(conn, response::error(status, msg != nullptr ? msg : "http error"));
  return 0;
}

int server::on_log(const mg_connection*, const char* message) {
  std::fprintf(stderr, "sluice http: %s\n", message);
  return 1;
}

}  // namespace sluice::http
