#include "http/openapi_input.hpp"

#include <doctest/doctest.h>

#include "config/source_config.hpp"
#include "config/task_config.hpp"
#include "http/openapi_json.hpp"

using namespace sluice;

namespace {

// DM's example task, shaped as the OpenAPI docs show it.
nlohmann::json dm_task() {
  return nlohmann::json::parse(R"({
    "name": "task-1", "task_mode": "incremental", "meta_schema": "dm_meta",
    "enhance_online_schema_change": true, "on_duplicate": "ignore",
    "target_config": {"host": "127.0.0.1", "port": 4000, "user": "root", "password": "tpw"},
    "binlog_filter_rule": {"rule-1": {"ignore_event": ["delete"], "ignore_sql": ["^DROP"]},
                           "rule-2": {"ignore_event": ["truncate table"]}},
    "table_migrate_rule": [
      {"source": {"source_name": "mysql-01", "schema": "db1", "table": "t*"},
       "target": {"schema": "db_all", "table": "t_all"}, "binlog_filter_rule": ["rule-1", "rule-2"]},
      {"source": {"source_name": "mysql-01", "schema": "db2", "table": ""}},
      {"source": {"source_name": "mysql-02", "schema": "db3", "table": ""}, "target": {"schema": "db3_copy"}}],
    "source_config": {
      "full_migrate_conf": {"export_threads": 2, "import_threads": 3, "data_dir": "./x", "consistency": "flush"},
      "incr_migrate_conf": {"repl_threads": 8, "repl_batch": 64},
      "source_conf": [{"source_name": "mysql-01", "binlog_name": "mysql-bin.000002", "binlog_pos": 1234},
                      {"source_name": "mysql-02"}]}})");
}

config::task_config converted(const nlohmann::json& task) {
  auto yaml = http::task_yaml_from_openapi(task);
  REQUIRE_MESSAGE(yaml.has_value(), yaml.error());
  auto cfg = config::parse_task_config(*yaml, "task.json");
  REQUIRE_MESSAGE(cfg.has_value(), cfg.error().to_string());
  return *cfg;
}

std::string conversion_error(const nlohmann::json& task) {
  auto yaml = http::task_yaml_from_openapi(task);
  REQUIRE_FALSE(yaml.has_value());
  return yaml.error();
}

}  // namespace

TEST_CASE("a DM Task becomes the task.yaml DM would build") {
  const auto cfg = converted(dm_task());
  CHECK(cfg.name == "task-1");
  CHECK(cfg.task_mode == "incremental");
  CHECK(cfg.online_ddl);
  CHECK(cfg.target_database.port == 4000);
  CHECK(cfg.target_database.password == "tpw");
  REQUIRE(cfg.mysql_instances.size() == 2);

  const auto& a = cfg.mysql_instances[0];
  CHECK(a.source_id == "mysql-01");
  REQUIRE(a.meta.has_value());
  CHECK(a.meta->binlog_name == "mysql-bin.000002");
  CHECK(a.meta->binlog_pos == 1234);
  CHECK(a.syncer.worker_count == 8);
  CHECK(a.syncer.batch == 64);
  CHECK(a.mydumper.threads == 2);
  CHECK(a.mydumper.extra_args == "--consistency flush");
  CHECK(a.loader.pool_size == 3);
  CHECK(a.loader.dir == "./x");
  CHECK(a.loader.on_duplicate_logical == "ignore");
  CHECK(a.ba_rule.do_dbs == std::vector<std::string>{"db2"});
  REQUIRE(a.ba_rule.do_tables.size() == 1);
  CHECK(a.ba_rule.do_tables[0].db_name == "db1");
  REQUIRE(a.route_rules.size() == 1);
  const auto& route = cfg.routes.at(a.route_rules[0]);
  CHECK(route.schema_pattern == "db1");
  CHECK(route.table_pattern == "t*");
  CHECK(route.target_table == "t_all");
  // Both named templates merged into one Ignore rule over the migrate rule's tables.
  REQUIRE(a.filter_rules.size() == 1);
  const auto& filter = cfg.filters.at(a.filter_rules[0]);
  CHECK(filter.action == config::filter_action::ignore);
  CHECK(filter.schema_pattern == "db1");
  CHECK(filter.table_pattern == "t*");
  CHECK(filter.events == std::vector<std::string>{"delete", "truncate table"});
  CHECK(filter.sql_patterns == std::vector<std::string>{"^DROP"});

  const auto& b = cfg.mysql_instances[1];
  CHECK_FALSE(b.meta.has_value());
  CHECK(cfg.routes.at(b.route_rules.at(0)).target_schema == "db3_copy");
  CHECK(b.ba_rule.do_dbs == std::vector<std::string>{"db3"});
}

TEST_CASE("DM Task -> task.yaml -> DM Task keeps DM's fields") {
  const auto back = http::openapi_task_json(converted(dm_task()));
  CHECK(back["name"] == "task-1");
  CHECK(back["on_duplicate"] == "ignore");
  CHECK(back["target_config"]["password"] == "******");
  CHECK(back["source_config"]["incr_migrate_conf"]["repl_threads"] == 8);
  CHECK(back["source_config"]["source_conf"][0]["binlog_pos"] == 1234);
  CHECK(back["table_migrate_rule"].size() == 3);
}

TEST_CASE("malformed Tasks are refused with the field named") {
  auto t = dm_task();
  t.erase("name");
  CHECK(conversion_error(t).find("task.name") != std::string::npos);
  t = dm_task();
  t.erase("target_config");
  CHECK(conversion_error(t).find("task.target_config") != std::string::npos);
  t = dm_task();
  t["source_config"]["source_conf"] = nlohmann::json::array();
  CHECK(conversion_error(t).find("source_conf") != std::string::npos);
  t = dm_task();
  t["table_migrate_rule"][0]["binlog_filter_rule"] = {"no-such-rule"};
  CHECK(conversion_error(t).find("no-such-rule") != std::string::npos);
  t = dm_task();
  t["table_migrate_rule"][1]["source"]["source_name"] = "mysql-99";
  CHECK(conversion_error(t).find("table_migrate_rule[1]") != std::string::npos);
  t = dm_task();
  t["table_migrate_rule"] = "not a list";
  CHECK(conversion_error(t).find("expected a list") != std::string::npos);
  CHECK(conversion_error(nlohmann::json::array()).find("expected an object") != std::string::npos);

  // Values are left to the task.yaml parser, which names the key.
  t = dm_task();
  t["target_config"]["port"] = "not a port";
  auto yaml = http::task_yaml_from_openapi(t);
  REQUIRE(yaml.has_value());
  auto cfg = config::parse_task_config(*yaml, "task.json");
  REQUIRE_FALSE(cfg.has_value());
  CHECK(cfg.error().to_string().find("target-database.port") != std::string::npos);
}

TEST_CASE("a DM Source becomes a source.yaml") {
  const auto source = nlohmann::json::parse(R"({
    "source_name": "mysql-01", "host": "10.1.1.1", "port": 3307, "user": "repl", "password": "pw",
    "enable_gtid": true, "enable": false, "flavor": "mysql",
    "security": {"ssl_ca_content": "CA", "ssl_cert_content": "CERT", "ssl_key_content": "KEY",
                 "cert_allowed_cn": ["cn1"]},
    "purge": {"interval": 60, "expires": 2, "remain_space": 3},
    "relay_config": {"enable_relay": false, "relay_dir": "./r"}})");
  auto yaml = http::source_yaml_from_openapi(source);
  REQUIRE_MESSAGE(yaml.has_value(), yaml.error());
  auto cfg = config::parse_source_config(*yaml, "source.json");
  REQUIRE_MESSAGE(cfg.has_value(), cfg.error().to_string());
  CHECK(cfg->source_id == "mysql-01");
  CHECK(cfg->from.host == "10.1.1.1");
  CHECK(cfg->from.port == 3307);
  CHECK(cfg->from.password == "pw");
  CHECK(cfg->enable_gtid);
  CHECK_FALSE(cfg->enable);
  CHECK(cfg->flavor == "mysql");
  CHECK(cfg->from.security.ssl_key_pem == "KEY");
  CHECK(cfg->from.security.cert_allowed_cn == std::vector<std::string>{"cn1"});
  CHECK(cfg->purge.interval == 60);
  CHECK(cfg->relay_dir == "./r");

  auto minimal = http::source_yaml_from_openapi(nlohmann::json{{"source_name", "m"}, {"host", "h"}});
  REQUIRE(minimal.has_value());
  auto minimal_cfg = config::parse_source_config(*minimal, "source.json");
  REQUIRE(minimal_cfg.has_value());
  CHECK(minimal_cfg->enable);  // DM's schema requires `enable`; Sluice defaults it to true

  CHECK_FALSE(http::source_yaml_from_openapi(nlohmann::json{{"host", "h"}}).has_value());
  CHECK_FALSE(http::source_yaml_from_openapi(nlohmann::json{{"source_name", "m"}, {"purge", 1}}).has_value());
}
