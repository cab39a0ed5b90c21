#include "protocol/column_type.hpp"

namespace sluice::protocol {

const char* column_type_name(std::uint8_t type) noexcept {
  switch (type) {
    case column_type::decimal: return "DECIMAL";
    case column_type::tiny: return "TINY";
    case column_type::short_: return "SHORT";
    case column_type::long_: return "LONG";
    case column_type::float_: return "FLOAT";
    case column_type::double_: return "DOUBLE";
    case column_type::null: return "NULL";
    case column_type::timestamp: return "TIMESTAMP";
    case column_type::longlong: return "LONGLONG";
    case column_type::int24: return "INT24";
    case column_type::date: return "DATE";
    case column_type::time: return "TIME";
    case column_type::datetime: return "DATETIME";
    case column_type::year: return "YEAR";
    case column_type::newdate: return "NEWDATE";
    case column_type::varchar: return "VARCHAR";
    case column_type::bit: return "BIT";
    case column_type::timestamp2: return "TIMESTAMP2";
    case column_type::datetime2: return "DATETIME2";
    case column_type::time2: return "TIME2";
    case column_type::mariadb_blob_compressed: return "BLOB_COMPRESSED";
    case column_type::mariadb_varchar_compressed: return "VARCHAR_COMPRESSED";
    case column_type::json: return "JSON";
    case column_type::newdecimal: return "NEWDECIMAL";
    case column_type::enum_: return "ENUM";
    case column_type::set: return "SET";
    case column_type::tiny_blob: return "TINY_BLOB";
    case column_type::medium_blob: return "MEDIUM_BLOB";
    case column_type::long_blob: return "LONG_BLOB";
    case column_type::blob: return "BLOB";
    case column_type::var_string: return "VAR_STRING";
    case column_type::string: return "STRING";
    case column_type::geometry: return "GEOMETRY";
    default: return "UNKNOWN";
  }
}

}  // namespace sluice::protocol
