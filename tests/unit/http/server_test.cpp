#include "http/server.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <stdexcept>
#include <thread>
#include <vector>

#include <doctest/doctest.h>

using namespace sluice::http;

namespace {

// A deliberately independent client: plain sockets, so the server is not tested by itself.
std::string round_trip(std::uint16_t port, const std::string& raw_request) {
  // No REQUIRE here: this runs on client threads too; a failure shows as status -1.
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return {};
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    return {};
  }
  std::size_t sent = 0;
  while (sent < raw_request.size()) {
    const ssize_t n = ::send(fd, raw_request.data() + sent, raw_request.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) break;  // the server may refuse a body it will not read
    sent += static_cast<std::size_t>(n);
  }
  // Read until the declared Content-Length is complete: the server may keep the socket open
  // for a while to drain a body it refused.
  std::string reply;
  char buf[4096];
  while (true) {
    const std::size_t head_end = reply.find("\r\n\r\n");
    if (head_end != std::string::npos) {
      const std::size_t at = reply.find("Content-Length: ");
      if (at != std::string::npos && at < head_end &&
          reply.size() >= head_end + 4 + std::stoul(reply.substr(at + 16)))
        break;
    }
    const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) break;
    reply.append(buf, static_cast<std::size_t>(n));
  }
  ::close(fd);
  return reply;
}

std::string get(std::uint16_t port, const std::string& target) {
  return round_trip(port, "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
}

std::string post(std::uint16_t port, const std::string& target, const std::string& body) {
  return round_trip(port, "POST " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n" +
                            "Content-Type: application/json\r\nContent-Length: " +
                            std::to_string(body.size()) + "\r\n\r\n" + body);
}

int status_of(const std::string& reply) {
  if (reply.rfind("HTTP/1.1 ", 0) != 0 || reply.size() < 12) return -1;
  return std::stoi(reply.substr(9, 3));
}

std::string body_of(const std::string& reply) {
  const std::size_t end = reply.find("\r\n\r\n");
  return end == std::string::npos ? std::string{} : reply.substr(end + 4);
}

router test_routes() {
  return router({
      {"GET", "/healthz", "liveness", [](const request&) {
         return response::json(200, {{"status", "ok"}});
       }},
      {"POST", "/echo", "echo the body", [](const request& r) {
         return response::text(200, r.body);
       }},
      {"GET", "/query", "echo a query parameter", [](const request& r) {
         return response::json(200, {{"task", r.query_param("task").value_or("<none>")},
                                     {"remote", r.remote_addr}});
       }},
      {"GET", "/tasks/{name}/status", "status", [](const request& r) {
         return response::json(200, {{"name", r.params.at("name")}});
       }},
      {"GET", "/boom", "throws", [](const request&) -> response {
         throw std::runtime_error("handler failed");
       }},
  });
}

}  // namespace

TEST_CASE("parse_listen") {
  auto ok = parse_listen("127.0.0.1:8261");
  REQUIRE(ok);
  CHECK(ok->host == "127.0.0.1");
  CHECK(ok->port == 8261);
  CHECK(parse_listen("localhost:0")->host == "127.0.0.1");
  CHECK(parse_listen("0.0.0.0:65535")->port == 65535);
  CHECK_FALSE(parse_listen("127.0.0.1"));
  CHECK_FALSE(parse_listen("127.0.0.1:"));
  CHECK_FALSE(parse_listen("127.0.0.1:65536"));
  CHECK_FALSE(parse_listen("127.0.0.1:80x"));
  CHECK_FALSE(parse_listen("example.com:80"));
  CHECK(parse_listen("nohost:1").error().find("IPv4") != std::string::npos);
}

// One server for the whole case: civetweb's stop takes up to two seconds (its poll quantum).
TEST_CASE("a real server answers over a socket") {
  server s(test_routes(), "127.0.0.1:0", 1024);
  auto started = s.start();
  REQUIRE_MESSAGE(started, (started ? "" : started.error()));
  const std::uint16_t port = s.port();
  REQUIRE(port != 0);

  {  // GET with JSON
    const std::string reply = get(port, "/healthz");
    CHECK(status_of(reply) == 200);
    CHECK(reply.find("Content-Type: application/json") != std::string::npos);
    CHECK(nlohmann::json::parse(body_of(reply))["status"] == "ok");
  }
  {  // POST body reaches the handler
    const std::string reply = post(port, "/echo", R"({"task":"test"})");
    CHECK(status_of(reply) == 200);
    CHECK(body_of(reply) == R"({"task":"test"})");
  }
  {  // query string is passed raw and decoded on demand
    const auto body = nlohmann::json::parse(body_of(get(port, "/query?task=a%20b&x=1")));
    CHECK(body["task"] == "a b");
    CHECK(body["remote"] == "127.0.0.1");
  }
  {  // path captures and traversal
    CHECK(nlohmann::json::parse(body_of(get(port, "/tasks/t1/status")))["name"] == "t1");
    const std::string reply = get(port, "/tasks/../status");
    CHECK(status_of(reply) == 400);
    CHECK(nlohmann::json::parse(body_of(reply))["error_code"] == 400);
  }
  {  // 404, 405 and the route list
    CHECK(status_of(get(port, "/nope")) == 404);
    const std::string reply = post(port, "/healthz", "");
    CHECK(status_of(reply) == 405);
    CHECK(reply.find("Allow: GET") != std::string::npos);
    const auto list = nlohmann::json::parse(body_of(get(port, "/")));
    CHECK(list["routes"].size() == 6);
  }
  {  // oversized bodies are refused with 413
    const std::string declared = round_trip(
        port, "POST /echo HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: 5000\r\n\r\nabc");
    CHECK(status_of(declared) == 413);
    CHECK(nlohmann::json::parse(body_of(declared))["error_code"] == 413);
    CHECK(status_of(post(port, "/echo", std::string(1024, 'x'))) == 200);
    CHECK(status_of(post(port, "/echo", std::string(1025, 'x'))) == 413);
  }
  {  // a throwing handler is a 500 and the server lives on
    const std::string reply = get(port, "/boom");
    CHECK(status_of(reply) == 500);
    CHECK(nlohmann::json::parse(body_of(reply))["error_msg"].get<std::string>().find(
              "handler failed") != std::string::npos);
    CHECK(status_of(get(port, "/healthz")) == 200);
  }
  {  // concurrent clients
    std::vector<std::thread> clients;
    std::vector<int> statuses(16, 0);
    for (std::size_t i = 0; i < statuses.size(); ++i) {
      clients.emplace_back([&, i] { statuses[i] = status_of(get(port, "/healthz")); });
    }
    for (auto& t : clients) t.join();
    for (int st : statuses) CHECK(st == 200);
  }
  s.stop();
  s.stop();  // idempotent
}

TEST_CASE("start reports a port that is already taken, and a bad listen string") {
  server first(test_routes(), "127.0.0.1:0");
  REQUIRE(first.start());
  server second(test_routes(), "127.0.0.1:" + std::to_string(first.port()));
  const auto result = second.start();
  REQUIRE_FALSE(result);
  CHECK(result.error().find("cannot listen on") != std::string::npos);

  server bad(test_routes(), "nowhere");
  CHECK_FALSE(bad.start());

  CHECK_FALSE(first.start());  // already started
}
