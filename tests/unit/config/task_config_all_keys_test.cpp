#include <doctest/doctest.h>

// Every key of DM's task.yaml at once: the full-file acceptance test, kept apart from the
// focused cases in task_config_test.cpp.

#include "config/task_config.hpp"
#include "pipeline/block_allow_list.hpp"

using namespace std::chrono_literals;
using sluice::config::filter_action;
using sluice::config::parse_task_config;
using sluice::config::task_config;
using sluice::pipeline::block_allow_list;

namespace {

task_config parse_ok(std::string_view yaml) {
  auto parsed = parse_task_config(yaml, "task.yaml");
  REQUIRE_MESSAGE(parsed.has_value(), parsed.error().to_string());
  return *parsed;
}

}  // namespace

TEST_CASE("a task using every DM key parses") {
  const task_config t = parse_ok(R"yaml(
---
name: full-task
task-mode: all
is-sharding: true
strict-optimistic-shard-mode: false
meta-schema: "my_meta"
enable-heartbeat: false
heartbeat-update-interval: 1
heartbeat-report-interval: 10
timezone: "Asia/Shanghai"
case-sensitive: false
collation_compatible: strict
online-ddl: false
online-ddl-scheme: gh-ost
shadow-table-rules: ["^_(.+)_(?:new|gho)$", "^__(.+)_shadow$"]
trash-table-rules: []
clean-dump-file: false
ignore-checking-items: ["version", "auto_increment_ID"]
ansi-quotes: false
remove-meta: false
experimental:
  async-checkpoint-flush: true
mariadb2tidb:
  mode: "ON"
  strict-mode: false
  enabled-rules: [a]
  disabled-rules: [b]
target-database:
  host: "192.168.0.1"
  port: 4000
  user: "root"
  password: "pw"
  session:
    tidb_txn_mode: optimistic
    foreign_key_checks: 0
  security:
    ssl-ca: ca.pem
mysql-instances:
  -
    source-id: "instance118-4306"
    meta:
      binlog-name: mysql-bin.000001
      binlog-pos: 4
      binlog-gtid: "3E11FA47-71CA-11E1-9E33-C80AA9429562:1-5"
    route-rules: ["user-route-rules-schema", "user-route-rules"]
    filter-rules: ["user-filter-1", "user-filter-2"]
    expression-filters: ["even-only"]
    block-allow-list: "instance"
    mydumper-config-name: "global"
    loader-config-name: "global"
    syncer-config-name: "global"
    validator-config-name: "v"
    column-mapping-rules: []
  -
    source-id: "instance118-5306"
    meta:
      binlog-name: mysql-bin.000001
      binlog-pos: 320
    route-rules: ["user-route-rules-schema", "user-route-rules"]
    filter-rules: ["user-filter-2"]
    black-white-list: "instance"
    mydumper:
      threads: 4
      chunk-filesize: 64
      skip-tz-utc: true
      extra-args: "-B test"
    mydumper-thread: 16
    loader:
      pool-size: 16
      dir: "./dumped_data"
      import-mode: SQL
      on-duplicate: ignore
    loader-thread: 32
    syncer:
      worker-count: 16
      batch: 100
      enable-ansi-quotes: true
      disable-detect: true
      max-retry: 3
      meta-file: x
      auto-fix-gtid: false
      enable-gtid: false
routes:
  user-route-rules-schema:
    schema-pattern: "test_*"
    target-schema: "test"
  user-route-rules:
    schema-pattern: "test_*"
    table-pattern: "t_*"
    target-schema: "test"
    target-table: "t"
    extract-table:
      table-regexp: "t_(.*)"
      target-column: "c_table"
    extract-source:
      source-regexp: "(.*)"
      target-column: "c_source"
filters:
  user-filter-1:
    schema-pattern: "test_*"
    table-pattern: "t_*"
    events: ["truncate table", "drop table"]
    sql-pattern: ["^DROP\\s+PROCEDURE", "^CREATE\\s+PROCEDURE"]
    action: Ignore
  user-filter-2:
    schema-pattern: "test_*"
    events: ["all dml"]
    action: Do
expression-filter:
  even-only:
    schema: "expr_filter"
    table: "tbl"
    insert-value-expr: "c % 2 = 0"
block-allow-list:
  instance:
    do-dbs: ["~^test.*", "do"]
    ignore-dbs: ["mysql", "ignored"]
    do-tables:
    - db-name: "~^test.*"
      tbl-name: "~^t.*"
    - db-name: "do"
      tbl-name: "do"
    ignore-tables:
    - db-name: "test"
      tbl-name: "log"
column-mappings: {}
mydumpers:
  global:
    threads: 4
    chunk-filesize: 64
    skip-tz-utc: true
    extra-args: "-B test -T t1,t2 --consistency none"
    statement-size: 1000000
    rows: 10
    where: "id < 10"
    mydumper-path: ./bin/mydumper
loaders:
  global:
    pool-size: 0
    dir: "./dumped_data"
    import-mode: physical
    on-duplicate-logical: error
    on-duplicate-physical: manual
    checksum-physical: optional
    analyze: "off"
    disk-quota-physical: 10GB
    sorting-dir-physical: /tmp/sort
    range-concurrency: 4
    compress-kv-pairs: gz
    pd-addr: pd:2379
syncers:
  global:
    worker-count: 16
    batch: 100
validators:
  v:
    mode: fast
    worker-count: 8
    validate-interval: 20s
    check-interval: 0s
    row-error-delay: 1h
    meta-flush-interval: 1m
    batch-query-size: 50
    max-pending-row-size: 1GiB
    max-pending-row-count: 1000
)yaml");
  CHECK(t.shard_mode == "pessimistic");
  CHECK(t.meta_schema == "my_meta");
  CHECK(t.timezone == "Asia/Shanghai");
  CHECK(t.collation_compatible == "strict");
  CHECK(t.online_ddl);  // online-ddl-scheme switches it on
  CHECK(t.shadow_table_rules.size() == 2);
  CHECK(t.trash_table_rules == std::vector<std::string>{"^_(.+)_(?:ghc|del|old)$"});
  CHECK_FALSE(t.clean_dump_file);
  CHECK(t.ignore_checking_items == std::vector<std::string>{"version", "auto_increment_ID"});
  CHECK(t.async_checkpoint_flush);
  CHECK(t.mariadb2tidb.mode == "on");
  CHECK_FALSE(t.mariadb2tidb.strict_mode);
  CHECK(t.target_database.session.at("foreign_key_checks") == "0");
  CHECK(t.target_database.security.ssl_ca == "ca.pem");

  const auto& route = t.routes.at("user-route-rules");
  CHECK(route.table_pattern == "t_*");
  CHECK(route.target_table == "t");
  REQUIRE(route.extract_table.has_value());
  CHECK(route.extract_table->regexp == "t_(.*)");
  CHECK(route.extract_table->target_column == "c_table");
  CHECK_FALSE(route.extract_schema.has_value());
  CHECK(route.extract_source->target_column == "c_source");
  CHECK(t.routes.at("user-route-rules-schema").table_pattern.empty());
  CHECK(t.filters.at("user-filter-1").action == filter_action::ignore);
  CHECK(t.filters.at("user-filter-1").sql_patterns.size() == 2);
  CHECK(t.filters.at("user-filter-2").events == std::vector<std::string>{"all dml"});
  CHECK(t.expression_filters.at("even-only").insert_value_expr == "c % 2 = 0");

  const auto& first = t.mysql_instances.at(0);
  CHECK(first.meta->binlog_gtid == "3E11FA47-71CA-11E1-9E33-C80AA9429562:1-5");
  CHECK(first.route_rules == std::vector<std::string>{"user-route-rules-schema", "user-route-rules"});
  CHECK(first.filter_rules == std::vector<std::string>{"user-filter-1", "user-filter-2"});
  CHECK(first.expression_filters == std::vector<std::string>{"even-only"});
  CHECK(first.mydumper.statement_size == 1000000);
  CHECK(first.mydumper.where == "id < 10");
  CHECK(first.loader.pool_size == 16);  // 0 means the default
  CHECK(first.loader.import_mode == "physical");
  CHECK(first.loader.on_duplicate_logical == "error");
  CHECK(first.loader.on_duplicate_physical == "manual");
  CHECK(first.loader.analyze == "off");
  CHECK(first.loader.disk_quota_physical == "10GB");
  CHECK(first.validator.mode == "fast");
  CHECK(first.validator.worker_count == 8);
  CHECK(first.validator.validate_interval == 20s);
  CHECK(first.validator.check_interval == 5s);  // 0 means the default
  CHECK(first.validator.row_error_delay == 1h);
  CHECK(first.validator.max_pending_row_count == 1000);

  const auto& second = t.mysql_instances.at(1);
  CHECK(second.block_allow_list == "instance");  // through the legacy black-white-list key
  CHECK(second.ba_rule == t.block_allow_list.at("instance"));
  CHECK(second.mydumper.threads == 16);
  CHECK(second.mydumper.chunk_filesize == "64");
  CHECK(second.mydumper.extra_args == "-B test");
  CHECK(second.loader.pool_size == 32);
  CHECK(second.loader.import_mode == "logical");  // "sql" is the deprecated name
  CHECK(second.loader.on_duplicate_logical == "ignore");
  CHECK(second.syncer.worker_count == 16);

  const block_allow_list ba(second.ba_rule, t.case_sensitive);
  CHECK(ba.allows_table("test_1", "t_1"));
  CHECK(ba.allows_table("do", "do"));
  CHECK_FALSE(ba.allows_table("do", "other"));
  CHECK_FALSE(ba.allows_table("ignored", "t1"));
  CHECK_FALSE(ba.allows_table("test", "log"));
  CHECK(ba.allows_table("TEST", "Tab"));
}
