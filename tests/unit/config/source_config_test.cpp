#include <doctest/doctest.h>

#include <cstdio>
#include <fstream>

#include "config/source_config.hpp"

using namespace std::chrono_literals;
using sluice::config::filter_action;
using sluice::config::parse_source_config;

namespace {

std::string source_error(std::string_view yaml) {
  auto parsed = parse_source_config(yaml, "source.yaml");
  REQUIRE_FALSE(parsed.has_value());
  return parsed.error().to_string();
}

}  // namespace

TEST_CASE("the seed scenario's source.yaml parses with the right values") {
  // usage-scenario-incremental-migration.md, step "创建上游数据源", verbatim.
  constexpr std::string_view seed = R"yaml(source-id: "mysql-01" # 数据源唯一 ID，在其他命令中标识数据源

from:
  host: 127.0.0.1
  port: 3306
  user: "root"
  password: "" # 推荐使用 dmctl 对上游数据库的用户密码加密之后的密码
)yaml";
  auto parsed = parse_source_config(seed, "source.yaml");
  REQUIRE(parsed.has_value());
  const auto& s = *parsed;
  CHECK(s.source_id == "mysql-01");
  CHECK(s.from.host == "127.0.0.1");
  CHECK(s.from.port == 3306);
  CHECK(s.from.user == "root");
  CHECK(s.from.password.empty());
  CHECK(s.from.session.empty());
  CHECK_FALSE(s.from.security.enabled());
  // DM's defaults for everything not written.
  CHECK(s.enable);
  CHECK_FALSE(s.enable_gtid);
  CHECK_FALSE(s.enable_relay);
  CHECK(s.relay_dir == "relay-dir");
  CHECK(s.flavor.empty());
  CHECK(s.server_id == 0);
  CHECK_FALSE(s.case_sensitive);
  CHECK(s.purge.interval == 3600);
  CHECK(s.purge.expires == 0);
  CHECK(s.purge.remain_space == 15);
  CHECK(s.checker.check_enable);
  CHECK(s.checker.backoff_rollback == 5min);
  CHECK(s.checker.backoff_max == 5min);
  CHECK(s.checker.backoff_min == 1s);
  CHECK(s.checker.check_interval == 5s);
  CHECK(s.filters.empty());
}

TEST_CASE("DM's sample source.yaml parses") {
  // dm/master/source.yaml as DM ships it (comments shortened).
  constexpr std::string_view sample = R"yaml(
#server id of slave for binlog replication
server-id: 101
source-id: mysql-replica-01
flavor: mysql
enable-relay: false
# relay-binlog-name: ''
enable-gtid: false
enable: true
from:
  host: 127.0.0.1
  user: root
  password: '123456'
  port: 3306
#purge:
#  interval: 3600
)yaml";
  auto parsed = parse_source_config(sample, "source.yaml");
  REQUIRE(parsed.has_value());
  CHECK(parsed->server_id == 101);
  CHECK(parsed->source_id == "mysql-replica-01");
  CHECK(parsed->flavor == "mysql");
  CHECK(parsed->from.password == "123456");
}

TEST_CASE("every source.yaml key DM knows is accepted") {
  constexpr std::string_view full = R"yaml(
source-id: mariadb-02
enable: false
enable-gtid: yes
enable-relay: true
relay-binlog-name: mariadb-bin.000003
relay-binlog-gtid: 0-1-100,1-2-3
relay-dir: /var/lib/relay
flavor: MariaDB
server-id: 4294967295
case-sensitive: true
from:
  host: db.example
  port: 3307
  user: repl
  password: s3cret
  max-allowed-packet: 67108864
  session:
    SQL_MODE: ""
    time_zone: "+08:00"
  security:
    ssl-ca: /etc/ca.pem
    ssl-cert: /etc/cert.pem
    ssl-key: /etc/key.pem
    cert-allowed-cn: [dm, sluice]
    ssl-ca-base64: LS0tLS1CRUdJTg==
    ssl-cert-bytes: "-----BEGIN CERT"
purge:
  interval: 600
  expires: 24
  remain-space: 30
checker:
  check-enable: off
  backoff-rollback: 10m
  backoff-max: 1h30m
  check-interval: 9s
  backoff-min: 2s
  backoff-jitter: false
  backoff-factor: 1.5
filters:
  - schema-pattern: "log*"
    table-pattern: "t_?"
    events: ["Truncate Table", "create schema"]
    sql-pattern: ["^DROP\\s+PROCEDURE"]
    action: ignore
auto-fix-gtid: false
meta-dir: ./dm_meta
charset: utf8mb4
tracer:
  enable: false
)yaml";
  auto parsed = parse_source_config(full, "source.yaml");
  REQUIRE_MESSAGE(parsed.has_value(), parsed.error().to_string());
  const auto& s = *parsed;
  CHECK(s.source_id == "mariadb-02");
  CHECK_FALSE(s.enable);
  CHECK(s.enable_gtid);
  CHECK(s.enable_relay);
  CHECK(s.relay_binlog_name == "mariadb-bin.000003");
  CHECK(s.relay_binlog_gtid == "0-1-100,1-2-3");
  CHECK(s.relay_dir == "/var/lib/relay");
  CHECK(s.flavor == "mariadb");
  CHECK(s.server_id == 4294967295U);
  CHECK(s.case_sensitive);
  CHECK(s.from.host == "db.example");
  CHECK(s.from.port == 3307);
  CHECK(s.from.user == "repl");
  CHECK(s.from.password == "s3cret");
  CHECK(s.from.session == std::map<std::string, std::string>{{"sql_mode", ""}, {"time_zone", "+08:00"}});
  CHECK(s.from.security.ssl_ca == "/etc/ca.pem");
  CHECK(s.from.security.ssl_cert == "/etc/cert.pem");
  CHECK(s.from.security.ssl_key == "/etc/key.pem");
  CHECK(s.from.security.cert_allowed_cn == std::vector<std::string>{"dm", "sluice"});
  CHECK(s.from.security.ssl_ca_pem == "-----BEGIN");
  CHECK(s.from.security.ssl_cert_pem == "-----BEGIN CERT");
  CHECK(s.purge.interval == 600);
  CHECK(s.purge.expires == 24);
  CHECK(s.purge.remain_space == 30);
  CHECK_FALSE(s.checker.check_enable);
  CHECK(s.checker.backoff_rollback == 10min);
  CHECK(s.checker.backoff_max == 90min);
  // DM resets the hidden checker keys to its defaults.
  CHECK(s.checker.check_interval == 5s);
  CHECK(s.checker.backoff_min == 1s);
  CHECK(s.checker.backoff_jitter);
  CHECK(s.checker.backoff_factor == 2.0);
  REQUIRE(s.filters.size() == 1);
  CHECK(s.filters[0].schema_pattern == "log*");
  CHECK(s.filters[0].table_pattern == "t_?");
  CHECK(s.filters[0].events == std::vector<std::string>{"truncate table", "create database"});
  CHECK(s.filters[0].sql_patterns == std::vector<std::string>{"^DROP\\s+PROCEDURE"});
  CHECK(s.filters[0].action == filter_action::ignore);
}

TEST_CASE("source.yaml errors name file, line, column and the expected form") {
  CHECK(source_error("source-id: a\nfrom:\n  host: h\n  port: abc\n") ==
        R"(source.yaml:4:9: from.port: expected an integer 1-65535, got "abc")");
  CHECK(source_error("source-id: a\nfrom:\n  port: 70000\n") ==
        R"(source.yaml:3:9: from.port: expected an integer 1-65535, got "70000")");
  CHECK(source_error("source-id: a\nfrom:\n  port: 0\n") ==
        R"(source.yaml:3:9: from.port: expected an integer 1-65535, got "0")");
  CHECK(source_error("source-id: a\nfrom:\n  port: [1]\n") ==
        R"(source.yaml:3:9: from.port: expected an integer 1-65535, got a list)");
  CHECK(source_error("from:\n  host: h\n") == R"(source.yaml:1:1: missing required key "source-id")");
  CHECK(source_error("source-id: \"\"\n") == R"(source.yaml:1:12: source-id: must not be empty)");
  CHECK(source_error("") == R"(source.yaml: missing required key "source-id")");
  CHECK(source_error("source-id: a\nfrom:\n  hots: h\n") ==
        R"(source.yaml:3:3: from: unknown key "hots" (did you mean "host"?))");
  CHECK(source_error("source-id: a\nrelay: true\n") == R"(source.yaml:2:1: unknown key "relay")");
  CHECK(source_error("source-id: a\nsource-id: b\n") == R"(source.yaml:2:1: duplicate key "source-id")");
  CHECK(source_error("source-id: a\nenable-gtid: maybe\n") ==
        R"(source.yaml:2:14: enable-gtid: expected true or false, got "maybe")");
  CHECK(source_error("source-id: a\nflavor: percona\n") ==
        R"(source.yaml:2:9: flavor: expected one of mysql or mariadb, got "percona")");
  CHECK(source_error("source-id: a\nserver-id: -1\n") ==
        R"(source.yaml:2:12: server-id: expected an integer 0-4294967295, got "-1")");
  CHECK(source_error("source-id: a\nrelay-binlog-name: mysql-bin\n") ==
        R"(source.yaml:2:20: relay-binlog-name: expected a binlog file name such as "mysql-bin.000001", got "mysql-bin")");
  CHECK(source_error("source-id: a\nrelay-binlog-gtid: garbage\n") ==
        R"(source.yaml:2:20: relay-binlog-gtid: expected a GTID set such as "<server-uuid>:1-100" (MySQL) or "0-1-100" (MariaDB), got "garbage")");
  CHECK(source_error("source-id: 0123456789012345678901234567890123\n") ==
        R"(source.yaml:1:12: source-id: must be at most 32 characters, got 34)");
  CHECK(source_error("source-id: a\nchecker:\n  backoff-max: 5\n") ==
        R"(source.yaml:3:16: checker.backoff-max: expected a duration such as "30s", "5m" or "1h30m" (missing unit (ns, us, ms, s, m or h)), got "5")");
  CHECK(source_error("source-id: a\nchecker:\n  backoff-max: 500ms\n") ==
        R"(source.yaml:3:16: checker.backoff-max: must be at least the minimum backoff of 1s)");
  CHECK(source_error("source-id: a\nfrom: localhost\n") ==
        R"(source.yaml:2:7: from: expected a mapping of keys, got "localhost")");
  CHECK(source_error("- a\n- b\n") == R"(source.yaml:1:1: expected a mapping of keys, got a list)");
  CHECK(source_error("source-id: a\nfrom:\n  security:\n    ssl-ca-base64: \"not base64!\"\n") ==
        R"(source.yaml:4:20: from.security.ssl-ca-base64: expected base64 text)");
  CHECK(source_error("source-id: a\nfilters:\n  - schema-pattern: x\n    action: Skip\n") ==
        R"(source.yaml:4:13: filters[0].action: expected one of Do, Ignore or Error, got "Skip")");
  CHECK(source_error("source-id: a\nfilters:\n  - schema-pattern: x\n    events: [\"drop everything\"]\n    action: Do\n") ==
        R"(source.yaml:4:14: filters[0].events[0]: unknown event type "drop everything" (expected e.g. "all", "all dml", "all ddl", "insert", "truncate table", "drop column"))");
  CHECK(source_error("source-id: a\nfilters:\n  - table-pattern: x\n    action: Do\n") ==
        R"(source.yaml:3:5: filters[0]: missing required key "schema-pattern")");
  CHECK(source_error("source-id: a\nfilters:\n  - schema-pattern: \"a*b\"\n    action: Do\n") ==
        R"(source.yaml:3:21: filters[0].schema-pattern: invalid pattern "a*b": '*' is only allowed as the last character)");
  CHECK(source_error("source-id: a\nfilters:\n  - schema-pattern: x\n") ==
        R"(source.yaml:3:5: filters[0]: missing required key "action" (Do, Ignore or Error))");
  CHECK(source_error("source-id: a\nfilters:\n  - schema-pattern: x\n    sql-pattern: [\"(\"]\n    action: Do\n")
            .starts_with(R"(source.yaml:4:19: filters[0].sql-pattern[0]: invalid regular expression "(": )"));
}

TEST_CASE("YAML syntax errors keep their position") {
  CHECK(source_error("source-id: [a, b\nfrom: x\n") ==
        R"(source.yaml:2:5: invalid YAML: end of sequence flow not found)");
  CHECK(source_error("source-id: a: b\n") == R"(source.yaml:1:13: invalid YAML: illegal map value)");
}

TEST_CASE("passwords never appear in error messages") {
  const std::string secret = "hunter2-very-secret";
  for (const std::string& yaml : {
           "source-id: a\nfrom:\n  password: [" + secret + "]\n",
           "source-id: a\nfrom:\n  password: {x: " + secret + "}\n",
           "source-id: a\nfrom:\n  password: " + secret + "\n  port: nope\n",
           "source-id: a\nfrom:\n  password: " + secret + "\n  pasword: " + secret + "\n",
       }) {
    const std::string message = source_error(yaml);
    CAPTURE(message);
    CHECK(message.find(secret) == std::string::npos);
  }
  CHECK(source_error("source-id: a\nfrom:\n  password: [x]\n") ==
        R"(source.yaml:3:13: from.password: expected a string, got a value that is not shown)");
}

TEST_CASE("redact and obfuscated keep the password out of display strings") {
  auto parsed = parse_source_config("source-id: a\nfrom:\n  user: u\n  password: pw\n  port: 3307\n", "s.yaml");
  REQUIRE(parsed.has_value());
  CHECK(sluice::config::redact(parsed->from) == "u@127.0.0.1:3307 (password set)");
  CHECK(sluice::config::obfuscated(parsed->from).password == "******");
  CHECK(sluice::config::obfuscated(sluice::config::db_config{}).password.empty());
}

TEST_CASE("load_source_config reads a file and reports unreadable ones") {
  const std::string path = "/tmp/sluice_config_test_source.yaml";
  {
    std::ofstream out(path);
    out << "source-id: from-file\nfrom:\n  port: x\n";
  }
  auto bad = sluice::config::load_source_config(path);
  REQUIRE_FALSE(bad.has_value());
  CHECK(bad.error().to_string() == path + R"(:3:9: from.port: expected an integer 1-65535, got "x")");
  {
    std::ofstream out(path);
    out << "source-id: from-file\n";
  }
  auto good = sluice::config::load_source_config(path);
  REQUIRE(good.has_value());
  CHECK(good->source_id == "from-file");
  std::remove(path.c_str());
  auto missing = sluice::config::load_source_config("/nonexistent/source.yaml");
  REQUIRE_FALSE(missing.has_value());
  CHECK(missing.error().to_string() == "/nonexistent/source.yaml: cannot open: No such file or directory");
}
