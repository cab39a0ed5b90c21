#pragma once
// HTTPS for the embedded server. Debian 12's civetweb 1.15 cannot use OpenSSL 3: it loads
// libssl at run time and insists on SSL_get_peer_certificate, which OpenSSL 3 no longer exports
// (its only missing symbol). So TLS ends here, with OpenSSL linked normally, and each decrypted
// connection is relayed to the plain civetweb server on a loopback port.

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <set>
#include <string>
#include <thread>

#include <tl/expected.hpp>

struct ssl_ctx_st;

namespace sluice::http {

/// Accepts TLS 1.2+ connections on one address and relays each, decrypted, to
/// 127.0.0.1:backend_port, one thread per connection (at most 64 at once; more are closed).
/// A connection idle for 30 s is closed. stop() (or the destructor) closes the listener, cuts
/// the open connections and joins every thread.
class tls_terminator {
 public:
  tls_terminator() = default;
  ~tls_terminator();
  tls_terminator(const tls_terminator&) = delete;
  tls_terminator& operator=(const tls_terminator&) = delete;

  /// Loads the PEM certificate (chain) and key, binds host:port (0 = any free port).
  tl::expected<void, std::string> start(const std::string& cert_file, const std::string& key_file,
                                        const std::string& host, std::uint16_t port, std::uint16_t backend_port);
  void stop();
  std::uint16_t port() const { return port_; }

 private:
  void accept_loop();
  void relay(int client_fd);

  ssl_ctx_st* ctx_ = nullptr;
  int listen_fd_ = -1;
  std::uint16_t port_ = 0;
  std::uint16_t backend_port_ = 0;
  std::atomic<bool> stopping_{false};
  std::thread acceptor_;
  std::mutex mutex_;
  std::condition_variable idle_;
  std::set<int> open_;  // client sockets being relayed
};

}  // namespace sluice::http
