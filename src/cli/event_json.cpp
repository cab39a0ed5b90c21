#include "cli/event_json.hpp"

#include <algorithm>
#include <bit>
#include <charconv>
#include <type_traits>
#include <variant>

#include "protocol/byte_reader.hpp"
#include "protocol/column_type.hpp"
#include "protocol/event_type.hpp"
#include "protocol/value_decoders.hpp"

namespace sluice::cli {
namespace {

namespace et = protocol::event_type;

template <typename T>
void append_number(std::string& out, T value) {
  char buf[32];
  const auto result = std::to_chars(buf, buf + sizeof buf, value);
  out.append(buf, result.ptr);
}

// `,"key":` ready for a value.
void key(std::string& out, std::string_view name) {
  out += ",\"";
  out += name;
  out += "\":";
}

template <typename T>
void number_field(std::string& out, std::string_view name, T value) {
  key(out, name);
  append_number(out, value);
}

// Names, statements and file names are the server's bytes in its system charset (UTF-8), or in
// the client's charset for a statement: printed as text when they are UTF-8, as hex otherwise.
void text_field(std::string& out, std::string_view name, std::string_view bytes) {
  key(out, name);
  if (is_valid_utf8(bytes)) {
    append_json_string(out, bytes);
  } else {
    append_hex_object(out, bytes);
  }
}

void bool_field(std::string& out, std::string_view name, bool value) {
  key(out, name);
  out += value ? "true" : "false";
}

bool is_compressed(std::uint8_t type_code) noexcept {
  return type_code >= et::query_compressed && type_code <= et::delete_rows_compressed_v2;
}

const char* checksum_name(protocol::checksum_alg alg) noexcept {
  switch (alg) {
    case protocol::checksum_alg::off: return "off";
    case protocol::checksum_alg::crc32: return "crc32";
    case protocol::checksum_alg::undefined: break;
  }
  return "undefined";
}

// 1-based numbers of the columns an image carries; empty when it carries all of them.
bool is_partial(const std::vector<bool>& present) noexcept {
  return std::find(present.begin(), present.end(), false) != present.end();
}

void column_numbers_field(std::string& out, std::string_view name, const std::vector<bool>& present) {
  key(out, name);
  out.push_back('[');
  bool first = true;
  for (std::size_t i = 0; i < present.size(); ++i) {
    if (!present[i]) continue;
    if (!first) out.push_back(',');
    first = false;
    append_number(out, i + 1);
  }
  out.push_back(']');
}

constexpr std::uint8_t string_result = 0, real_result = 1, int_result = 2, decimal_result = 4;

}  // namespace

tl::expected<void, std::string> event_json_writer::append(std::string& out, const protocol::event& ev,
                                                          std::uint64_t pos,
                                                          std::optional<std::uint64_t> in_payload) {
  const std::size_t rollback = out.size();
  const auto& h = ev.header;
  out += "{\"pos\":";
  append_number(out, pos);
  number_field(out, "next_pos", h.next_pos);
  key(out, "type");
  out.push_back('"');
  out += event_type_name(h.type_code);
  out.push_back('"');
  number_field(out, "type_code", h.type_code);
  number_field(out, "timestamp", h.timestamp);
  number_field(out, "server_id", h.server_id);
  if (in_payload) number_field(out, "in_payload", *in_payload);
  if (is_compressed(h.type_code)) bool_field(out, "compressed", true);

  tl::expected<void, std::string> result;
  std::visit(
      [&](const auto& body) {
        using T = std::decay_t<decltype(body)>;
        namespace p = protocol;
        if constexpr (std::is_same_v<T, p::format_description_event>) {
          number_field(out, "binlog_version", body.binlog_version);
          text_field(out, "server_version", body.server_version);
          key(out, "checksum");
          append_json_string(out, checksum_name(body.checksum));
        } else if constexpr (std::is_same_v<T, p::rotate_event>) {
          text_field(out, "next_file", body.next_file);
          number_field(out, "position", body.position);
        } else if constexpr (std::is_same_v<T, p::query_event>) {
          text_field(out, "schema", body.schema);
          text_field(out, "query", body.query);
        } else if constexpr (std::is_same_v<T, p::xid_event>) {
          number_field(out, "xid", body.xid);
        } else if constexpr (std::is_same_v<T, p::mariadb_gtid_event>) {
          text_field(out, "gtid", to_string(body.gtid));
          bool_field(out, "standalone", body.standalone());
          if (body.commit_id != 0) number_field(out, "commit_id", body.commit_id);
        } else if constexpr (std::is_same_v<T, p::gtid_list_event>) {
          key(out, "gtids");
          out.push_back('[');
          for (std::size_t i = 0; i < body.gtids.size(); ++i) {
            if (i > 0) out.push_back(',');
            append_json_string(out, to_string(body.gtids[i]));
          }
          out.push_back(']');
        } else if constexpr (std::is_same_v<T, p::binlog_checkpoint_event> ||
                             std::is_same_v<T, p::heartbeat_event>) {
          text_field(out, "file", body.file);
        } else if constexpr (std::is_same_v<T, p::annotate_rows_event> ||
                             std::is_same_v<T, p::rows_query_event>) {
          text_field(out, "query", body.query);
        } else if constexpr (std::is_same_v<T, p::table_map_event>) {
          append_table_map(out, body);
        } else if constexpr (std::is_same_v<T, p::rows_event>) {
          result = append_rows(out, body);
        } else if constexpr (std::is_same_v<T, p::mysql_gtid_event>) {
          if (!body.anonymous) text_field(out, "gtid", to_string(body));
          number_field(out, "last_committed", body.last_committed);
          number_field(out, "sequence_number", body.sequence_number);
        } else if constexpr (std::is_same_v<T, p::previous_gtids_event>) {
          text_field(out, "gtid_set", body.gtid_set);
        } else if constexpr (std::is_same_v<T, p::intvar_event>) {
          key(out, "name");
          out += body.type == 1 ? "\"LAST_INSERT_ID\"" : body.type == 2 ? "\"INSERT_ID\"" : "\"INVALID_INT\"";
          number_field(out, "value", body.value);
        } else if constexpr (std::is_same_v<T, p::rand_event>) {
          number_field(out, "seed1", body.seed1);
          number_field(out, "seed2", body.seed2);
        } else if constexpr (std::is_same_v<T, p::user_var_event>) {
          append_user_var(out, body);
        } else if constexpr (std::is_same_v<T, p::transaction_payload_event>) {
          key(out, "compression");
          if (body.compression_type == 0) {
            out += "\"zstd\"";
          } else if (body.compression_type == 255) {
            out += "\"none\"";
          } else {
            append_number(out, body.compression_type);
          }
          number_field(out, "uncompressed_size", body.uncompressed_size);
          number_field(out, "events", body.events.size());
        } else {
          static_assert(std::is_same_v<T, p::unknown_event> || std::is_same_v<T, p::stop_event>,
                        "every event body is written");
        }
      },
      ev.body);
  if (!result) {
    out.resize(rollback);
    return result;
  }
  out += "}\n";
  return {};
}

void event_json_writer::append_table_map(std::string& out, const protocol::table_map_event& table) {
  number_field(out, "table_id", table.table_id);
  text_field(out, "schema", table.schema);
  text_field(out, "table", table.table);
  key(out, "column_types");
  out.push_back('[');
  for (std::size_t i = 0; i < table.columns.size(); ++i) {
    if (i > 0) out.push_back(',');
    out.push_back('"');
    out += protocol::column_type_name(protocol::column_real_type(table.columns[i]));
    out.push_back('"');
  }
  out.push_back(']');
  const bool named = std::any_of(table.columns.begin(), table.columns.end(),
                                 [](const protocol::column_def& c) { return c.name.has_value(); });
  key(out, "columns");
  if (!named) {
    out += "null";
  } else {
    out.push_back('[');
    for (std::size_t i = 0; i < table.columns.size(); ++i) {
      if (i > 0) out.push_back(',');
      const auto& name = table.columns[i].name;
      if (!name) {
        out += "null";
      } else if (is_valid_utf8(*name)) {
        append_json_string(out, *name);
      } else {
        append_hex_object(out, *name);
      }
    }
    out.push_back(']');
  }
  key(out, "collations");
  out.push_back('[');
  for (std::size_t i = 0; i < table.columns.size(); ++i) {
    if (i > 0) out.push_back(',');
    if (table.columns[i].charset == 0) {
      out += "null";
    } else {
      append_number(out, table.columns[i].charset);
    }
  }
  out.push_back(']');
  if (!table.primary_key.empty()) {
    key(out, "primary_key");
    out.push_back('[');
    for (std::size_t i = 0; i < table.primary_key.size(); ++i) {
      if (i > 0) out.push_back(',');
      append_number(out, table.primary_key[i] + 1);
    }
    out.push_back(']');
  }
}

const std::vector<column_format>& event_json_writer::formats_of(
    const std::shared_ptr<const protocol::table_map_event>& table) {
  if (table != cached_table_) {
    cached_table_ = table;
    cached_formats_.clear();
    for (const auto& column : table->columns) cached_formats_.push_back(format_of(column));
  }
  return cached_formats_;
}

tl::expected<void, std::string> event_json_writer::append_rows(std::string& out,
                                                               const protocol::rows_event& rows) {
  number_field(out, "table_id", rows.table_id);
  if (!rows.table) {  // a rows event without rows may name no mapped table
    out += ",\"schema\":null,\"table\":null,\"rows\":[]";
    return {};
  }
  text_field(out, "schema", rows.table->schema);
  text_field(out, "table", rows.table->table);
  const bool has_before = rows.kind != protocol::rows_kind::write;
  const bool has_after = rows.kind != protocol::rows_kind::delete_;
  if (has_before && is_partial(rows.before_columns)) column_numbers_field(out, "before_columns", rows.before_columns);
  if (has_after && is_partial(rows.after_columns)) column_numbers_field(out, "after_columns", rows.after_columns);

  const auto& formats = formats_of(rows.table);
  const auto image = [&](std::string_view name, const std::vector<protocol::cell>& cells,
                         const std::vector<bool>& present) -> tl::expected<void, std::string> {
    out += "\"";
    out += name;
    out += "\":[";
    bool first = true;
    for (std::size_t i = 0; i < cells.size() && i < formats.size(); ++i) {
      if (i < present.size() && !present[i]) continue;
      if (!first) out.push_back(',');
      first = false;
      if (auto ok = append_cell(out, cells[i], formats[i], converter_); !ok) {
        return tl::unexpected(std::string(protocol::to_string(ok.error())) + " in JSON column " +
                              std::to_string(i + 1) + " of " + rows.table->schema + "." +
                              rows.table->table);
      }
    }
    out.push_back(']');
    return {};
  };

  key(out, "rows");
  out.push_back('[');
  for (std::size_t r = 0; r < rows.rows.size(); ++r) {
    if (r > 0) out.push_back(',');
    out.push_back('{');
    const auto& change = rows.rows[r];
    if (has_before) {
      if (auto ok = image("before", change.before, rows.before_columns); !ok) return ok;
    }
    if (has_after) {
      if (has_before) out.push_back(',');
      if (auto ok = image("after", change.after, rows.after_columns); !ok) return ok;
    }
    out.push_back('}');
  }
  out.push_back(']');
  return {};
}

// Spec: MySQL statement_events.h "User_var_event": the value's bytes by its Item_result type.
void event_json_writer::append_user_var(std::string& out, const protocol::user_var_event& var) {
  text_field(out, "name", var.name);
  key(out, "value");
  if (var.is_null) {
    out += "null";
    return;
  }
  const auto bytes = std::as_bytes(std::span(var.value.data(), var.value.size()));
  protocol::byte_reader r(bytes);
  switch (var.value_type) {
    case string_result: {
      charset_id cs;
      const bool known = var.charset <= 0xffff && charset_of_collation(static_cast<std::uint16_t>(var.charset), cs);
      append_text(out, var.value, known ? std::optional(cs) : std::nullopt, converter_);
      return;
    }
    case real_result:
      if (var.value.size() == 8) {
        append_cell(out, std::bit_cast<double>(r.u64()), column_format{}, converter_);
        return;
      }
      break;
    case int_result:
      if (var.value.size() == 8) {
        const std::uint64_t raw = r.u64();
        if ((var.flags & 1U) != 0) {
          append_number(out, raw);
        } else {
          append_number(out, static_cast<std::int64_t>(raw));
        }
        return;
      }
      break;
    case decimal_result:
      if (var.value.size() >= 2) {
        const auto precision = static_cast<std::uint16_t>(r.u8());
        const auto scale = static_cast<std::uint16_t>(r.u8());
        auto decimal = protocol::detail::decode_newdecimal(r, static_cast<std::uint16_t>(precision << 8 | scale));
        if (decimal && r.ok()) {
          append_cell(out, *decimal, column_format{}, converter_);
          return;
        }
      }
      break;
    default:
      break;
  }
  append_hex_object(out, var.value);  // a value whose bytes do not fit its type
}

}  // namespace sluice::cli
