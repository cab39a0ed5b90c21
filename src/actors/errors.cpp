#include "actors/errors.hpp"

#include <mysqld_error.h>

namespace sluice::actors {

namespace {

bool access_problem(unsigned code) {
  return code == ER_ACCESS_DENIED_ERROR || code == ER_DBACCESS_DENIED_ERROR ||
         code == ER_SPECIFIC_ACCESS_DENIED_ERROR || code == ER_TABLEACCESS_DENIED_ERROR;
}

}  // namespace

subtask_error upstream_error(const db::db_error& e, const std::string& doing) {
  subtask_error out;
  out.code = static_cast<int>(e.code);
  out.error_class = "binlog-op";
  out.scope = "upstream";
  out.message = doing + ": " + e.to_string();
  out.raw_cause = e.message;
  out.resumable = e.code != ER_MASTER_FATAL_ERROR_READING_BINLOG && !access_problem(e.code);
  if (e.code == ER_MASTER_FATAL_ERROR_READING_BINLOG)
    out.workaround = "The binlog file or position is missing upstream (purged?). Start the task from a position "
                     "that still exists (SHOW BINARY LOGS), after re-syncing the data, with stop-task and start-task.";
  else if (access_problem(e.code))
    out.workaround = "Grant the source user REPLICATION SLAVE, REPLICATION CLIENT and SELECT, then resume-task.";
  else
    out.workaround = "Sluice retries automatically; check that the upstream is reachable.";
  return out;
}

subtask_error downstream_error(const db::db_error& e, const std::string& doing) {
  subtask_error out;
  out.code = static_cast<int>(e.code);
  out.error_class = "database";
  out.scope = "downstream";
  out.message = doing + ": " + e.to_string();
  out.raw_cause = e.message;
  out.resumable = e.transient();
  out.workaround = out.resumable ? "Sluice retries automatically; check that the downstream is reachable."
                                 : "Fix the downstream (schema, data or privileges), then resume-task.";
  return out;
}

subtask_error decode_failure(protocol::decode_error e, const pipeline::binlog_position& after,
                             std::size_t frame_size) {
  subtask_error out;
  out.code = 36001;
  out.error_class = "binlog-op";
  out.scope = "upstream";
  out.message = "cannot decode the binlog event after " + after.to_string() + " (" +
                std::to_string(frame_size) + " bytes): " + std::string(protocol::to_string(e));
  out.raw_cause = std::string(protocol::to_string(e));
  out.resumable = false;
  out.workaround = "Check the upstream's binlog_format=ROW and binlog_checksum; report the event with "
                   "`mariadb-binlog --start-position` output.";
  return out;
}

subtask_error config_error_for(std::string message) {
  subtask_error out;
  out.code = 20001;
  out.error_class = "config";
  out.scope = "internal";
  out.message = std::move(message);
  out.resumable = false;
  out.workaround = "Fix the task configuration, then stop-task and start-task.";
  return out;
}

}  // namespace sluice::actors
