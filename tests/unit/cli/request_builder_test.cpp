#include "cli/request_builder.hpp"

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

using namespace sluice::cli;
using nlohmann::json;

namespace {

file_reader fake_files(std::map<std::string, std::string> files) {
  return [files = std::move(files)](const std::string& path) -> tl::expected<std::string, file_error> {
    if (path == "locked.yaml") return tl::unexpected(file_error{false, "Permission denied"});
    auto it = files.find(path);
    if (it == files.end()) return tl::unexpected(file_error{true, "No such file or directory"});
    return it->second;
  };
}

api_request build_ok(const command& cmd, const file_reader& read) {
  auto req = build_request(cmd, read);
  REQUIRE_MESSAGE(req.has_value(), (req ? "" : req.error()));
  return *req;
}

}  // namespace

TEST_CASE("operate-source create sends each file's name and text") {
  const auto read = fake_files({{"conf/a.yaml", "source-id: a\n"}, {"b.yaml", "source-id: b\n"}});
  const api_request req = build_ok(operate_source_create{{"conf/a.yaml", "b.yaml"}}, read);
  CHECK(req.method == "POST");
  CHECK(req.target == "/api/v1/ctl/operate-source");
  const json body = json::parse(req.body);
  CHECK(body["op"] == "create");
  REQUIRE(body["files"].size() == 2);
  CHECK(body["files"][0]["name"] == "conf/a.yaml");
  CHECK(body["files"][0]["content"] == "source-id: a\n");
  CHECK(body["files"][1]["name"] == "b.yaml");

  auto missing = build_request(operate_source_create{{"b.yaml", "nope.yaml"}}, read);
  REQUIRE_FALSE(missing);
  CHECK(missing.error() == "cannot read nope.yaml: No such file or directory");
}

TEST_CASE("operate-source show and stop") {
  const auto read = fake_files({{"source.yaml", "source-id: mysql-01\n"}});
  const json show = json::parse(build_ok(operate_source_show{{"mysql-01"}}, read).body);
  CHECK(show["op"] == "show");
  CHECK(show["sources"] == json::array({"mysql-01"}));
  CHECK(json::parse(build_ok(operate_source_show{}, read).body)["sources"] == json::array());

  const json stop = json::parse(
      build_ok(operate_source_stop{{"source.yaml", "mysql-02"}, {"mysql-03"}}, read).body);
  CHECK(stop["op"] == "stop");
  REQUIRE(stop["files"].size() == 1);
  CHECK(stop["files"][0]["content"] == "source-id: mysql-01\n");
  CHECK(stop["sources"] == json::array({"mysql-03", "mysql-02"}));

  // A missing argument that looks like a path is a typo, not a source name.
  auto typo = build_request(operate_source_stop{{"sourec.yaml"}, {}}, read);
  REQUIRE_FALSE(typo);
  CHECK(typo.error().find("cannot read sourec.yaml") == 0);
  CHECK_FALSE(build_request(operate_source_stop{{"dir/mysql-01"}, {}}, read));
  CHECK_FALSE(build_request(operate_source_stop{{"locked.yaml"}, {}}, read));
}

TEST_CASE("task requests") {
  const auto read = fake_files({{"task.yaml", "name: test\n"}});
  const api_request start = build_ok(start_task{"task.yaml"}, read);
  CHECK(start.target == "/api/v1/ctl/start-task");
  CHECK(json::parse(start.body) == json{{"name", "task.yaml"}, {"content", "name: test\n"}});
  CHECK_FALSE(build_request(start_task{"other.yaml"}, read));

  const api_request all = build_ok(query_status{}, read);
  CHECK(all.method == "GET");
  CHECK(all.target == "/api/v1/ctl/query-status");
  CHECK(all.body.empty());
  CHECK(build_ok(query_status{"a b&c"}, read).target == "/api/v1/ctl/query-status?task=a%20b%26c");

  const api_request pause = build_ok(operate_task{task_op::pause, "test"}, read);
  CHECK(pause.target == "/api/v1/ctl/pause-task");
  CHECK(json::parse(pause.body) == json{{"task", "test"}});
  CHECK(build_ok(operate_task{task_op::resume, "t"}, read).target == "/api/v1/ctl/resume-task");
  CHECK(build_ok(operate_task{task_op::stop, "t"}, read).target == "/api/v1/ctl/stop-task");
}

TEST_CASE("url_encode") {
  CHECK(url_encode("test-1.a_b~") == "test-1.a_b~");
  CHECK(url_encode("a/b?c=d") == "a%2Fb%3Fc%3Dd");
  CHECK(url_encode("\xc3\xbc") == "%C3%BC");
  CHECK(url_encode("").empty());
}

TEST_CASE("disk_reader reads files and tells missing from unreadable") {
  const auto dir = std::filesystem::temp_directory_path() /
                   ("sluicectl-test-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const auto file = dir / "source.yaml";
  std::string big(200000, 'x');
  big += "\nend\n";
  std::ofstream(file, std::ios::binary) << big;

  const file_reader read = disk_reader();
  auto text = read(file.string());
  REQUIRE(text);
  CHECK(*text == big);

  auto missing = read((dir / "missing.yaml").string());
  REQUIRE_FALSE(missing);
  CHECK(missing.error().missing);
  CHECK(missing.error().reason == "No such file or directory");

  auto directory = read(dir.string());
  REQUIRE_FALSE(directory);
  CHECK_FALSE(directory.error().missing);

  std::filesystem::remove_all(dir);
}
