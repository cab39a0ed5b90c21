#pragma once

// Internal: decoded TABLE_MAPs reused while their bytes do not change.

#include <cstdint>
#include <memory>
#include <span>
#include <unordered_map>
#include <vector>

#include <tl/expected.hpp>

#include "protocol/decode_error.hpp"
#include "protocol/events.hpp"

namespace sluice::protocol::detail {

struct decode_context;  // event_decoders.hpp

/// A server announces a table's TABLE_MAP again before every statement on it, with the same
/// bytes while the table is unchanged. On a stream of small transactions decoding and copying
/// that map again costs about as much as the rows themselves, so this keeps the last map
/// decoded for each table id with the bytes and context it came from, and hands the same shared
/// map back for the same bytes. Bounded: it starts afresh above max_entries table ids.
class table_map_cache {
 public:
  static constexpr std::size_t max_entries = 4096;

  /// The map `body` decodes to under `ctx` (shared: the caller must not change it).
  tl::expected<std::shared_ptr<const table_map_event>, decode_error> decode(std::span<const std::byte> body,
                                                                            const decode_context& ctx);
  void clear() noexcept { entries_.clear(); }

 private:
  struct entry {
    std::vector<std::byte> body;
    std::uint8_t post_header_length;
    bool mariadb;
    std::shared_ptr<const table_map_event> table;
  };
  std::unordered_map<std::uint64_t, entry> entries_;
};

}  // namespace sluice::protocol::detail
