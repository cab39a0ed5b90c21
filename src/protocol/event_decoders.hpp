#pragma once

// Internal: one decoder per event family, called by binlog_decoder. Each takes the event body
// (the bytes after the common header, without the CRC32 trailer) and never reads outside it.

#include <cstdint>
#include <span>
#include <vector>

#include <tl/expected.hpp>

#include "protocol/decode_error.hpp"
#include "protocol/events.hpp"

namespace sluice::protocol::detail {

/// What an event decoder may know about the stream besides its own bytes.
struct decode_context {
  const format_description_event* fde = nullptr;  // the stream's current FDE; null before one

  std::uint8_t post_header_length(std::uint8_t type_code, std::uint8_t fallback) const noexcept {
    return fde != nullptr ? fde->post_header_length(type_code, fallback) : fallback;
  }
  bool mariadb() const noexcept { return fde != nullptr && fde->is_mariadb(); }
};

/// FDE body including its checksum-algorithm byte and CRC32 trailer (when the server writes them).
tl::expected<format_description_event, decode_error> decode_format_description(
    std::span<const std::byte> body);
/// True when a server of this version writes the checksum-algorithm byte into its FDE.
bool server_writes_checksum(std::string_view server_version) noexcept;

tl::expected<rotate_event, decode_error> decode_rotate(std::span<const std::byte> body,
                                                       const decode_context& ctx);
tl::expected<query_event, decode_error> decode_query(std::span<const std::byte> body,
                                                     const decode_context& ctx, bool compressed);
tl::expected<xid_event, decode_error> decode_xid(std::span<const std::byte> body);
tl::expected<binlog_checkpoint_event, decode_error> decode_binlog_checkpoint(
    std::span<const std::byte> body, const decode_context& ctx);
tl::expected<annotate_rows_event, decode_error> decode_annotate_rows(std::span<const std::byte> body);
tl::expected<heartbeat_event, decode_error> decode_heartbeat(std::span<const std::byte> body);

tl::expected<mariadb_gtid_event, decode_error> decode_mariadb_gtid(std::span<const std::byte> body,
                                                                   const event_header& header,
                                                                   const decode_context& ctx);
tl::expected<gtid_list_event, decode_error> decode_gtid_list(std::span<const std::byte> body,
                                                             const decode_context& ctx);

tl::expected<mysql_gtid_event, decode_error> decode_mysql_gtid(std::span<const std::byte> body,
                                                               bool anonymous);
tl::expected<previous_gtids_event, decode_error> decode_previous_gtids(std::span<const std::byte> body);
tl::expected<rows_query_event, decode_error> decode_rows_query(std::span<const std::byte> body);

/// MySQL 8.4 GTID_TAGGED_LOG_EVENT (42), written in the mysql::serialization message format.
tl::expected<mysql_gtid_event, decode_error> decode_mysql_tagged_gtid(std::span<const std::byte> body);

tl::expected<intvar_event, decode_error> decode_intvar(std::span<const std::byte> body);
tl::expected<rand_event, decode_error> decode_rand(std::span<const std::byte> body);
tl::expected<user_var_event, decode_error> decode_user_var(std::span<const std::byte> body);

/// Largest uncompressed TRANSACTION_PAYLOAD accepted; a larger one is refused (bad_length), not allocated.
inline constexpr std::uint64_t max_uncompressed_payload = std::uint64_t{1} << 30;
/// A TRANSACTION_PAYLOAD body with its header read and its payload uncompressed.
struct unpacked_payload {
  std::uint8_t compression_type = 0;  // 0 = zstd, 255 = none
  std::uint64_t uncompressed_size = 0;
  std::vector<std::byte> bytes;       // the inner events, back to back
};
tl::expected<unpacked_payload, decode_error> unpack_transaction_payload(std::span<const std::byte> body);

tl::expected<table_map_event, decode_error> decode_table_map(std::span<const std::byte> body,
                                                             const decode_context& ctx);
/// Reads the TABLE_MAP optional-metadata TLVs (everything after the null bitmap) into `table`.
tl::expected<void, decode_error> apply_optional_metadata(std::span<const std::byte> tlvs,
                                                         bool mariadb, table_map_event& table);

/// The part of a rows event that can be read without its table.
struct rows_prefix {
  rows_kind kind;
  std::uint64_t table_id;
  std::uint16_t flags;
  bool compressed;                   // MariaDB log_bin_compress: the row data is zlib'd
  std::span<const std::byte> rest;   // column count onwards
};
/// Recognises the rows event types (v1, v2, MariaDB compressed); false for any other type.
bool is_rows_event(std::uint8_t type_code) noexcept;
tl::expected<rows_prefix, decode_error> decode_rows_prefix(std::span<const std::byte> body,
                                                           std::uint8_t type_code,
                                                           const decode_context& ctx);
/// Decodes bitmaps and rows; `table` may be null only for a rows event that carries no rows.
tl::expected<rows_event, decode_error> decode_rows(const rows_prefix& prefix,
                                                   std::shared_ptr<const table_map_event> table);

}  // namespace sluice::protocol::detail
