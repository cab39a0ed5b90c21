#include <doctest/doctest.h>

#include "config/task_config.hpp"
#include "pipeline/block_allow_list.hpp"

using namespace std::chrono_literals;
using sluice::config::filter_action;
using sluice::config::parse_task_config;
using sluice::config::task_config;
using sluice::pipeline::block_allow_list;

namespace {

// usage-scenario-incremental-migration.md, "完整的任务配置文件如下", verbatim.
constexpr std::string_view seed_task = R"yaml(name: test             # 任务名称，需要全局唯一
task-mode: incremental # 任务模式，可设为 "full"、"incremental"、"all"

target-database:       # 下游数据库实例配置
  host: "127.0.0.1"
  port: 4000
  user: "root"
  password: ""         # 如果密码不为空，则推荐使用经过 dmctl 加密的密文

## ******** 功能配置集 **********
block-allow-list:   # 上游数据库实例匹配的表的 block-allow-list 过滤规则集，如果 DM 版本早于 v2.0.0-beta.2 则使用 black-white-list
  bw-rule-1:        # 黑白名单配置项 ID
    do-dbs: ["log"] # 迁移哪些库
syncers:            # sync 处理单元的运行配置参数
  global:           # 配置名称
    safe-mode: true # 设置为 true，则将来自上游的 `INSERT` 改写为 `REPLACE`，将 `UPDATE` 改写为 `DELETE` 与 `REPLACE`，保证在表结构中存在主键或唯一索引的条件下迁移数据时可以重复导入 DML。在启动或恢复增量复制任务的前 5 分钟内 TiDB DM 会自动启动 safe mode

# ----------- 实例配置 -----------
mysql-instances:
  - source-id: "mysql-01"         # 上游实例或者复制组 ID
    block-allow-list: "bw-rule-1" # 黑白名单配置名称，如果 DM 版本早于 v2.0.0-beta.2 则使用 black-white-list
    syncer-config-name: "global"  # syncers 配置的名称
    meta:                         # `task-mode` 为 `incremental` 且下游数据库的 `checkpoint` 不存在时 binlog 迁移开始的位置; 如果 `checkpoint` 存在，则以 `checkpoint` 为 准
      binlog-name: mysql-bin.000001
      binlog-pos: 2022
)yaml";

task_config parse_ok(std::string_view yaml) {
  auto parsed = parse_task_config(yaml, "task.yaml");
  REQUIRE_MESSAGE(parsed.has_value(), parsed.error().to_string());
  return *parsed;
}

}  // namespace

TEST_CASE("the seed scenario's full task.yaml parses with the right values") {
  const task_config t = parse_ok(seed_task);
  CHECK(t.name == "test");
  CHECK(t.task_mode == "incremental");
  CHECK(t.shard_mode.empty());
  CHECK(t.meta_schema == "dm_meta");
  CHECK(t.timezone.empty());
  CHECK_FALSE(t.case_sensitive);
  CHECK(t.collation_compatible == "loose");
  CHECK(t.online_ddl);
  CHECK(t.clean_dump_file);
  CHECK(t.target_database.host == "127.0.0.1");
  CHECK(t.target_database.port == 4000);
  CHECK(t.target_database.user == "root");
  CHECK(t.target_database.password.empty());

  REQUIRE(t.block_allow_list.count("bw-rule-1") == 1);
  CHECK(t.block_allow_list.at("bw-rule-1").do_dbs == std::vector<std::string>{"log"});
  REQUIRE(t.syncers.count("global") == 1);
  CHECK(t.syncers.at("global").safe_mode);
  CHECK(t.routes.empty());
  CHECK(t.filters.empty());

  REQUIRE(t.mysql_instances.size() == 1);
  const auto& inst = t.mysql_instances[0];
  CHECK(inst.source_id == "mysql-01");
  CHECK(inst.block_allow_list == "bw-rule-1");
  CHECK(inst.syncer_config_name == "global");
  REQUIRE(inst.meta.has_value());
  CHECK(inst.meta->binlog_name == "mysql-bin.000001");
  CHECK(inst.meta->binlog_pos == 2022);
  CHECK(inst.meta->binlog_gtid.empty());
  // The named syncer, with DM's defaults for what it does not set.
  CHECK(inst.syncer.safe_mode);
  CHECK(inst.syncer.worker_count == 16);
  CHECK(inst.syncer.batch == 100);
  CHECK(inst.syncer.queue_size == 1024);
  CHECK(inst.syncer.checkpoint_flush_interval == 30);
  CHECK_FALSE(inst.syncer.compact);
  CHECK_FALSE(inst.syncer.multiple_rows);
  CHECK(inst.syncer.safe_mode_duration == 60s);
  CHECK(inst.ba_rule.do_dbs == std::vector<std::string>{"log"});

  // The rule replicates log.messages only.
  const block_allow_list ba(inst.ba_rule, t.case_sensitive);
  CHECK(ba.allows_table("log", "messages"));
  CHECK_FALSE(ba.allows_table("user", "information"));
  CHECK_FALSE(ba.allows_table("user", "log"));
  CHECK_FALSE(ba.allows_table("store", "store_bj"));
  CHECK_FALSE(ba.allows_table("store", "store_tj"));
  CHECK(ba.allows_schema("log"));
  CHECK_FALSE(ba.allows_schema("store"));
}

TEST_CASE("the seed's first task.yaml fragment lacks target-database, as DM would also report") {
  constexpr std::string_view fragment = R"yaml(name: test             # 任务名称，需要全局唯一
task-mode: incremental # 任务模式，可设为 "full"、"incremental"、"all"

mysql-instances:
  - source-id: "mysql-01" # 上游实例 ID
    meta:
      binlog-name: mysql-bin.000001
      binlog-pos: 2022
)yaml";
  auto parsed = parse_task_config(fragment, "task.yaml");
  REQUIRE_FALSE(parsed.has_value());
  CHECK(parsed.error().to_string() == R"(task.yaml:1:1: missing required key "target-database")");
}

TEST_CASE("defaults of a minimal task") {
  const task_config t = parse_ok(R"yaml(
name: t
task-mode: incremental
target-database: {}
mysql-instances:
  - source-id: s1
)yaml");
  CHECK(t.target_database.host == "127.0.0.1");
  CHECK(t.target_database.port == 3306);
  CHECK(t.target_database.user == "root");
  CHECK(t.shadow_table_rules == std::vector<std::string>{"^_(.+)_(?:new|gho)$"});
  CHECK(t.trash_table_rules == std::vector<std::string>{"^_(.+)_(?:ghc|del|old)$"});
  CHECK_FALSE(t.async_checkpoint_flush);
  CHECK(t.mariadb2tidb.mode == "auto");
  const auto& inst = t.mysql_instances.at(0);
  CHECK_FALSE(inst.meta.has_value());
  CHECK(inst.block_allow_list.empty());
  CHECK(inst.ba_rule.empty());
  CHECK(inst.syncer == sluice::config::syncer_config{});
  CHECK(inst.mydumper == sluice::config::mydumper_config{});
  CHECK(inst.loader == sluice::config::loader_config{});
  CHECK(inst.validator == sluice::config::validator_config{});
  CHECK(inst.mydumper.threads == 4);
  CHECK(inst.loader.pool_size == 16);
  CHECK(inst.validator.mode == "none");
  // An empty rule replicates everything but the system schemas.
  const block_allow_list ba(inst.ba_rule, false);
  CHECK(ba.allows_table("anything", "at_all"));
  CHECK_FALSE(ba.allows_table("mysql", "user"));
}

TEST_CASE("syncer settings resolve from a named entry, an inline one, syncer-thread or defaults") {
  const task_config t = parse_ok(R"yaml(
name: t
task-mode: all
target-database: {host: down, port: 4000}
syncers:
  fast:
    worker-count: 32
    batch: 500
    queue-size: 0
    checkpoint-flush-interval: 10
    compact: true
    multiple-rows: true
    safe-mode-duration: ""
  slow:
    checkpoint-flush-interval: 5
    safe-mode-duration: 90s
    safe-mode: true
mysql-instances:
  - source-id: a
    syncer-config-name: fast
  - source-id: b
    syncer-config-name: fast
    syncer-thread: 8
  - source-id: c
    syncer:
      batch: 7
      safe-mode-duration: 1.5s
  - source-id: d
    syncer-config-name: slow
  - source-id: e
    syncer:
      checkpoint-flush-interval: 7
      safe-mode-duration:
)yaml");
  const auto& a = t.mysql_instances.at(0).syncer;
  CHECK(a.worker_count == 32);
  CHECK(a.batch == 500);
  CHECK(a.queue_size == 1024);  // 0 means the default
  CHECK(a.checkpoint_flush_interval == 10);
  CHECK(a.compact);
  CHECK(a.multiple_rows);
  CHECK(a.safe_mode_duration == 20s);  // "" -> 2 x checkpoint-flush-interval
  CHECK(t.mysql_instances.at(1).syncer.worker_count == 8);
  CHECK(t.syncers.at("fast").worker_count == 32);  // syncer-thread does not change the named entry
  const auto& c = t.mysql_instances.at(2).syncer;
  CHECK(c.batch == 7);
  CHECK(c.worker_count == 16);
  CHECK(c.safe_mode_duration == 2s);  // sub-second durations round up
  const auto& d = t.mysql_instances.at(3).syncer;
  CHECK(d.safe_mode);
  CHECK(d.checkpoint_flush_interval == 5);
  CHECK(d.safe_mode_duration == 90s);
  CHECK(t.mysql_instances.at(4).syncer.safe_mode_duration == 14s);  // written with no value = ""
}

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

TEST_CASE("black-white-list rules are used only when block-allow-list is empty") {
  const task_config t = parse_ok(R"yaml(
name: t
task-mode: incremental
target-database: {}
black-white-list:
  old:
    do-dbs: [a]
mysql-instances:
  - source-id: s1
    black-white-list: old
)yaml");
  CHECK(t.block_allow_list.at("old").do_dbs == std::vector<std::string>{"a"});
  CHECK(t.mysql_instances.at(0).ba_rule.do_dbs == std::vector<std::string>{"a"});
}

TEST_CASE("YAML anchors, aliases and merge keys work as in DM") {
  const task_config t = parse_ok(R"yaml(
name: t
task-mode: incremental
target-database: {}
syncers:
  base: &base
    worker-count: 4
    batch: 10
  derived:
    <<: *base
    batch: 20
mysql-instances:
  - source-id: s1
    syncer-config-name: base
  - source-id: s2
    syncer-config-name: derived
)yaml");
  CHECK(t.syncers.at("derived").worker_count == 4);
  CHECK(t.syncers.at("derived").batch == 20);
  CHECK(t.mysql_instances.at(1).syncer.batch == 20);
}

TEST_CASE("case-sensitive tasks keep name case in block-allow lists") {
  const task_config t = parse_ok(R"yaml(
name: t
task-mode: incremental
case-sensitive: true
target-database: {}
block-allow-list:
  r:
    do-dbs: ["Log"]
mysql-instances:
  - source-id: s1
    block-allow-list: r
)yaml");
  const block_allow_list ba(t.mysql_instances.at(0).ba_rule, t.case_sensitive);
  CHECK(ba.allows_table("Log", "messages"));
  CHECK_FALSE(ba.allows_table("log", "messages"));
}
