#pragma once
// The upstream's current binlog position and GTID set (SHOW MASTER STATUS), as query-status shows it.

#include <string>

#include <tl/expected.hpp>

#include "db/connection.hpp"
#include "pipeline/binlog_position.hpp"

namespace sluice::db {

struct master_status {
  pipeline::binlog_position position;
  std::string gtid_set;  // MySQL Executed_Gtid_Set, or MariaDB's @@gtid_binlog_pos
};

tl::expected<master_status, db_error> read_master_status(connection& conn);

}  // namespace sluice::db
