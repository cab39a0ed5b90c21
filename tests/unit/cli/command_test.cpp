#include "cli/command.hpp"

#include <doctest/doctest.h>

using namespace sluice::cli;

namespace {

invocation parse_ok(const std::vector<std::string>& args) {
  auto inv = parse_command_line(args);
  REQUIRE_MESSAGE(inv.has_value(), (inv ? "" : inv.error()));
  return *inv;
}

std::string parse_error(const std::vector<std::string>& args) {
  auto inv = parse_command_line(args);
  REQUIRE_FALSE(inv.has_value());
  return inv.error();
}

}  // namespace

TEST_CASE("master address: default, both spellings, anywhere") {
  const invocation def = parse_ok({"query-status"});
  CHECK(def.master.host == "127.0.0.1");
  CHECK(def.master.port == 8261);
  CHECK(def.master.text == "127.0.0.1:8261");

  const invocation eq = parse_ok({"--master-addr=10.0.0.5:9000", "query-status"});
  CHECK(eq.master.host == "10.0.0.5");
  CHECK(eq.master.port == 9000);

  const invocation sep = parse_ok({"--master-addr", "db-host:18261", "query-status"});
  CHECK(sep.master.host == "db-host");
  CHECK(sep.master.text == "db-host:18261");

  const invocation after = parse_ok({"query-status", "test", "--master-addr=h:1"});
  CHECK(after.master.port == 1);
  CHECK(std::get<query_status>(after.cmd).task == std::optional<std::string>("test"));

  CHECK(parse_ok({"--master-addr=http://h:2/", "query-status"}).master.text == "h:2");
}

TEST_CASE("master address errors") {
  CHECK(parse_error({"--master-addr"}).find("HOST:PORT") != std::string::npos);
  CHECK(parse_error({"--master-addr=", "query-status"}).find("HOST:PORT") != std::string::npos);
  CHECK(parse_error({"--master-addr=host", "query-status"}).find("HOST:PORT") != std::string::npos);
  CHECK(parse_error({"--master-addr=:80", "query-status"}).find("HOST:PORT") != std::string::npos);
  CHECK(parse_error({"--master-addr=h:0", "query-status"}).find("1-65535") != std::string::npos);
  CHECK(parse_error({"--master-addr=h:65536", "query-status"}).find("1-65535") != std::string::npos);
  CHECK(parse_error({"--master-addr=h:8x", "query-status"}).find("1-65535") != std::string::npos);
}

TEST_CASE("operate-source") {
  const auto create = std::get<operate_source_create>(
      parse_ok({"operate-source", "create", "a.yaml", "b.yaml"}).cmd);
  CHECK(create.files == std::vector<std::string>{"a.yaml", "b.yaml"});

  CHECK(std::get<operate_source_show>(parse_ok({"operate-source", "show"}).cmd).sources.empty());
  const auto show = std::get<operate_source_show>(
      parse_ok({"operate-source", "show", "-s", "mysql-01", "--source=mysql-02,mysql-03", "-s=x"})
          .cmd);
  CHECK(show.sources == std::vector<std::string>{"mysql-01", "mysql-02", "mysql-03", "x"});

  const auto stop = std::get<operate_source_stop>(
      parse_ok({"operate-source", "stop", "source.yaml", "mysql-02", "-s", "mysql-03"}).cmd);
  CHECK(stop.targets == std::vector<std::string>{"source.yaml", "mysql-02"});
  CHECK(stop.sources == std::vector<std::string>{"mysql-03"});

  CHECK(parse_error({"operate-source"}).find("create, show or stop") != std::string::npos);
  CHECK(parse_error({"operate-source", "update", "a.yaml"}).find("not supported") !=
        std::string::npos);
  CHECK(parse_error({"operate-source", "create"}).find("at least one") != std::string::npos);
  CHECK(parse_error({"operate-source", "create", "-s", "x", "a.yaml"}).find("unknown flag -s") !=
        std::string::npos);
  CHECK(parse_error({"operate-source", "show", "mysql-01"}).find("-s") != std::string::npos);
  CHECK(parse_error({"operate-source", "show", "-s"}).find("needs a source") != std::string::npos);
  CHECK(parse_error({"operate-source", "stop"}).find("needs") != std::string::npos);
}

TEST_CASE("task commands") {
  CHECK(std::get<start_task>(parse_ok({"start-task", "task.yaml"}).cmd).file == "task.yaml");
  CHECK_FALSE(std::get<query_status>(parse_ok({"query-status"}).cmd).task.has_value());

  const auto pause = std::get<operate_task>(parse_ok({"pause-task", "test"}).cmd);
  CHECK(pause.op == task_op::pause);
  CHECK(pause.task == "test");
  CHECK(std::get<operate_task>(parse_ok({"resume-task", "t"}).cmd).op == task_op::resume);
  CHECK(std::get<operate_task>(parse_ok({"stop-task", "t"}).cmd).op == task_op::stop);

  CHECK(parse_error({"start-task"}).find("exactly one") != std::string::npos);
  CHECK(parse_error({"start-task", "a.yaml", "b.yaml"}).find("exactly one") != std::string::npos);
  CHECK(parse_error({"start-task", "--remove-meta", "a.yaml"}).find("unknown flag --remove-meta") !=
        std::string::npos);
  CHECK(parse_error({"query-status", "a", "b"}).find("at most one") != std::string::npos);
  CHECK(parse_error({"pause-task"}).find("exactly one task name") != std::string::npos);
  CHECK(parse_error({"stop-task", "a", "b"}).find("exactly one") != std::string::npos);
}

TEST_CASE("help, unknown commands and empty command lines") {
  CHECK(std::holds_alternative<show_help>(parse_ok({"--help"}).cmd));
  CHECK(std::holds_alternative<show_help>(parse_ok({"-h", "query-status"}).cmd));
  CHECK(std::holds_alternative<show_help>(parse_ok({"help"}).cmd));
  // "help" as an argument is a task name, not a request for help.
  CHECK(std::get<query_status>(parse_ok({"query-status", "help"}).cmd).task ==
        std::optional<std::string>("help"));
  CHECK(parse_error({}) == "no command given");
  CHECK(parse_error({"frobnicate"}) == "unknown command frobnicate");
  CHECK(parse_error({"--verbose", "query-status"}) == "unknown flag --verbose");
  CHECK(usage().find("operate-source create FILE...") != std::string::npos);
}
