#pragma once
// Internal to src/config: readers for the sections shared by source.yaml and task.yaml.
// Each fills its target from a mapping and reports problems through the parse_context.

#include "config/db_config.hpp"
#include "config/rules.hpp"
#include "config/unit_config.hpp"
#include "config/yaml_reader.hpp"
#include "pipeline/block_allow_list.hpp"

namespace sluice::config::detail {

/// `from` / `target-database`: host, port, user, password, session, security and the
/// deprecated max-allowed-packet.
void read_db_config(map_reader& in, db_config& out);

/// One binlog event filter rule (task `filters.<name>`, source `filters[i]`).
void read_event_filter_rule(map_reader& in, event_filter_rule& out);
/// One table route rule (`routes.<name>`).
void read_route_rule(map_reader& in, route_rule& out);
/// One expression filter (`expression-filter.<name>`).
void read_expression_filter(map_reader& in, expression_filter_rule& out);
/// One block-allow-list rule (`block-allow-list.<name>`); patterns are validated with the
/// task's case sensitivity.
void read_block_allow_rule(map_reader& in, bool case_sensitive, pipeline::block_allow_rule& out);

/// Processing-unit settings: `syncers.<name>` or an instance's inline `syncer`, and so on.
/// Unset keys keep DM's defaults; the syncer's safe-mode-duration is resolved here.
void read_syncer_config(map_reader& in, syncer_config& out);
void read_mydumper_config(map_reader& in, mydumper_config& out);
void read_loader_config(map_reader& in, loader_config& out);
void read_validator_config(map_reader& in, validator_config& out);

}  // namespace sluice::config::detail
