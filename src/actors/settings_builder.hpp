#pragma once
// Resolves a task.yaml against the registered sources into one subtask_settings per instance.

#include <map>
#include <string>
#include <vector>

#include <tl/expected.hpp>

#include "actors/subtask_settings.hpp"
#include "config/source_config.hpp"
#include "config/task_config.hpp"

namespace sluice::actors {

/// Connection settings for a config endpoint; `applying` adds the session Sluice's SQL needs.
db::endpoint to_endpoint(const config::db_config& cfg, bool applying);

/// Fails with a message naming the task and the unknown source when an instance names a source
/// that is not registered.
tl::expected<std::vector<settings_ptr>, std::string> build_subtask_settings(
    const config::task_config& task, const std::map<std::string, config::source_config>& sources,
    const std::string& worker);

}  // namespace sluice::actors
