#pragma once

#include <cstdint>

namespace sluice::protocol {

/// Binlog event type codes (MySQL's Log_event_type plus MariaDB's 160+ range).
namespace event_type {
inline constexpr std::uint8_t start_v3 = 1;
inline constexpr std::uint8_t query = 2;
inline constexpr std::uint8_t stop = 3;
inline constexpr std::uint8_t rotate = 4;
inline constexpr std::uint8_t intvar = 5;
inline constexpr std::uint8_t rand = 13;
inline constexpr std::uint8_t user_var = 14;
inline constexpr std::uint8_t format_description = 15;
inline constexpr std::uint8_t xid = 16;
inline constexpr std::uint8_t table_map = 19;
inline constexpr std::uint8_t write_rows_v1 = 23;
inline constexpr std::uint8_t update_rows_v1 = 24;
inline constexpr std::uint8_t delete_rows_v1 = 25;
inline constexpr std::uint8_t incident = 26;
inline constexpr std::uint8_t heartbeat = 27;
inline constexpr std::uint8_t ignorable = 28;
inline constexpr std::uint8_t rows_query = 29;
inline constexpr std::uint8_t write_rows_v2 = 30;
inline constexpr std::uint8_t update_rows_v2 = 31;
inline constexpr std::uint8_t delete_rows_v2 = 32;
inline constexpr std::uint8_t mysql_gtid = 33;
inline constexpr std::uint8_t mysql_anonymous_gtid = 34;
inline constexpr std::uint8_t mysql_previous_gtids = 35;
inline constexpr std::uint8_t xa_prepare = 38;
inline constexpr std::uint8_t partial_update_rows = 39;
inline constexpr std::uint8_t transaction_payload = 40;
inline constexpr std::uint8_t heartbeat_v2 = 41;
inline constexpr std::uint8_t gtid_tagged = 42;  // MySQL 8.4 GTID_TAGGED_LOG_EVENT
inline constexpr std::uint8_t annotate_rows = 160;
inline constexpr std::uint8_t binlog_checkpoint = 161;
inline constexpr std::uint8_t mariadb_gtid = 162;
inline constexpr std::uint8_t mariadb_gtid_list = 163;
inline constexpr std::uint8_t start_encryption = 164;
inline constexpr std::uint8_t query_compressed = 165;
inline constexpr std::uint8_t write_rows_compressed_v1 = 166;
inline constexpr std::uint8_t update_rows_compressed_v1 = 167;
inline constexpr std::uint8_t delete_rows_compressed_v1 = 168;
inline constexpr std::uint8_t write_rows_compressed_v2 = 169;
inline constexpr std::uint8_t update_rows_compressed_v2 = 170;
inline constexpr std::uint8_t delete_rows_compressed_v2 = 171;
}  // namespace event_type

/// Header flag on events the server made up for the stream (fake ROTATE): never in a file.
inline constexpr std::uint16_t log_event_artificial_f = 0x20;

}  // namespace sluice::protocol
