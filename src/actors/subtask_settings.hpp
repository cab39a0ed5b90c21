#pragma once
// Everything one subtask's pipeline needs to know, resolved from source.yaml and task.yaml.

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "actors/subtask_status.hpp"
#include "config/task_config.hpp"
#include "db/endpoint.hpp"
#include "pipeline/binlog_position.hpp"
#include "pipeline/block_allow_list.hpp"
#include "pipeline/expression_filter.hpp"

namespace sluice::actors {

/// Immutable after the task actor builds it; shared by every actor of the subtask.
struct subtask_settings {
  std::string task;
  std::string source_id;
  std::string worker;  // this server's address, reported where DM reports a worker
  db::endpoint upstream;
  db::endpoint downstream;
  std::uint32_t server_id = 0;                         // our replica id towards the upstream
  std::optional<pipeline::binlog_position> meta_start;  // task.yaml meta, used without a checkpoint
  std::string meta_schema = "dm_meta";
  pipeline::block_allow_rule ba_rule;
  bool case_sensitive = false;
  config::syncer_config syncer;
  bool enable_gtid = false;
  std::vector<config::route_rule> routes;                    // the instance's route-rules, in order
  std::vector<config::event_filter_rule> filters;            // filter-rules, then source.yaml's filters
  std::vector<pipeline::expression_filter_spec> expression_filters;
  std::string timezone;                                      // task.yaml timezone ("" = the downstream's)
  std::chrono::milliseconds heartbeat{1000};
};

using settings_ptr = std::shared_ptr<const subtask_settings>;
using status_ptr = std::shared_ptr<subtask_status>;

}  // namespace sluice::actors
