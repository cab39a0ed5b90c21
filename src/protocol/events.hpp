#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "protocol/cell.hpp"

namespace sluice::protocol {

/// CRC algorithm a FORMAT_DESCRIPTION announces for the events after it.
enum class checksum_alg : std::uint8_t { off = 0, crc32 = 1, undefined = 255 };

/// The 19-byte v4 common header every event starts with.
struct event_header {
  std::uint32_t timestamp;
  std::uint8_t type_code;
  std::uint32_t server_id;
  std::uint32_t event_size;  // whole frame, header and checksum included
  std::uint32_t next_pos;    // position after this event in the server's binlog file
  std::uint16_t flags;
};

struct format_description_event {
  std::uint16_t binlog_version;
  std::string server_version;
  std::uint32_t create_timestamp;
  std::uint8_t common_header_length;
  std::vector<std::uint8_t> post_header_lengths;  // index = event type - 1
  checksum_alg checksum;
  /// True when server_version names MariaDB (its TABLE_MAP metadata differs in details).
  bool is_mariadb() const noexcept;
  /// Post-header length for an event type, or `fallback` when the FDE does not list it.
  std::uint8_t post_header_length(std::uint8_t type_code, std::uint8_t fallback) const noexcept;
};

struct rotate_event {
  std::uint64_t position;
  std::string next_file;
};

struct query_event {
  std::uint32_t thread_id;
  std::uint32_t exec_time;
  std::uint16_t error_code;
  std::string schema;
  std::string query;
};

struct xid_event {
  std::uint64_t xid;
};

struct mariadb_gtid {
  std::uint32_t domain_id;
  std::uint32_t server_id;
  std::uint64_t sequence;
  friend bool operator==(const mariadb_gtid&, const mariadb_gtid&) = default;
};
/// "domain-server-sequence", e.g. "0-1-42".
std::string to_string(const mariadb_gtid& gtid);

struct mariadb_gtid_event {
  mariadb_gtid gtid;  // gtid.server_id comes from the event header
  std::uint8_t flags;
  std::uint64_t commit_id;  // 0 unless the event belongs to a group commit
  /// No terminating COMMIT/XID follows (DDL and other non-transactional groups).
  bool standalone() const noexcept;
};

struct gtid_list_event {
  std::vector<mariadb_gtid> gtids;
};

struct binlog_checkpoint_event {
  std::string file;
};

struct annotate_rows_event {
  std::string query;
};

struct heartbeat_event {
  std::string file;  // the position is header.next_pos
};

struct stop_event {};

struct column_def {
  std::uint8_t type;   // TABLE_MAP type code (ENUM/SET arrive as STRING: see column_real_type)
  std::uint16_t meta;  // type metadata, normalised as MySQL's table_def does
  bool nullable;
  bool is_unsigned;
  std::optional<std::string> name;
  std::uint16_t charset;  // collation id; 0 = unknown
  std::vector<std::string> enum_values;
  std::vector<std::string> set_values;
  std::uint32_t geometry_type = 0;  // GEOMETRY_TYPE metadata (0 = GEOMETRY, 1 = POINT, ...)
  bool visible = true;              // MySQL COLUMN_VISIBILITY metadata
};

/// The real column type: ENUM/SET/STRING for STRING columns (from the metadata), else `type`.
std::uint8_t column_real_type(const column_def& column) noexcept;
/// True for a string/blob column whose collation is `binary` (63).
bool is_binary(const column_def& column) noexcept;

struct table_map_event {
  std::uint64_t table_id;
  std::uint16_t flags;
  std::string schema;
  std::string table;
  std::vector<column_def> columns;
  std::vector<std::uint32_t> primary_key;  // 0-based column indexes, empty if unknown
  std::vector<std::uint32_t> primary_key_prefix;  // parallel to primary_key; 0 = whole column
};

/// partial_update = MySQL PARTIAL_UPDATE_ROWS (39): an update whose JSON columns may carry diffs.
enum class rows_kind : std::uint8_t { write, update, delete_, partial_update };

/// One changed row. Each present image has one cell per table column; a column the image does
/// not carry holds null_cell (see rows_event::before_columns/after_columns). An absent image
/// (before for write, after for delete) is empty.
struct row_change {
  std::vector<cell> before;
  std::vector<cell> after;
};

struct rows_event {
  rows_kind kind;
  std::uint64_t table_id;
  std::uint16_t flags;
  std::shared_ptr<const table_map_event> table;
  std::vector<bool> before_columns;  // columns present in before images (update/delete)
  std::vector<bool> after_columns;   // columns present in after images (write/update)
  std::vector<row_change> rows;
  /// STMT_END_F: the last rows event of its statement.
  bool end_of_statement() const noexcept;
};

/// MySQL GTID_LOG_EVENT (33), ANONYMOUS_GTID_LOG_EVENT (34) and GTID_TAGGED_LOG_EVENT (42).
struct mysql_gtid_event {
  bool anonymous;
  std::uint8_t flags;      // bit 0: may contain statement-based events
  std::string sid;         // source UUID, "93e95066-a2f4-11ec-9b69-9657f0ae95e2"
  std::int64_t gno;        // transaction number (0 for anonymous)
  std::int64_t last_committed;   // logical clock, 0 when absent
  std::int64_t sequence_number;
  std::string tag;         // MySQL 8.4 tagged GTIDs ("UUID:tag:N"); empty when untagged
};
/// "sid:gno" or "sid:tag:gno", e.g. "93e95066-a2f4-11ec-9b69-9657f0ae95e2:5".
std::string to_string(const mysql_gtid_event& gtid);

/// MySQL PREVIOUS_GTIDS_LOG_EVENT (35): the GTID set of earlier files, as MySQL prints it
/// ("uuid:1-4:7,uuid2:1-9"; intervals are inclusive).
struct previous_gtids_event {
  std::string gtid_set;
};

/// MySQL ROWS_QUERY_LOG_EVENT (29): the statement behind the rows events that follow.
struct rows_query_event {
  std::string query;
};

/// INTVAR_EVENT (5): LAST_INSERT_ID (type 1) or INSERT_ID (type 2) for the next statement.
struct intvar_event {
  std::uint8_t type;
  std::uint64_t value;
};

/// RAND_EVENT (13): the RAND() seeds for the next statement.
struct rand_event {
  std::uint64_t seed1;
  std::uint64_t seed2;
};

/// USER_VAR_EVENT (14): a user variable the next statement reads.
struct user_var_event {
  std::string name;
  bool is_null;
  std::uint8_t value_type;   // STRING_RESULT 0, REAL_RESULT 1, INT_RESULT 2, ROW_RESULT 3, DECIMAL_RESULT 4
  std::uint32_t charset;     // collation id of a string value
  std::string value;         // the value's bytes as the server wrote them
  std::uint8_t flags;        // bit 0: unsigned integer
};

struct event;

/// MySQL TRANSACTION_PAYLOAD_EVENT (40): a compressed run of whole events, decoded in order.
/// The inner events share the outer stream's TABLE_MAP state.
struct transaction_payload_event {
  std::uint8_t compression_type;     // 0 = zstd, 255 = none
  std::uint64_t uncompressed_size;
  std::vector<event> events;
};

/// Any event type this decoder does not interpret; skipped, never fatal.
struct unknown_event {
  std::uint8_t type_code;
  std::uint32_t size;
};

using event_body =
    std::variant<unknown_event, format_description_event, rotate_event, query_event, xid_event,
                 mariadb_gtid_event, gtid_list_event, binlog_checkpoint_event, annotate_rows_event,
                 table_map_event, rows_event, heartbeat_event, stop_event, mysql_gtid_event,
                 previous_gtids_event, rows_query_event, intvar_event, rand_event,
                 user_var_event, transaction_payload_event>;

struct event {
  event_header header;
  event_body body;
};

}  // namespace sluice::protocol
