#include <doctest/doctest.h>

#include <string>

#include "config/task_config.hpp"

using sluice::config::parse_task_config;

namespace {

// A valid task whose single instance ends on line 7; `instance` continues that instance
// (4-space indent, from line 8) and `top` adds top-level keys after it.
std::string task(std::string_view instance = "", std::string_view top = "") {
  return std::string("name: t\n"
                     "task-mode: incremental\n"
                     "target-database:\n"
                     "  host: down\n"
                     "  port: 4000\n"
                     "mysql-instances:\n"
                     "  - source-id: s1\n") +
         std::string(instance) + std::string(top);
}

std::string error_of(const std::string& yaml) {
  auto parsed = parse_task_config(yaml, "task.yaml");
  REQUIRE_FALSE(parsed.has_value());
  return parsed.error().to_string();
}

}  // namespace

TEST_CASE("the base task used below is valid") {
  auto parsed = parse_task_config(task(), "task.yaml");
  REQUIRE_MESSAGE(parsed.has_value(), parsed.error().to_string());
}

TEST_CASE("missing required keys") {
  CHECK(error_of("task-mode: all\ntarget-database: {}\nmysql-instances: [{source-id: a}]\n") ==
        R"(task.yaml:1:1: missing required key "name")");
  CHECK(error_of("name: t\ntarget-database: {}\nmysql-instances: [{source-id: a}]\n") ==
        R"(task.yaml:1:1: missing required key "task-mode")");
  CHECK(error_of("name: \"\"\ntask-mode: all\n") == R"(task.yaml:1:7: name: must not be empty)");
  CHECK(error_of("name: t\ntask-mode: all\ntarget-database: {}\n") ==
        R"(task.yaml:1:1: missing required key "mysql-instances" (at least one source))");
  CHECK(error_of("name: t\ntask-mode: all\ntarget-database: {}\nmysql-instances: []\n") ==
        R"(task.yaml:4:1: mysql-instances: must list at least one source)");
  CHECK(error_of("name: t\ntask-mode: all\ntarget-database: {}\nmysql-instances:\n  - meta: {binlog-name: a.1}\n") ==
        R"(task.yaml:5:5: mysql-instances[0]: missing required key "source-id")");
  CHECK(error_of("") == R"(task.yaml: missing required key "name")");
}

TEST_CASE("invalid values of top-level keys") {
  CHECK(error_of("name: t\ntask-mode: incremental2\n") ==
        R"(task.yaml:2:12: task-mode: expected one of full, incremental, all, dump or load, got "incremental2")");
  CHECK(error_of(task("", "shard-mode: sharded\n")) ==
        R"(task.yaml:8:13: shard-mode: expected pessimistic or optimistic, got "sharded")");
  CHECK(error_of(task("", "strict-optimistic-shard-mode: true\n")) ==
        R"(task.yaml:8:31: strict-optimistic-shard-mode: only allowed with shard-mode: optimistic)");
  CHECK(error_of(task("", "timezone: Mars/Olympus Mons\n")) ==
        R"(task.yaml:8:11: timezone: expected a time zone such as "UTC", "Asia/Shanghai" or "+08:00", got "Mars/Olympus Mons")");
  CHECK(error_of(task("", "collation_compatible: lax\n")) ==
        R"(task.yaml:8:23: collation_compatible: expected loose or strict, got "lax")");
  CHECK(error_of(task("", "online-ddl-scheme: osc\n")) ==
        R"(task.yaml:8:20: online-ddl-scheme: expected pt or gh-ost, got "osc")");
  CHECK(error_of(task("", "ignore-checking-items: [version, nonsense]\n")) ==
        R"(task.yaml:8:34: ignore-checking-items[1]: unknown checking item "nonsense" (expected e.g. all, version, binlog_enable, binlog_format, meta_position))");
  CHECK(error_of(task("", "column-mappings:\n  m: {schema-pattern: a}\n")) ==
        R"(task.yaml:9:3: column-mappings: column mapping is no longer supported (DM removed it); remove this section)");
  CHECK(error_of(task("", "case-sensitive: 1\n")) ==
        R"(task.yaml:8:17: case-sensitive: expected true or false, got "1")");
  CHECK(error_of(task("", "mysql-instances: x\n")) == R"(task.yaml:8:1: duplicate key "mysql-instances")");
  CHECK(error_of("name: t\ntask-mode: all\ntarget-database: {}\nmysql-instances: s1\n") ==
        R"(task.yaml:4:18: mysql-instances: expected a list, got "s1")");
  CHECK(error_of("name: t\ntask-mode: all\ntarget-database: {}\nmysql-instances:\n  - s1\n") ==
        R"(task.yaml:5:5: mysql-instances[0]: expected a mapping of keys, got "s1")");
  CHECK(error_of(task("", "shadow-table-rules: [\"(\"]\n")).starts_with(
      R"(task.yaml:8:22: shadow-table-rules[0]: invalid regular expression "(": )"));
}

TEST_CASE("target-database errors") {
  CHECK(error_of("name: t\ntask-mode: all\ntarget-database:\n  host: down\n  port: abc\n") ==
        R"(task.yaml:5:9: target-database.port: expected an integer 1-65535, got "abc")");
  CHECK(error_of("name: t\ntask-mode: all\ntarget-database:\n  port: 70000\n") ==
        R"(task.yaml:4:9: target-database.port: expected an integer 1-65535, got "70000")");
  CHECK(error_of("name: t\ntask-mode: all\ntarget-database:\n  session:\n    sql_mode: [a]\n") ==
        R"(task.yaml:5:15: target-database.session.sql_mode: expected a string, got a list)");
  CHECK(error_of("name: t\ntask-mode: all\ntarget-database:\n  session: {A: 1, a: 2}\n") ==
        R"(task.yaml:4:19: target-database.session: duplicate key "a" (names are case-insensitive))");
  CHECK(error_of("name: t\ntask-mode: all\ntarget-database:\n  password: [pw]\n") ==
        R"(task.yaml:4:13: target-database.password: expected a string, got a value that is not shown)");
}

TEST_CASE("unknown keys, with a suggestion when one is close") {
  CHECK(error_of(task("", "sycners:\n  g: {}\n")) == R"(task.yaml:8:1: unknown key "sycners" (did you mean "syncers"?))");
  CHECK(error_of(task("    syncer-config: g\n")) == R"(task.yaml:8:5: mysql-instances[0]: unknown key "syncer-config")");
  CHECK(error_of(task("    syncer:\n      worker_count: 4\n")) ==
        R"(task.yaml:9:7: mysql-instances[0].syncer: unknown key "worker_count" (did you mean "worker-count"?))");
  CHECK(error_of(task("", "syncers:\n  g:\n    safe_mode: true\n")) ==
        R"(task.yaml:10:5: syncers.g: unknown key "safe_mode" (did you mean "safe-mode"?))");
  CHECK(error_of(task("", "block-allow-list:\n  r:\n    do-db: [a]\n")) ==
        R"(task.yaml:10:5: block-allow-list.r: unknown key "do-db" (did you mean "do-dbs"?))");
  CHECK(error_of(task("    meta:\n      binlog-file: a.1\n")) ==
        R"(task.yaml:9:7: mysql-instances[0].meta: unknown key "binlog-file")");
}

TEST_CASE("references to undefined rules") {
  CHECK(error_of(task("    block-allow-list: nope\n")) ==
        R"(task.yaml:8:23: mysql-instances[0].block-allow-list: "nope" is not defined in block-allow-list)");
  CHECK(error_of(task("    black-white-list: nope\n")) ==
        R"(task.yaml:8:23: mysql-instances[0].black-white-list: "nope" is not defined in block-allow-list)");
  CHECK(error_of(task("    route-rules: [r1]\n")) ==
        R"(task.yaml:8:19: mysql-instances[0].route-rules[0]: "r1" is not defined in routes)");
  CHECK(error_of(task("    filter-rules: [f1]\n")) ==
        R"(task.yaml:8:20: mysql-instances[0].filter-rules[0]: "f1" is not defined in filters)");
  CHECK(error_of(task("    expression-filters: [e1]\n")) ==
        R"(task.yaml:8:26: mysql-instances[0].expression-filters[0]: "e1" is not defined in expression-filter)");
  CHECK(error_of(task("    syncer-config-name: g\n")) ==
        R"(task.yaml:8:25: mysql-instances[0].syncer-config-name: "g" is not defined in syncers)");
  CHECK(error_of(task("    mydumper-config-name: g\n")) ==
        R"(task.yaml:8:27: mysql-instances[0].mydumper-config-name: "g" is not defined in mydumpers)");
  CHECK(error_of(task("    loader-config-name: g\n")) ==
        R"(task.yaml:8:25: mysql-instances[0].loader-config-name: "g" is not defined in loaders)");
  CHECK(error_of(task("    validator-config-name: g\n")) ==
        R"(task.yaml:8:28: mysql-instances[0].validator-config-name: "g" is not defined in validators)");
}

TEST_CASE("global rules that no instance uses (DM's ErrConfigGlobalConfigsUnused)") {
  CHECK(error_of(task("", "syncers:\n  unused:\n    batch: 1\n")) ==
        R"(task.yaml:9:3: syncers.unused: defined but not used by any mysql-instances entry (reference it or remove it))");
  CHECK(error_of(task("", "routes:\n  r:\n    schema-pattern: a\n    target-schema: b\n")) ==
        R"(task.yaml:9:3: routes.r: defined but not used by any mysql-instances entry (reference it or remove it))");
  CHECK(error_of(task("", "filters:\n  f:\n    schema-pattern: a\n    action: Do\n")) ==
        R"(task.yaml:9:3: filters.f: defined but not used by any mysql-instances entry (reference it or remove it))");
  CHECK(error_of(task("", "expression-filter:\n  e:\n    schema: a\n    table: b\n")) ==
        R"(task.yaml:9:3: expression-filter.e: defined but not used by any mysql-instances entry (reference it or remove it))");
  CHECK(error_of(task("", "mydumpers:\n  m: {}\n")) ==
        R"(task.yaml:9:3: mydumpers.m: defined but not used by any mysql-instances entry (reference it or remove it))");
  CHECK(error_of(task("", "loaders:\n  l: {}\n")) ==
        R"(task.yaml:9:3: loaders.l: defined but not used by any mysql-instances entry (reference it or remove it))");
  CHECK(error_of(task("", "validators:\n  v: {}\n")) ==
        R"(task.yaml:9:3: validators.v: defined but not used by any mysql-instances entry (reference it or remove it))");
  // DM does not require block-allow-list rules to be used.
  CHECK(parse_task_config(task("", "block-allow-list:\n  spare: {do-dbs: [a]}\n"), "task.yaml").has_value());
}

TEST_CASE("safe-mode: true with a 0s safe-mode-duration") {
  CHECK(error_of(task("    syncer-config-name: g\n", "syncers:\n  g:\n    safe-mode: true\n    safe-mode-duration: 0s\n")) ==
        R"(task.yaml:12:25: syncers.g.safe-mode-duration: must be longer than 0s when safe-mode is true, got "0s")");
  CHECK(error_of(task("    syncer:\n      safe-mode-duration: \"0\"\n      safe-mode: yes\n")) ==
        R"(task.yaml:9:27: mysql-instances[0].syncer.safe-mode-duration: must be longer than 0s when safe-mode is true, got "0")");
  // Without safe-mode, 0s just means no automatic safe mode after a restart.
  auto parsed = parse_task_config(task("    syncer:\n      safe-mode-duration: 0s\n"), "task.yaml");
  REQUIRE(parsed.has_value());
  CHECK(parsed->mysql_instances.at(0).syncer.safe_mode_duration.count() == 0);
  CHECK(error_of(task("    syncer:\n      safe-mode-duration: soon\n")) ==
        R"(task.yaml:9:27: mysql-instances[0].syncer.safe-mode-duration: expected a duration such as "30s", "5m" or "1h30m" (expected a number), got "soon")");
  CHECK(error_of(task("    syncer:\n      safe-mode-duration: -5s\n")) ==
        R"(task.yaml:9:27: mysql-instances[0].syncer.safe-mode-duration: expected a duration such as "30s", "5m" or "1h30m" (a duration must not be negative), got "-5s")");
}

TEST_CASE("wrong types in syncer and instance settings") {
  CHECK(error_of(task("    syncer:\n      batch: many\n")) ==
        R"(task.yaml:9:14: mysql-instances[0].syncer.batch: expected an integer >= 1, got "many")");
  CHECK(error_of(task("    syncer:\n      worker-count: 0\n")) ==
        R"(task.yaml:9:21: mysql-instances[0].syncer.worker-count: expected an integer >= 1, got "0")");
  CHECK(error_of(task("    syncer:\n      safe-mode: sure\n")) ==
        R"(task.yaml:9:18: mysql-instances[0].syncer.safe-mode: expected true or false, got "sure")");
  CHECK(error_of(task("    syncer-thread: lots\n")) ==
        R"(task.yaml:8:20: mysql-instances[0].syncer-thread: expected an integer >= 0, got "lots")");
  CHECK(error_of(task("    meta:\n      binlog-name: mysql-bin.000001\n      binlog-pos: -1\n")) ==
        R"(task.yaml:10:19: mysql-instances[0].meta.binlog-pos: expected an integer 0-4294967295, got "-1")");
  CHECK(error_of(task("    route-rules: r1\n")) ==
        R"(task.yaml:8:18: mysql-instances[0].route-rules: expected a list, got "r1")");
  CHECK(error_of(task("    syncer: fast\n")) ==
        R"(task.yaml:8:13: mysql-instances[0].syncer: expected a mapping of keys, got "fast")");
}

TEST_CASE("instance-level consistency") {
  CHECK(error_of(task("    syncer-config-name: g\n    syncer: {batch: 1}\n", "syncers:\n  g: {}\n")) ==
        R"(task.yaml:9:5: mysql-instances[0]: set either syncer-config-name or syncer, not both)");
  CHECK(error_of(task("  - source-id: s1\n")) ==
        R"(task.yaml:8:16: mysql-instances[1].source-id: "s1" is already used by mysql-instances[0])");
  CHECK(error_of(task("    route-rules: [r, r]\n", "routes:\n  r: {schema-pattern: a, target-schema: b}\n")) ==
        R"(task.yaml:8:22: mysql-instances[0].route-rules[1]: "r" is listed twice)");
  CHECK(error_of(task("    route-rules: [r1, r2]\n",
                      "routes:\n  r1: {schema-pattern: A, target-schema: b}\n  r2: {schema-pattern: a, target-schema: c}\n")) ==
        R"(task.yaml:8:23: mysql-instances[0].route-rules[1]: route "r2" has the same schema-pattern and table-pattern as "r1")");
  CHECK(error_of(task("    meta: {binlog-pos: 4}\n")) ==
        R"(task.yaml:8:11: mysql-instances[0].meta: set binlog-name (and binlog-pos) or binlog-gtid)");
  CHECK(error_of(task("    meta: {binlog-name: mysql-bin}\n")) ==
        R"(task.yaml:8:25: mysql-instances[0].meta.binlog-name: expected a binlog file name such as "mysql-bin.000001", got "mysql-bin")");
  CHECK(error_of(task("    meta: {binlog-gtid: \"1-2\"}\n")) ==
        R"(task.yaml:8:25: mysql-instances[0].meta.binlog-gtid: expected a GTID set such as "<server-uuid>:1-100" (MySQL) or "0-1-100" (MariaDB), got "1-2")");
}

TEST_CASE("invalid rules") {
  CHECK(error_of(task("", "block-allow-list:\n  r:\n    do-dbs: [\"a*b\"]\n")) ==
        R"(task.yaml:10:14: block-allow-list.r.do-dbs[0]: invalid pattern "a*b": '*' is only allowed as the last character)");
  CHECK(error_of(task("", "block-allow-list:\n  r:\n    ignore-dbs: [\"\"]\n")) ==
        R"(task.yaml:10:18: block-allow-list.r.ignore-dbs[0]: must not be empty)");
  CHECK(error_of(task("", "block-allow-list:\n  r:\n    do-tables:\n    - db-name: a\n")) ==
        R"(task.yaml:11:7: block-allow-list.r.do-tables[0]: missing required key "tbl-name")");
  CHECK(error_of(task("", "block-allow-list:\n  r:\n    ignore-tables:\n    - {db-name: a, tbl-name: \"~[\"}\n"))
            .starts_with(R"(task.yaml:11:30: block-allow-list.r.ignore-tables[0].tbl-name: invalid pattern "~[": invalid regular expression: )"));
  CHECK(error_of(task("", "routes:\n  r:\n    schema-pattern: a\n")) ==
        R"(task.yaml:10:5: routes.r: missing required key "target-schema")");
  CHECK(error_of(task("", "routes:\n  r:\n    schema-pattern: a\n    target-schema: b\n    extract-table: {table-regexp: x}\n")) ==
        R"(task.yaml:12:20: routes.r.extract-table: missing required key "target-column")");
  CHECK(error_of(task("", "expression-filter:\n  e:\n    schema: a\n    table: b\n    insert-value-expr: x > 1\n"
                          "    delete-value-expr: x < 1\n")) ==
        R"(task.yaml:10:5: expression-filter.e: set only one of insert-value-expr, update-old-value-expr/update-new-value-expr or delete-value-expr)");
  CHECK(error_of(task("", "expression-filter:\n  e:\n    table: b\n")) ==
        R"(task.yaml:10:5: expression-filter.e: missing required key "schema")");
  CHECK(error_of(task("", "loaders:\n  l:\n    import-mode: fast\n")) ==
        R"(task.yaml:10:18: loaders.l.import-mode: expected one of logical, physical, sql or loader, got "fast")");
  CHECK(error_of(task("", "validators:\n  v:\n    mode: partial\n")) ==
        R"(task.yaml:10:11: validators.v.mode: expected one of none, fast or full, got "partial")");
  CHECK(error_of(task("", "validators:\n  v:\n    max-pending-row-size: lots\n")) ==
        R"(task.yaml:10:27: validators.v.max-pending-row-size: expected a size such as "500m" or "1GiB", got "lots")");
}
