// End to end: sluicectl's run() against a real http::server with canned handlers.
#include "cli/sluicectl.hpp"

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <mutex>
#include <sstream>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "http/server.hpp"

using namespace sluice;
using nlohmann::json;

namespace {

struct recorded {
  std::mutex mutex;
  std::string method, path, query, body;
};

http::router fake_sluice(recorded& seen) {
  auto record = [&seen](const http::request& r) {
    std::lock_guard lock(seen.mutex);
    seen.method = r.method;
    seen.path = r.path;
    seen.query = r.query;
    seen.body = r.body;
  };
  return http::router({
      {"POST", "/api/v1/ctl/start-task", "", [record](const http::request& r) {
         record(r);
         return http::response::text(
             200, R"({"result":true,"msg":"","sources":[{"result":true,"msg":"","source":"mysql-01","worker":"w"}]})",
             "application/json");
       }},
      {"GET", "/api/v1/ctl/query-status", "", [record](const http::request& r) {
         record(r);
         const std::string task = r.query_param("task").value_or("");
         return http::response::json(
             task == "missing" ? 404 : 200,
             {{"result", task != "missing"}, {"msg", task == "missing" ? "task missing not found" : ""}});
       }},
  });
}

int run(const std::vector<std::string>& args, std::string& out, std::string& err) {
  std::ostringstream o, e;
  const int code = cli::run(args, o, e);
  out = o.str();
  err = e.str();
  return code;
}

// A port with nothing listening: bind one, note it, close it.
std::uint16_t dead_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  REQUIRE(::bind(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) == 0);
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  ::close(fd);
  return ntohs(addr.sin_port);
}

}  // namespace

TEST_CASE("sluicectl talks to a real server") {
  recorded seen;
  http::server server(fake_sluice(seen), "127.0.0.1:0");
  REQUIRE(server.start());
  const std::string addr = "--master-addr=127.0.0.1:" + std::to_string(server.port());
  std::string out, err;

  const auto dir = std::filesystem::temp_directory_path() /
                   ("sluicectl-e2e-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const std::string task_file = (dir / "task.yaml").string();
  std::ofstream(task_file) << "name: test\ntask-mode: incremental\n";

  CHECK(run({addr, "start-task", task_file}, out, err) == 0);
  CHECK(err.empty());
  CHECK(out.rfind("{\n    \"result\": true,\n    \"msg\": \"\",\n    \"sources\": [", 0) == 0);
  {
    std::lock_guard lock(seen.mutex);
    CHECK(seen.method == "POST");
    CHECK(seen.path == "/api/v1/ctl/start-task");
    CHECK(json::parse(seen.body) ==
          json{{"name", task_file}, {"content", "name: test\ntask-mode: incremental\n"}});
  }

  CHECK(run({addr, "query-status", "test"}, out, err) == 0);
  {
    std::lock_guard lock(seen.mutex);
    CHECK(seen.query == "task=test");
  }
  CHECK(run({"query-status", "missing", addr}, out, err) == 1);
  CHECK(out.find("task missing not found") != std::string::npos);

  // The server has no such route: its 404 error becomes a dmctl-shaped failure.
  CHECK(run({addr, "pause-task", "test"}, out, err) == 1);
  CHECK(out.find("answered HTTP 404: no route for /api/v1/ctl/pause-task") != std::string::npos);

  // A file that cannot be read never reaches the server.
  CHECK(run({addr, "start-task", (dir / "nope.yaml").string()}, out, err) == 1);
  CHECK(out.find("cannot read ") != std::string::npos);

  std::filesystem::remove_all(dir);
}

TEST_CASE("sluicectl reports an unreachable server and usage errors") {
  std::string out, err;
  const std::string where = "127.0.0.1:" + std::to_string(dead_port());
  CHECK(run({"--master-addr", where, "query-status"}, out, err) == 1);
  const json printed = json::parse(out);
  CHECK(printed["result"] == false);
  const std::string msg = printed["msg"];
  CHECK(msg.rfind("cannot reach sluice at " + where + ": ", 0) == 0);
  CHECK(msg.size() > ("cannot reach sluice at " + where + ": ").size());

  CHECK(run({"bogus"}, out, err) == 2);
  CHECK(out.empty());
  CHECK(err.rfind("sluicectl: unknown command bogus\n", 0) == 0);
  CHECK(err.find("Usage:") != std::string::npos);

  CHECK(run({"--help"}, out, err) == 0);
  CHECK(out.find("Usage:") != std::string::npos);
}
