#include "cli/event_json.hpp"

#include "protocol/event_type.hpp"

namespace sluice::cli {

namespace et = protocol::event_type;

// Spec: MySQL's Log_event_type (binlog_event.h) and MariaDB's (log_event.h); names without the
// _EVENT suffix and without row-event versions, as `binlog decode` prints them.
std::string_view event_type_name(std::uint8_t type_code) noexcept {
  switch (type_code) {
    case et::start_v3: return "START_V3";
    case et::query:
    case et::query_compressed: return "QUERY";
    case et::stop: return "STOP";
    case et::rotate: return "ROTATE";
    case et::intvar: return "INTVAR";
    case 6: return "LOAD";
    case 7: return "SLAVE";
    case 8: return "CREATE_FILE";
    case 9: return "APPEND_BLOCK";
    case 10: return "EXEC_LOAD";
    case 11: return "DELETE_FILE";
    case 12: return "NEW_LOAD";
    case et::rand: return "RAND";
    case et::user_var: return "USER_VAR";
    case et::format_description: return "FORMAT_DESCRIPTION";
    case et::xid: return "XID";
    case 17: return "BEGIN_LOAD_QUERY";
    case 18: return "EXECUTE_LOAD_QUERY";
    case et::table_map: return "TABLE_MAP";
    case 20:  // MySQL 5.1 pre-GA rows events (v0)
    case et::write_rows_v1:
    case et::write_rows_v2:
    case et::write_rows_compressed_v1:
    case et::write_rows_compressed_v2: return "WRITE_ROWS";
    case 21:
    case et::update_rows_v1:
    case et::update_rows_v2:
    case et::update_rows_compressed_v1:
    case et::update_rows_compressed_v2: return "UPDATE_ROWS";
    case 22:
    case et::delete_rows_v1:
    case et::delete_rows_v2:
    case et::delete_rows_compressed_v1:
    case et::delete_rows_compressed_v2: return "DELETE_ROWS";
    case et::incident: return "INCIDENT";
    case et::heartbeat:
    case et::heartbeat_v2: return "HEARTBEAT";
    case et::ignorable: return "IGNORABLE";
    case et::rows_query: return "ROWS_QUERY";
    case et::mysql_gtid:
    case et::mariadb_gtid:
    case 42: return "GTID";  // MySQL 8.4 GTID_TAGGED_LOG_EVENT
    case et::mysql_anonymous_gtid: return "ANONYMOUS_GTID";
    case et::mysql_previous_gtids: return "PREVIOUS_GTIDS";
    case 36: return "TRANSACTION_CONTEXT";
    case 37: return "VIEW_CHANGE";
    case et::xa_prepare: return "XA_PREPARE";
    case et::partial_update_rows: return "PARTIAL_UPDATE_ROWS";
    case et::transaction_payload: return "TRANSACTION_PAYLOAD";
    case et::annotate_rows: return "ANNOTATE_ROWS";
    case et::binlog_checkpoint: return "BINLOG_CHECKPOINT";
    case et::mariadb_gtid_list: return "GTID_LIST";
    case et::start_encryption: return "START_ENCRYPTION";
    default: return "UNKNOWN";
  }
}

}  // namespace sluice::cli
