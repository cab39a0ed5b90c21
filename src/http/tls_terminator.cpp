#include "http/tls_terminator.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <openssl/err.h>
#include <openssl/ssl.h>

namespace sluice::http {

namespace {

constexpr std::size_t max_connections = 64;
constexpr int idle_ms = 30000;

std::string openssl_error() {
  const unsigned long code = ERR_get_error();
  if (code == 0)
    return "unknown OpenSSL error";
  char text[256];
  ERR_error_string_n(code, text, sizeof text);
  ERR_clear_error();
  return text;
}

void set_timeouts(int fd) {
  timeval tv{idle_ms / 1000, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
}

bool send_all(int fd, const char* data, std::size_t size) {
  while (size > 0) {
    const ssize_t n = ::send(fd, data, size, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      return false;
    data += n;
    size -= static_cast<std::size_t>(n);
  }
  return true;
}

bool ssl_write_all(SSL* ssl, const char* data, std::size_t size) {
  while (size > 0) {
    const int n = SSL_write(ssl, data, static_cast<int>(size));
    if (n <= 0)
      return false;
    data += n;
    size -= static_cast<std::size_t>(n);
  }
  return true;
}

int connect_backend(std::uint16_t port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0)
    return -1;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    return -1;
  }
  set_timeouts(fd);
  return fd;
}

// Moves bytes both ways until the backend has answered and closed, either side fails, or the
// connection sits idle. civetweb closes every connection after its response (no keep-alive).
void pump(SSL* ssl, int client_fd, int backend_fd) {
  char buf[16384];
  bool client_open = true;
  while (true) {
    pollfd fds[2] = {{client_open ? client_fd : -1, POLLIN, 0}, {backend_fd, POLLIN, 0}};
    const bool buffered = client_open && SSL_pending(ssl) > 0;  // decrypted bytes poll cannot see
    if (!buffered) {
      const int n = ::poll(fds, 2, idle_ms);
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return;
    }
    if (buffered || (fds[0].revents & (POLLIN | POLLHUP | POLLERR))) {
      const int n = SSL_read(ssl, buf, sizeof buf);
      if (n > 0) {
        if (!send_all(backend_fd, buf, static_cast<std::size_t>(n)))
          return;
      } else if (SSL_get_error(ssl, n) != SSL_ERROR_WANT_READ) {
        client_open = false;  // the request is complete; wait for the answer
        ::shutdown(backend_fd, SHUT_WR);
      }
    }
    if (fds[1].revents & (POLLIN | POLLHUP | POLLERR)) {
      const ssize_t n = ::recv(backend_fd, buf, sizeof buf, 0);
      if (n <= 0)
        return;
      if (!ssl_write_all(ssl, buf, static_cast<std::size_t>(n)))
        return;
    }
  }
}

}  // namespace

tls_terminator::~tls_terminator() { stop(); }

tl::expected<void, std::string> tls_terminator::start(const std::string& cert_file, const std::string& key_file,
                                                      const std::string& host, std::uint16_t port,
                                                      std::uint16_t backend_port) {
  if (ctx_ != nullptr)
    return tl::unexpected(std::string("TLS already started"));
  ctx_ = SSL_CTX_new(TLS_server_method());
  if (ctx_ == nullptr)
    return tl::unexpected("TLS: " + openssl_error());
  SSL_CTX_set_min_proto_version(ctx_, TLS1_2_VERSION);
  auto fail = [this](std::string message) {
    SSL_CTX_free(ctx_);
    ctx_ = nullptr;
    if (listen_fd_ >= 0)
      ::close(listen_fd_);
    listen_fd_ = -1;
    return tl::unexpected(std::move(message));
  };
  if (SSL_CTX_use_certificate_chain_file(ctx_, cert_file.c_str()) != 1)
    return fail("TLS certificate " + cert_file + ": " + openssl_error());
  if (SSL_CTX_use_PrivateKey_file(ctx_, key_file.c_str(), SSL_FILETYPE_PEM) != 1)
    return fail("TLS key " + key_file + ": " + openssl_error());
  if (SSL_CTX_check_private_key(ctx_) != 1)
    return fail("TLS key " + key_file + " does not match the certificate " + cert_file);

  listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (listen_fd_ < 0)
    return fail(std::string("socket: ") + std::strerror(errno));
  const int yes = 1;
  setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  inet_pton(AF_INET, host.c_str(), &addr.sin_addr);
  if (::bind(listen_fd_, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) != 0 || ::listen(listen_fd_, 64) != 0)
    return fail("cannot bind to " + host + ":" + std::to_string(port) + ": " + std::strerror(errno));
  socklen_t len = sizeof addr;
  getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len);
  port_ = ntohs(addr.sin_port);
  backend_port_ = backend_port;
  stopping_ = false;
  acceptor_ = std::thread([this] { accept_loop(); });
  return {};
}

void tls_terminator::accept_loop() {
  while (!stopping_) {
    pollfd p{listen_fd_, POLLIN, 0};
    if (::poll(&p, 1, 200) <= 0)
      continue;
    const int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0)
      continue;
    std::lock_guard lock(mutex_);
    if (stopping_ || open_.size() >= max_connections) {
      ::close(fd);
      continue;
    }
    open_.insert(fd);
    std::thread([this, fd] { relay(fd); }).detach();
  }
}

void tls_terminator::relay(int client_fd) {
  set_timeouts(client_fd);
  SSL* ssl = SSL_new(ctx_);
  if (ssl != nullptr && SSL_set_fd(ssl, client_fd) == 1 && SSL_accept(ssl) == 1) {
    if (const int backend_fd = connect_backend(backend_port_); backend_fd >= 0) {
      pump(ssl, client_fd, backend_fd);
      ::close(backend_fd);
    }
    SSL_shutdown(ssl);
  }
  SSL_free(ssl);
  ERR_clear_error();
  std::lock_guard lock(mutex_);
  ::close(client_fd);
  open_.erase(client_fd);
  idle_.notify_all();
}

void tls_terminator::stop() {
  if (ctx_ == nullptr)
    return;
  stopping_ = true;
  if (acceptor_.joinable())
    acceptor_.join();
  ::close(listen_fd_);
  listen_fd_ = -1;
  {
    std::unique_lock lock(mutex_);
    for (int fd : open_)
      ::shutdown(fd, SHUT_RDWR);  // wakes the relays; each closes its own socket
    idle_.wait(lock, [this] { return open_.empty(); });
  }
  SSL_CTX_free(ctx_);
  ctx_ = nullptr;
  port_ = 0;
}

}  // namespace sluice::http
