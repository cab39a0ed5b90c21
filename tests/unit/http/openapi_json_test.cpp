#include "http/openapi_json.hpp"

#include <doctest/doctest.h>

#include "http/config_json.hpp"
#include "test_data.hpp"

using namespace sluice;
using json = nlohmann::ordered_json;
using sluice::http::testing::read_test_file;

namespace {

config::task_config full_task() {
  auto parsed = config::parse_task_config(read_test_file("full-task.yaml"), "full-task.yaml");
  REQUIRE_MESSAGE(parsed.has_value(), parsed.error().to_string());
  return *parsed;
}

const json* find_rule(const json& rules, const std::string& source, const std::string& schema,
                      const std::string& table) {
  for (const auto& r : rules)
    if (r["source"]["source_name"] == source && r["source"]["schema"] == schema && r["source"]["table"] == table)
      return &r;
  return nullptr;
}

}  // namespace

TEST_CASE("Task: DM's fields from full-task.yaml") {
  const json t = http::openapi_task_json(full_task());
  CHECK(t["name"] == "full-task");
  CHECK(t["task_mode"] == "incremental");
  CHECK_FALSE(t.contains("shard_mode"));  // DM leaves it out when unset
  CHECK(t["strict_optimistic_shard_mode"] == false);
  CHECK(t["meta_schema"] == "full_meta");
  CHECK(t["enhance_online_schema_change"] == false);
  CHECK(t["on_duplicate"] == "error");
  CHECK(t["target_config"]["host"] == "127.0.0.1");
  CHECK(t["target_config"]["user"] == "rest_user");
  CHECK(t["target_config"]["password"] == "******");
  CHECK(t["target_config"]["security"]["cert_allowed_cn"] == json::array({"sluice-target"}));
  CHECK(t["target_config"]["security"]["ssl_key_content"] == "");
  CHECK(t["ignore_checking_items"] == json::array({"version", "auto_increment_ID"}));

  // Only the Ignore rule fits DM's binlog_filter_rule.
  REQUIRE(t["binlog_filter_rule"].size() == 1);
  CHECK(t["binlog_filter_rule"]["filter-ignore"]["ignore_event"] == json::array({"truncate table", "drop table"}));
  CHECK(t["binlog_filter_rule"]["filter-ignore"]["ignore_sql"].size() == 2);

  const json& rules = t["table_migrate_rule"];
  const json* route = find_rule(rules, "full-src-a", "full_db", "t_route*");
  REQUIRE(route != nullptr);
  CHECK((*route)["target"]["schema"] == "full_target");
  CHECK((*route)["target"]["table"] == "t_routed");
  CHECK((*route)["binlog_filter_rule"] == json::array({"filter-ignore"}));
  const json* schema_route = find_rule(rules, "full-src-a", "full_db", "");
  REQUIRE(schema_route != nullptr);
  CHECK_FALSE((*schema_route)["target"].contains("table"));
  CHECK(find_rule(rules, "full-src-a", "~^full_re.*", "") != nullptr);  // do-dbs
  CHECK(find_rule(rules, "full-src-b", "full_db", "t_*") != nullptr);   // do-tables

  const json& sc = t["source_config"];
  CHECK(sc["incr_migrate_conf"]["repl_threads"] == 6);  // syncer-thread over the named syncer
  CHECK(sc["incr_migrate_conf"]["repl_batch"] == 50);
  CHECK(sc["full_migrate_conf"]["export_threads"] == 12);
  CHECK(sc["full_migrate_conf"]["import_threads"] == 24);
  CHECK(sc["full_migrate_conf"]["data_dir"] == "./dumped-x");
  CHECK(sc["full_migrate_conf"]["consistency"] == "none");
  CHECK(sc["full_migrate_conf"]["import_mode"] == "physical");
  CHECK(sc["full_migrate_conf"]["pd_addr"] == "127.0.0.1:2379");
  REQUIRE(sc["source_conf"].size() == 2);
  CHECK(sc["source_conf"][1]["source_name"] == "full-src-b");
  CHECK(sc["source_conf"][1]["binlog_name"] == "mysql-bin.000001");
  CHECK(sc["source_conf"][1]["binlog_pos"] == 4);
  CHECK(sc["source_conf"][1]["binlog_gtid"] == "0-1-1");

  CHECK(t["task_config"] == http::task_config_json(full_task(), true));
  CHECK(t.dump().find("R3st-Secret-Pw") == std::string::npos);
}

TEST_CASE("Source: DM's fields, password always obfuscated") {
  auto parsed = config::parse_source_config(read_test_file("full-task-source.yaml"), "source.yaml");
  REQUIRE(parsed.has_value());
  const json s = http::openapi_source_json(*parsed);
  CHECK(s["source_name"] == "full-src-a");
  CHECK(s["host"] == "127.0.0.1");
  CHECK(s["port"] == 3306);
  CHECK(s["user"] == "rest_user");
  CHECK(s["password"] == "******");
  CHECK(s["enable_gtid"] == false);
  CHECK(s["enable"] == true);
  CHECK(s["flavor"] == "mariadb");
  CHECK(s["security"]["cert_allowed_cn"] == json::array({"sluice-source"}));
  CHECK(s["purge"]["remain_space"] == 20);
  CHECK(s["relay_config"]["relay_dir"] == "./relay-full");
  CHECK(s["source_config"]["server-id"] == 4242);
  CHECK(s.dump().find("R3st-Secret-Pw") == std::string::npos);
}

TEST_CASE("SubTaskStatus from dmctl's query-status") {
  const json dmctl = json::parse(R"js({"result": true, "msg": "", "sources": [{
      "result": true, "msg": "",
      "sourceStatus": {"source": "mysql-01", "worker": "127.0.0.1:8261", "result": null, "relayStatus": null},
      "subTaskStatus": [{"name": "t1", "stage": "Paused", "unit": "Sync",
        "result": {"isCanceled": false, "errors": [{"ErrCode": 10006, "ErrClass": "database", "ErrScope": "downstream",
                   "ErrLevel": "high", "Message": "boom", "RawCause": "Error 1146", "Workaround": ""}]},
        "unresolvedDDLLockID": "",
        "sync": {"totalEvents": "19", "totalTps": "2", "recentTps": "1", "masterBinlog": "(mysql-bin.000001, 900)",
                 "masterBinlogGtid": "", "syncerBinlog": "(mysql-bin.000001, 800)", "syncerBinlogGtid": "",
                 "blockingDDLs": [], "unresolvedGroups": [], "synced": false, "binlogType": "remote",
                 "secondsBehindMaster": "7"}}]}]})js");
  const json list = http::openapi_subtask_statuses(dmctl);
  REQUIRE(list.size() == 1);
  const json& s = list[0];
  CHECK(s["name"] == "t1");
  CHECK(s["source_name"] == "mysql-01");
  CHECK(s["worker_name"] == "127.0.0.1:8261");
  CHECK(s["stage"] == "Paused");
  CHECK(s["unit"] == "Sync");
  CHECK(s["sync_status"]["total_events"] == 19);
  CHECK(s["sync_status"]["seconds_behind_master"] == 7);
  CHECK(s["sync_status"]["master_binlog"] == "(mysql-bin.000001, 900)");
  CHECK(s["sync_status"]["synced"] == false);
  CHECK(s["error_msg"] ==
        "[code=10006:class=database:scope=downstream:level=high], Message: boom, RawCause: Error 1146.\n");
  CHECK(http::openapi_subtask_statuses(json::object()).empty());
}
