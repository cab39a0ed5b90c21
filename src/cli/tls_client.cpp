#include "cli/tls_client.hpp"

#include <arpa/inet.h>
#include <netdb.h>
#include <sys/socket.h>
#include <unistd.h>

#include <charconv>
#include <cstring>
#include <memory>

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

namespace sluice::cli {

namespace {

std::string openssl_error(std::string_view fallback) {
  const unsigned long code = ERR_get_error();
  ERR_clear_error();
  if (code == 0) return std::string(fallback);
  char text[256];
  ERR_error_string_n(code, text, sizeof text);
  return text;
}

// A connected TCP socket with read/write timeouts, or -1 and `error`.
int connect_tcp(const std::string& host, std::uint16_t port, std::chrono::milliseconds timeout, std::string& error) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  if (const int rc = getaddrinfo(host.c_str(), std::to_string(port).c_str(), &hints, &found); rc != 0) {
    error = "cannot resolve " + host + ": " + gai_strerror(rc);
    return -1;
  }
  std::unique_ptr<addrinfo, void (*)(addrinfo*)> list(found, &freeaddrinfo);
  error = "connection failed";
  for (const addrinfo* a = found; a != nullptr; a = a->ai_next) {
    const int fd = ::socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC, a->ai_protocol);
    if (fd < 0) continue;
    if (::connect(fd, a->ai_addr, a->ai_addrlen) == 0) {
      timeval tv{static_cast<time_t>(timeout.count() / 1000), static_cast<suseconds_t>(timeout.count() % 1000 * 1000)};
      setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
      setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
      return fd;
    }
    error = "connect(" + host + ":" + std::to_string(port) + "): " + std::strerror(errno);
    ::close(fd);
  }
  return -1;
}

bool is_ip_address(const std::string& host) {
  unsigned char buf[sizeof(in6_addr)];
  return inet_pton(AF_INET, host.c_str(), buf) == 1 || inet_pton(AF_INET6, host.c_str(), buf) == 1;
}

}  // namespace

tl::expected<http_reply, std::string> parse_http_reply(std::string_view raw) {
  const std::size_t head_end = raw.find("\r\n\r\n");
  if (raw.substr(0, 5) != "HTTP/" || head_end == std::string_view::npos)
    return tl::unexpected(std::string("malformed reply"));
  const std::size_t space = raw.find(' ');
  http_reply reply;
  const auto [end, ec] = std::from_chars(raw.data() + space + 1, raw.data() + head_end, reply.status);
  if (space == std::string_view::npos || ec != std::errc{} || end == raw.data() + space + 1)
    return tl::unexpected(std::string("malformed status line"));
  std::string_view body = raw.substr(head_end + 4);
  // Content-Length, matched case-insensitively at a line start.
  std::string head(raw.substr(0, head_end));
  for (auto& c : head) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (const std::size_t at = head.find("\r\ncontent-length:"); at != std::string::npos) {
    std::size_t value = at + 17;
    while (value < head.size() && head[value] == ' ') ++value;
    std::size_t length = 0;
    std::from_chars(head.data() + value, head.data() + head.size(), length);
    if (length > body.size()) return tl::unexpected(std::string("reply shorter than its Content-Length"));
    body = body.substr(0, length);
  }
  reply.body = std::string(body);
  return reply;
}

tl::expected<http_reply, std::string> tls_exchange(const std::string& host, std::uint16_t port,
                                                   const std::string& ca_file, std::string_view request,
                                                   std::chrono::milliseconds timeout) {
  std::unique_ptr<SSL_CTX, void (*)(SSL_CTX*)> ctx(SSL_CTX_new(TLS_client_method()), &SSL_CTX_free);
  if (!ctx) return tl::unexpected("TLS: " + openssl_error("cannot create a context"));
  SSL_CTX_set_min_proto_version(ctx.get(), TLS1_2_VERSION);
  if (!ca_file.empty()) {
    if (SSL_CTX_load_verify_locations(ctx.get(), ca_file.c_str(), nullptr) != 1)
      return tl::unexpected("--tls-ca " + ca_file + ": " + openssl_error("cannot load"));
    SSL_CTX_set_verify(ctx.get(), SSL_VERIFY_PEER, nullptr);
  }
  std::string error;
  const int fd = connect_tcp(host, port, timeout, error);
  if (fd < 0) return tl::unexpected(error);
  std::unique_ptr<SSL, void (*)(SSL*)> ssl(SSL_new(ctx.get()), &SSL_free);
  struct closer {
    int fd;
    ~closer() { ::close(fd); }
  } close_fd{fd};
  if (!ssl || SSL_set_fd(ssl.get(), fd) != 1) return tl::unexpected("TLS: " + openssl_error("cannot set up"));
  if (!is_ip_address(host)) SSL_set_tlsext_host_name(ssl.get(), host.c_str());
  if (!ca_file.empty()) {
    X509_VERIFY_PARAM* param = SSL_get0_param(ssl.get());
    const int ok = is_ip_address(host) ? X509_VERIFY_PARAM_set1_ip_asc(param, host.c_str())
                                       : X509_VERIFY_PARAM_set1_host(param, host.c_str(), 0);
    if (ok != 1) return tl::unexpected("TLS: cannot check the certificate against " + host);
  }
  if (SSL_connect(ssl.get()) != 1) {
    const long verify = SSL_get_verify_result(ssl.get());
    if (!ca_file.empty() && verify != X509_V_OK)
      return tl::unexpected(std::string("TLS: the server's certificate is not trusted: ") +
                            X509_verify_cert_error_string(verify));
    return tl::unexpected("TLS handshake failed: " + openssl_error("the server closed the connection"));
  }
  for (std::size_t sent = 0; sent < request.size();) {
    const int n = SSL_write(ssl.get(), request.data() + sent, static_cast<int>(request.size() - sent));
    if (n <= 0) return tl::unexpected("sending the request failed: " + openssl_error("write error"));
    sent += static_cast<std::size_t>(n);
  }
  std::string raw;
  char buf[16384];
  while (true) {
    const int n = SSL_read(ssl.get(), buf, sizeof buf);
    if (n > 0) {
      raw.append(buf, static_cast<std::size_t>(n));
      continue;
    }
    // A close without close_notify still ends a reply that carries its Content-Length.
    const int err = SSL_get_error(ssl.get(), n);
    if (err != SSL_ERROR_ZERO_RETURN && err != SSL_ERROR_SYSCALL && err != SSL_ERROR_SSL)
      return tl::unexpected("reading the reply failed: " + openssl_error("read error"));
    ERR_clear_error();
    break;
  }
  if (raw.empty()) return tl::unexpected(std::string("no reply"));
  return parse_http_reply(raw);
}

}  // namespace sluice::cli
