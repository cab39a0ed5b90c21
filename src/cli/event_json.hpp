#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <tl/expected.hpp>

#include "cli/cell_json.hpp"
#include "cli/charset.hpp"
#include "protocol/events.hpp"

namespace sluice::cli {

/// The name `binlog decode` prints for an event type code: "WRITE_ROWS" for v0/v1/v2 and
/// MariaDB's compressed rows events alike, "QUERY" also for QUERY_COMPRESSED, "GTID" for
/// MySQL's GTID and GTID_TAGGED and MariaDB's GTID; "UNKNOWN" for codes neither server uses.
std::string_view event_type_name(std::uint8_t type_code) noexcept;

/// Renders decoded events as one compact JSON object per line (the shapes are listed in
/// src/cli/README.md). Owned by one `binlog decode` run: it caches the column formats of the
/// last table it wrote rows for and the charset converters. Not thread-safe.
class event_json_writer {
 public:
  /// Appends the line for `ev` (ending in '\n') to `out`. `pos` is where the event starts (in
  /// its file, or inside its TRANSACTION_PAYLOAD); `in_payload` is the enclosing payload's pos.
  /// On failure (a JSON column that does not decode) `out` is left as it was and the reason
  /// names the column.
  tl::expected<void, std::string> append(std::string& out, const protocol::event& ev,
                                         std::uint64_t pos,
                                         std::optional<std::uint64_t> in_payload = std::nullopt);

 private:
  tl::expected<void, std::string> append_rows(std::string& out, const protocol::rows_event& rows);
  void append_table_map(std::string& out, const protocol::table_map_event& table);
  void append_user_var(std::string& out, const protocol::user_var_event& var);
  const std::vector<column_format>& formats_of(const std::shared_ptr<const protocol::table_map_event>& table);

  utf8_converter converter_;
  std::shared_ptr<const protocol::table_map_event> cached_table_;
  std::vector<column_format> cached_formats_;
};

}  // namespace sluice::cli
