#pragma once
// dmctl's JSON shapes (query-status, operate-source, start/pause/resume/stop-task), built from plain
// values so they are unit-testable. int64 fields are quoted strings, as dmctl's jsonpb prints them.

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "actors/subtask_status.hpp"
#include "pipeline/binlog_position.hpp"

namespace sluice::http {

/// One subtask as query-status reports it.
struct subtask_report {
  actors::subtask_snapshot snapshot;
  std::optional<pipeline::binlog_position> master_binlog;  // nullopt when the upstream did not answer
  std::string master_gtid;
  bool enable_gtid = false;
};

/// `query-status NAME`: {result, msg, sources:[{result, msg, sourceStatus, subTaskStatus:[...]}]}.
nlohmann::ordered_json query_status_json(const std::vector<subtask_report>& reports);

/// {result, msg, sources:[{result, msg, source, worker}]}, as operate-source and start-task print.
struct source_result {
  bool result = true;
  std::string msg;
  std::string source;
  std::string worker;
};
nlohmann::ordered_json command_json(const std::vector<source_result>& sources, std::string msg = {},
                            std::optional<std::string> op = std::nullopt);

/// A failure before any source was involved: {result: false, msg, sources: []}.
nlohmann::ordered_json failure_json(const std::string& msg);

}  // namespace sluice::http
