#include "protocol/table_map_cache.hpp"

#include <cstring>

#include "protocol/byte_reader.hpp"
#include "protocol/event_decoders.hpp"
#include "protocol/event_type.hpp"

namespace sluice::protocol::detail {

tl::expected<std::shared_ptr<const table_map_event>, decode_error> table_map_cache::decode(
    std::span<const std::byte> body, const decode_context& ctx) {
  // Everything decode_table_map's result depends on: the bytes, the post-header length (the
  // width of the table id) and whether the server is MariaDB (its optional metadata).
  const std::uint8_t post_header = ctx.post_header_length(event_type::table_map, 8);
  const bool mariadb = ctx.mariadb();
  byte_reader id_reader(body);
  const std::uint64_t table_id = id_reader.uint_le(post_header == 6 ? 4 : 6);
  if (id_reader.ok()) {
    const auto found = entries_.find(table_id);
    if (found != entries_.end() && found->second.post_header_length == post_header &&
        found->second.mariadb == mariadb && found->second.body.size() == body.size() &&
        std::memcmp(found->second.body.data(), body.data(), body.size()) == 0)
      return found->second.table;
  }

  auto decoded = decode_table_map(body, ctx);
  if (!decoded) return tl::unexpected(decoded.error());
  auto table = std::make_shared<const table_map_event>(std::move(*decoded));
  if (entries_.size() >= max_entries) entries_.clear();
  entry& slot = entries_[table->table_id];
  slot.body.assign(body.begin(), body.end());
  slot.post_header_length = post_header;
  slot.mariadb = mariadb;
  slot.table = table;
  return table;
}

}  // namespace sluice::protocol::detail
