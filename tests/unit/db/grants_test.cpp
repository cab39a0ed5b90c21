#include <doctest/doctest.h>

#include "db/grants.hpp"

using namespace sluice::db;

TEST_CASE("global privileges come from ON *.* grants only") {
  auto held = global_privileges({
      "GRANT REPLICATION SLAVE, BINLOG MONITOR ON *.* TO `dm`@`%` IDENTIFIED BY PASSWORD '*ABC'",
      "GRANT SELECT, INSERT ON `shop`.* TO `dm`@`%`",
      "GRANT UPDATE (a, b) ON `shop`.`t` TO `dm`@`%`",
  });
  CHECK(held == std::set<std::string>{"REPLICATION SLAVE", "BINLOG MONITOR"});
  CHECK(missing_privileges(held, {"REPLICATION SLAVE", "REPLICATION CLIENT|BINLOG MONITOR", "SELECT"}) ==
        std::vector<std::string>{"SELECT"});
}

TEST_CASE("ALL PRIVILEGES satisfies everything; lower case and spacing do not matter") {
  auto held = global_privileges({"grant all privileges on *.* to `root`@`localhost` with grant option"});
  CHECK(held.count("ALL PRIVILEGES") == 1);
  CHECK(missing_privileges(held, {"SELECT", "SUPER"}).empty());
  CHECK(global_privileges({"GRANT ALL ON *.* TO x"}).count("ALL PRIVILEGES") == 1);
}

TEST_CASE("proxy and role grants grant nothing global") {
  auto held = global_privileges({"GRANT PROXY ON ''@'%' TO 'root'@'localhost' WITH GRANT OPTION", "GRANT `r1` TO `u`@`%`",
                                 "GRANT USAGE ON *.* TO `u`@`%`"});
  CHECK(held == std::set<std::string>{"USAGE"});
  CHECK(missing_privileges(held, {"REPLICATION CLIENT|BINLOG MONITOR"}) ==
        std::vector<std::string>{"REPLICATION CLIENT|BINLOG MONITOR"});
}
