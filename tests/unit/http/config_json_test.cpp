#include "http/config_json.hpp"

#include <doctest/doctest.h>

#include "test_data.hpp"

using namespace sluice;
using sluice::http::testing::read_test_file;

namespace {

config::task_config parse_task(const std::string& yaml, const char* name = "task.yaml") {
  auto parsed = config::parse_task_config(yaml, name);
  REQUIRE_MESSAGE(parsed.has_value(), parsed.error().to_string());
  return *parsed;
}

config::source_config parse_source(const std::string& yaml) {
  auto parsed = config::parse_source_config(yaml, "source.yaml");
  REQUIRE_MESSAGE(parsed.has_value(), parsed.error().to_string());
  return *parsed;
}

// Every key except those start-task refuses, with TLS files and inline PEM text.
constexpr const char* sharded_task = R"yaml(
name: sharded
task-mode: all
shard-mode: optimistic
strict-optimistic-shard-mode: true
online-ddl-scheme: gh-ost
target-database:
  host: "10.0.0.9"
  port: 4000
  user: "u"
  password: "target-pw"
  security:
    ssl-ca: /etc/ca.pem
    ssl-cert: /etc/cert.pem
    ssl-key: /etc/key.pem
    ssl-ca-bytes: "CA TEXT"
    ssl-cert-bytes: "CERT TEXT"
    ssl-key-bytes: "PRIVATE KEY TEXT"
mysql-instances:
  - source-id: s1
    meta:
      binlog-gtid: "3E11FA47-71CA-11E1-9E33-C80AA9429562:1-5"
)yaml";

}  // namespace

TEST_CASE("full-task.yaml: its JSON form is a task file that parses to the same config") {
  const auto cfg = parse_task(read_test_file("full-task.yaml"), "full-task.yaml");
  const auto text = http::task_config_json(cfg, false).dump(2);
  const auto again = parse_task(text, "full-task.json");
  CHECK(again == cfg);
  // The round trip is not vacuous: the file sets values other than the defaults.
  CHECK(cfg.meta_schema == "full_meta");
  CHECK(cfg.mysql_instances.size() == 2);
  CHECK(cfg.mysql_instances[0].syncer.worker_count == 6);
}

TEST_CASE("full-task.yaml: named unit configs stay named, overrides and inline configs stay visible") {
  const auto j = http::task_config_json(parse_task(read_test_file("full-task.yaml")), true);
  const auto& a = j["mysql-instances"][0];
  CHECK(a["syncer-config-name"] == "sync-global");
  CHECK(a["syncer-thread"] == 6);
  CHECK(a["mydumper-thread"] == 12);
  CHECK(a["loader-thread"] == 24);
  CHECK(a["validator-config-name"] == "check-global");
  CHECK_FALSE(a.contains("syncer"));
  const auto& b = j["mysql-instances"][1];
  CHECK(b["block-allow-list"] == "ba-main");  // written as black-white-list
  CHECK(b["syncer"]["safe-mode-duration"] == "20s");  // "" = 2 x checkpoint-flush-interval
  CHECK(b["loader"]["import-mode"] == "logical");     // "sql" is its old name
  CHECK(b["loader"]["on-duplicate-logical"] == "ignore");
  CHECK(b["meta"]["binlog-gtid"] == "0-1-1");
  CHECK(j["syncers"]["sync-global"]["safe-mode-duration"] == "45s");
  CHECK(j["validators"]["check-global"]["row-error-delay"] == "1h0m0s");
  CHECK(j["routes"]["route-table"]["extract-source"]["source-regexp"] == "full-src-(.*)");
  CHECK(j["filters"]["filter-error"]["action"] == "Error");
  CHECK(j["target-database"]["session"]["innodb_lock_wait_timeout"] == "50");
}

TEST_CASE("secrets are masked, never echoed") {
  const auto cfg = parse_task(read_test_file("full-task.yaml"));
  const auto masked = http::task_config_json(cfg, true);
  CHECK(masked["target-database"]["password"] == http::masked_secret);
  CHECK(masked.dump().find("R3st-Secret-Pw") == std::string::npos);
  CHECK(http::task_config_json(cfg, false)["target-database"]["password"] == "R3st-Secret-Pw");

  const auto sharded = parse_task(sharded_task);
  const auto j = http::task_config_json(sharded, true);
  CHECK(j["target-database"]["security"]["ssl-key-bytes"] == http::masked_secret);
  CHECK(j["target-database"]["security"]["ssl-cert-bytes"] == "CERT TEXT");
  CHECK(j.dump().find("PRIVATE KEY TEXT") == std::string::npos);
  CHECK(j.dump().find("target-pw") == std::string::npos);

  config::task_config no_password = sharded;
  no_password.target_database.password.clear();
  CHECK(http::task_config_json(no_password, true)["target-database"]["password"] == "");
}

TEST_CASE("the keys start-task refuses round-trip too") {
  const auto cfg = parse_task(sharded_task);
  CHECK(parse_task(http::task_config_json(cfg, false).dump()) == cfg);
  const auto j = http::task_config_json(cfg, false);
  CHECK(j["shard-mode"] == "optimistic");
  CHECK(j["strict-optimistic-shard-mode"] == true);
  CHECK(j["online-ddl"] == true);
  CHECK(j["mysql-instances"][0]["meta"]["binlog-pos"] == 4);
}

TEST_CASE("full-task-source.yaml: JSON form round-trips, password masked") {
  const auto cfg = parse_source(read_test_file("full-task-source.yaml"));
  CHECK(parse_source(http::source_config_json(cfg, false).dump()) == cfg);
  CHECK(cfg.server_id == 4242);
  const auto j = http::source_config_json(cfg, true);
  CHECK(j["from"]["password"] == http::masked_secret);
  CHECK(j.dump().find("R3st-Secret-Pw") == std::string::npos);
  CHECK(j["checker"]["backoff-max"] == "4m0s");
  CHECK(j["filters"][0]["sql-pattern"][0] == "^ALTER");
  CHECK(j["flavor"] == "mariadb");
}
