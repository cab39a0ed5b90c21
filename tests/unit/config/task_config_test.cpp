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
