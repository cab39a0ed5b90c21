#pragma once
// Builds the errors query-status shows, with what failed, where, and what to do.

#include <string>

#include "actors/subtask_status.hpp"
#include "db/endpoint.hpp"
#include "pipeline/binlog_position.hpp"
#include "protocol/decode_error.hpp"

namespace sluice::actors {

/// An upstream failure; error 1236 (binlog missing or purged) and access errors cannot be retried.
subtask_error upstream_error(const db::db_error& e, const std::string& doing);
/// A downstream failure while `doing`.
subtask_error downstream_error(const db::db_error& e, const std::string& doing);
/// Binlog bytes that do not decode: never resumable, the position says where.
subtask_error decode_failure(protocol::decode_error e, const pipeline::binlog_position& after,
                             std::size_t frame_size);
/// A configuration problem found while starting.
subtask_error config_error_for(std::string message);

}  // namespace sluice::actors
