// The bearer token and the option helpers of http/server.hpp, over a real socket.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>

#include <doctest/doctest.h>

#include "http/server.hpp"

using namespace sluice::http;

namespace {

// One request, the whole reply (the server closes every connection).
std::string send_raw(std::uint16_t port, const std::string& raw) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return {};
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  std::string reply;
  if (::connect(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) == 0 &&
      ::send(fd, raw.data(), raw.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(raw.size())) {
    char buf[4096];
    for (ssize_t n; (n = ::recv(fd, buf, sizeof buf, 0)) > 0;) reply.append(buf, static_cast<std::size_t>(n));
  }
  ::close(fd);
  return reply;
}

int status_with(std::uint16_t port, const std::string& path, const std::string& auth_header,
                std::string* reply_out = nullptr) {
  std::string raw = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n";
  if (!auth_header.empty()) raw += "Authorization: " + auth_header + "\r\n";
  const std::string reply = send_raw(port, raw + "\r\n");
  if (reply_out) *reply_out = reply;
  return reply.rfind("HTTP/1.1 ", 0) == 0 ? std::stoi(reply.substr(9, 3)) : -1;
}

std::string write_temp(const std::string& text) {
  char name[] = "/tmp/sluice-token-XXXXXX";
  const int fd = ::mkstemp(name);
  REQUIRE(fd >= 0);
  ::close(fd);
  std::ofstream(name) << text;
  return name;
}

}  // namespace

TEST_CASE("bearer token: required outside the exempt paths, compared exactly") {
  server_options options;
  options.listen = "127.0.0.1:0";
  options.auth_token = "s3cret-token";
  options.auth_exempt = {"/healthz"};
  options.max_body_bytes = 64;
  auto ok = [](const request&) { return response::json(200, {{"ok", true}}); };
  server s(router({{"GET", "/healthz", "h", ok}, {"GET", "/private", "p", ok}, {"POST", "/private", "p", ok}}),
           options);
  auto started = s.start();
  REQUIRE_MESSAGE(started, (started ? "" : started.error()));
  const std::uint16_t port = s.port();

  CHECK(status_with(port, "/healthz", "") == 200);
  std::string reply;
  CHECK(status_with(port, "/private", "", &reply) == 401);
  CHECK(reply.find("WWW-Authenticate: Bearer") != std::string::npos);
  CHECK(reply.find("\"error_code\":401") != std::string::npos);
  CHECK(status_with(port, "/private", "Bearer s3cret-token") == 200);
  CHECK(status_with(port, "/private", "bearer s3cret-token") == 200);
  CHECK(status_with(port, "/private", "Bearer s3cret-tokeN", &reply) == 401);
  CHECK(reply.find("s3cret") == std::string::npos);
  CHECK(status_with(port, "/private", "Bearer s3cret-toke") == 401);
  CHECK(status_with(port, "/private", "Bearer s3cret-token2") == 401);
  CHECK(status_with(port, "/private", "Basic s3cret-token") == 401);
  CHECK(status_with(port, "/private", "Bearer ") == 401);
  CHECK(status_with(port, "/no/such/route", "") == 401);  // no route map for strangers
  CHECK(status_with(port, "/no/such/route", "Bearer s3cret-token") == 404);

  // The token is checked before the body limit: a stranger cannot make the server read.
  const std::string big(100, 'x');
  const std::string post_head = "POST /private HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Length: " +
                                std::to_string(big.size()) + "\r\n";
  CHECK(send_raw(port, post_head + "\r\n" + big).rfind("HTTP/1.1 401", 0) == 0);
  CHECK(send_raw(port, post_head + "Authorization: Bearer s3cret-token\r\n\r\n" + big).rfind("HTTP/1.1 413", 0) == 0);
}

TEST_CASE("token files") {
  const std::string good = write_temp("  abc.DEF-123_x \n");
  auto token = read_token_file(good);
  REQUIRE(token.has_value());
  CHECK(*token == "abc.DEF-123_x");

  const std::string blank = write_temp(" \n\t");
  CHECK(read_token_file(blank).error().find("is empty") != std::string::npos);
  const std::string spaced = write_temp("two words\n");
  auto bad = read_token_file(spaced);
  REQUIRE_FALSE(bad.has_value());
  CHECK(bad.error().find("two") == std::string::npos);  // the content is never echoed
  CHECK(read_token_file("/nonexistent/token").error().find("/nonexistent/token") != std::string::npos);
  for (const auto& f : {good, blank, spaced}) std::remove(f.c_str());
}

TEST_CASE("split_list") {
  CHECK(split_list("/healthz,/metrics") == std::vector<std::string>{"/healthz", "/metrics"});
  CHECK(split_list("") == std::vector<std::string>{});
  CHECK(split_list(",/a,,") == std::vector<std::string>{"/a"});
}

TEST_CASE("TLS options must come in pairs") {
  server_options options;
  options.listen = "127.0.0.1:0";
  options.tls_cert_file = "/nonexistent/cert.pem";
  server s(router({}), options);
  auto started = s.start();
  REQUIRE_FALSE(started.has_value());
  CHECK(started.error().find("both") != std::string::npos);
}

TEST_CASE("TLS: unreadable certificate files stop the start with the file named") {
  server_options options;
  options.listen = "127.0.0.1:0";
  options.tls_cert_file = "/nonexistent/cert.pem";
  options.tls_key_file = "/nonexistent/key.pem";
  server s(router({}), options);
  auto started = s.start();
  REQUIRE_FALSE(started.has_value());
  CHECK(started.error().find("/nonexistent/cert.pem") != std::string::npos);
  CHECK(s.port() == 0);
}
