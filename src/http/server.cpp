#include "http/server.hpp"

#include <arpa/inet.h>

#include <charconv>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <mutex>

#include <civetweb.h>
#include <strings.h>

#include "http/tls_terminator.hpp"

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

tl::expected<std::string, std::string> read_token_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    return tl::unexpected("cannot read the token file " + path);
  std::string token((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const std::size_t first = token.find_first_not_of(" \t\r\n");
  if (first == std::string::npos)
    return tl::unexpected("the token file " + path + " is empty");
  token = token.substr(first, token.find_last_not_of(" \t\r\n") - first + 1);
  if (token.find_first_of(" \t\r\n") != std::string::npos)
    return tl::unexpected("the token file " + path + " must hold one token without spaces or line breaks");
  return token;
}

std::vector<std::string> split_list(std::string_view text) {
  std::vector<std::string> out;
  while (!text.empty()) {
    const std::size_t comma = text.find(',');
    if (comma != 0)
      out.emplace_back(text.substr(0, comma));
    if (comma == std::string_view::npos)
      break;
    text.remove_prefix(comma + 1);
  }
  return out;
}

server::server(router r, std::string listen, std::size_t max_body_bytes)
    : server(std::move(r), server_options{std::move(listen), max_body_bytes, {}, {}, {}, {}}) {}

server::server(router r, server_options options) : router_(std::move(r)), options_(std::move(options)) {}

server::~server() { stop(); }

tl::expected<void, std::string> server::start() {
  if (ctx_ != nullptr) return tl::unexpected(std::string("http server already started"));
  auto address = parse_listen(options_.listen);
  if (!address) return tl::unexpected(address.error());
  init_civetweb_once();

  const bool tls = !options_.tls_cert_file.empty() || !options_.tls_key_file.empty();
  if (tls && (options_.tls_cert_file.empty() || options_.tls_key_file.empty()))
    return tl::unexpected(std::string("TLS needs both a certificate file and a key file"));
  // With TLS, civetweb serves plain HTTP on a free loopback port behind the terminator.
  const std::string ports = tls ? std::string("127.0.0.1:0") : address->host + ":" + std::to_string(address->port);
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
    return tl::unexpected("cannot listen on " + options_.listen + ": " +
                          (text[0] != '\0' ? std::string(text) : std::string("civetweb failed")));
  }
  mg_server_port bound[4] = {};
  const int n = mg_get_server_ports(ctx_, 4, bound);
  port_ = n > 0 ? static_cast<std::uint16_t>(bound[0].port) : address->port;
  if (tls) {
    tls_ = std::make_unique<tls_terminator>();
    auto started = tls_->start(options_.tls_cert_file, options_.tls_key_file, address->host, address->port, port_);
    if (!started) {
      tls_.reset();
      stop();
      return tl::unexpected(started.error());
    }
    port_ = tls_->port();
  }
  return {};
}

void server::stop() {
  if (ctx_ == nullptr) return;
  tls_.reset();
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
  if (!authorized(conn, req.path)) {
    response r = response::error(401, "missing or wrong bearer token (send \"Authorization: Bearer <token>\")");
    r.headers.emplace_back("WWW-Authenticate", "Bearer realm=\"sluice\"");
    return r;
  }

  const long long declared = info->content_length;
  if (declared > 0 && static_cast<unsigned long long>(declared) > options_.max_body_bytes) {
    return response::error(413, "request body of " + std::to_string(declared) +
                                    " bytes is over the limit of " +
                                    std::to_string(options_.max_body_bytes) + " bytes");
  }
  char buffer[16384];
  while (true) {
    const int n = mg_read(conn, buffer, sizeof buffer);
    if (n < 0) return response::error(400, "cannot read the request body");
    if (n == 0) break;
    if (req.body.size() + static_cast<std::size_t>(n) > options_.max_body_bytes) {
      return response::error(413, "request body is over the limit of " +
                                      std::to_string(options_.max_body_bytes) + " bytes");
    }
    req.body.append(buffer, static_cast<std::size_t>(n));
  }
  return router_.dispatch(req);
}

bool server::authorized(const mg_connection* conn, const std::string& path) const {
  if (options_.auth_token.empty())
    return true;
  for (const auto& exempt : options_.auth_exempt)
    if (path == exempt)
      return true;
  const char* header = mg_get_header(conn, "Authorization");
  if (header == nullptr)
    return false;
  std::string_view given = header;
  constexpr std::string_view scheme = "Bearer ";
  if (given.size() < scheme.size() || strncasecmp(given.data(), scheme.data(), scheme.size()) != 0)
    return false;
  given.remove_prefix(scheme.size());
  const std::string& token = options_.auth_token;
  // Constant time over the expected token's length, so the answer's timing says nothing about
  // how many leading characters matched.
  unsigned char diff = given.size() == token.size() ? 0 : 1;
  for (std::size_t i = 0; i < token.size(); ++i)
    diff |= static_cast<unsigned char>(token[i] ^ (i < given.size() ? given[i] : 0));
  return diff == 0;
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
