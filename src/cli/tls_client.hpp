#pragma once
// One HTTP/1.1 exchange over TLS with OpenSSL. civetweb 1.15's own TLS client cannot load
// OpenSSL 3 on Debian 12 (it looks for SSL_get_peer_certificate, which OpenSSL 3 dropped).

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include <tl/expected.hpp>

#include "cli/http_client.hpp"

namespace sluice::cli {

/// Connects to host:port, runs TLS 1.2+ (with `ca_file`: the server's certificate must chain to
/// it and name `host`; without: not verified), sends `request` (a complete HTTP/1.1 request
/// with `Connection: close`) and reads the reply until the server closes. `timeout` bounds
/// each socket read and write.
tl::expected<http_reply, std::string> tls_exchange(const std::string& host, std::uint16_t port,
                                                   const std::string& ca_file, std::string_view request,
                                                   std::chrono::milliseconds timeout);

/// Splits a raw HTTP/1.1 reply into status and body (honouring Content-Length).
tl::expected<http_reply, std::string> parse_http_reply(std::string_view raw);

}  // namespace sluice::cli
