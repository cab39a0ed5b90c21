#include "cli/http_client.hpp"

#include <memory>
#include <mutex>

#include <civetweb.h>

#include "cli/tls_client.hpp"

namespace sluice::cli {

namespace {

void init_civetweb_once() {
  static std::once_flag flag;
  std::call_once(flag, [] { mg_init_library(0); });
}

std::string error_text(const char* buffer, std::string_view fallback) {
  return buffer[0] != '\0' ? std::string(buffer) : std::string(fallback);
}

}  // namespace

http_client::http_client(std::string host, std::uint16_t port, std::chrono::milliseconds timeout)
    : http_client(std::move(host), port, client_security{}, timeout) {}

http_client::http_client(std::string host, std::uint16_t port, client_security security,
                         std::chrono::milliseconds timeout)
    : host_(std::move(host)), port_(port), security_(std::move(security)), timeout_(timeout) {}

tl::expected<http_reply, std::string> http_client::call(std::string_view method,
                                                        std::string_view target,
                                                        std::string_view body) const {
  std::string head;
  head.append(method).append(" ").append(target).append(" HTTP/1.1\r\n");
  head += "Host: " + host_ + ":" + std::to_string(port_) + "\r\n";
  head += "User-Agent: sluicectl\r\nAccept: application/json\r\nConnection: close\r\n";
  if (!security_.bearer_token.empty()) head += "Authorization: Bearer " + security_.bearer_token + "\r\n";
  if (!body.empty() || method == "POST") {
    head += "Content-Type: application/json\r\n";
    head += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  }
  head += "\r\n";
  if (security_.tls) return tls_exchange(host_, port_, security_.ca_file, head.append(body), timeout_);

  init_civetweb_once();
  char error[256] = {};
  std::unique_ptr<mg_connection, void (*)(mg_connection*)> conn(
      mg_connect_client(host_.c_str(), port_, 0, error, sizeof error), &mg_close_connection);
  if (!conn) return tl::unexpected(error_text(error, "connection failed"));
  const auto send = [&conn](std::string_view bytes) {
    return bytes.empty() ||
           mg_write(conn.get(), bytes.data(), bytes.size()) == static_cast<int>(bytes.size());
  };
  if (!send(head) || !send(body)) return tl::unexpected(std::string("sending the request failed"));

  error[0] = '\0';
  const int timeout_ms = static_cast<int>(timeout_.count());
  if (mg_get_response(conn.get(), error, sizeof error, timeout_ms) < 0) {
    return tl::unexpected(error_text(error, "no reply"));
  }
  const mg_response_info* info = mg_get_response_info(conn.get());
  if (info == nullptr) return tl::unexpected(std::string("malformed reply"));

  http_reply reply;
  reply.status = info->status_code;
  char buffer[16384];
  while (true) {
    const int n = mg_read(conn.get(), buffer, sizeof buffer);
    if (n < 0) return tl::unexpected(std::string("reading the reply failed"));
    if (n == 0) break;
    reply.body.append(buffer, static_cast<std::size_t>(n));
  }
  return reply;
}

}  // namespace sluice::cli
