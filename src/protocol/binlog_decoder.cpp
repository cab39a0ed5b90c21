#include "protocol/binlog_decoder.hpp"

#include "protocol/event_decoders.hpp"
#include "protocol/event_type.hpp"
#include "protocol/frame.hpp"

namespace sluice::protocol {

void binlog_decoder::reset() {
  fde_.reset();
  negotiated_ = checksum_alg::undefined;
  tables_.clear();
  statement_ended_ = false;
  encrypted_ = false;
}

std::shared_ptr<const table_map_event> binlog_decoder::table(std::uint64_t table_id) const {
  const auto it = tables_.find(table_id);
  return it == tables_.end() ? nullptr : it->second;
}

tl::expected<event, decode_error> binlog_decoder::decode(std::span<const std::byte> frame) {
  auto header = decode_event_header(frame);
  if (!header) return tl::unexpected(header.error());
  if (header->event_size > frame.size()) return tl::unexpected(decode_error::truncated);
  if (header->event_size < frame.size()) return tl::unexpected(decode_error::bad_length);
  // Spec: MariaDB "START_ENCRYPTION_EVENT": every event after it in the file is encrypted with a
  // key only the server holds. Stop at it rather than misread ciphertext.
  if (header->type_code == event_type::start_encryption) encrypted_ = true;
  if (encrypted_ && header->type_code != event_type::format_description)
    return tl::unexpected(decode_error::encrypted);
  auto decoded = header->type_code == event_type::format_description ? decode_format(frame, *header)
                                                                     : decode_frame(frame, *header);
  // Only a FORMAT_DESCRIPTION that decodes (the next file's) ends the encrypted stretch.
  if (!decoded && encrypted_) return tl::unexpected(decode_error::encrypted);
  return decoded;
}

// Spec: MySQL internals "FORMAT_DESCRIPTION_EVENT": the FDE carries its own checksum algorithm
// and is checksummed by it, whatever the previous FDE said.
tl::expected<event, decode_error> binlog_decoder::decode_format(std::span<const std::byte> frame,
                                                                const event_header& header) {
  auto fde = detail::decode_format_description(frame.subspan(event_header_size));
  const bool crc_ok = has_valid_checksum(frame);
  if (!fde) {
    // A damaged field in an FDE that claims CRC32 is reported as the checksum failure it is.
    const bool claims_crc = frame.size() >= event_header_size + checksum_size + 1 &&
                            frame[frame.size() - checksum_size - 1] == std::byte{1};
    return tl::unexpected(claims_crc && !crc_ok ? decode_error::bad_checksum : fde.error());
  }
  if (fde->checksum == checksum_alg::crc32 && !crc_ok) return tl::unexpected(decode_error::bad_checksum);
  fde_ = *fde;
  encrypted_ = false;
  return event{header, std::move(*fde)};
}

tl::expected<event, decode_error> binlog_decoder::decode_frame(std::span<const std::byte> frame,
                                                               const event_header& header) {
  const checksum_alg alg = fde_ ? fde_->checksum : negotiated_;
  // Events the server makes up for the stream (fake ROTATE, heartbeats) are checksummed by the
  // connection's rules, which need not match the file's FDE: trust a trailer only if it matches.
  const bool made_up = (header.flags & log_event_artificial_f) != 0 ||
                       header.type_code == event_type::heartbeat;
  bool strip = false;
  if (made_up || alg == checksum_alg::undefined) {
    strip = (alg != checksum_alg::off || !fde_) && has_valid_checksum(frame);
  } else if (alg == checksum_alg::crc32) {
    if (!has_valid_checksum(frame)) {
      return tl::unexpected(frame.size() < event_header_size + checksum_size ? decode_error::truncated
                                                                             : decode_error::bad_checksum);
    }
    strip = true;
  }
  auto payload = strip ? frame.first(frame.size() - checksum_size) : frame;
  const std::size_t header_length = fde_ ? fde_->common_header_length : event_header_size;
  if (payload.size() < header_length) return tl::unexpected(decode_error::truncated);

  auto body = decode_body(payload.subspan(header_length), header);
  if (!body) return tl::unexpected(body.error());
  return event{header, std::move(*body)};
}

tl::expected<event_body, decode_error> binlog_decoder::decode_body(std::span<const std::byte> body,
                                                                   const event_header& header) {
  const detail::decode_context ctx{format()};
  const auto wrap = [](auto&& decoded) -> tl::expected<event_body, decode_error> {
    if (!decoded) return tl::unexpected(decoded.error());
    return event_body{std::move(*decoded)};
  };
  switch (header.type_code) {
    case event_type::query: return wrap(detail::decode_query(body, ctx, false));
    case event_type::query_compressed: return wrap(detail::decode_query(body, ctx, true));
    case event_type::stop: return event_body{stop_event{}};
    case event_type::rotate: return wrap(detail::decode_rotate(body, ctx));
    case event_type::xid: return wrap(detail::decode_xid(body));
    case event_type::heartbeat: return wrap(detail::decode_heartbeat(body));
    case event_type::annotate_rows: return wrap(detail::decode_annotate_rows(body));
    case event_type::binlog_checkpoint: return wrap(detail::decode_binlog_checkpoint(body, ctx));
    case event_type::mariadb_gtid: return wrap(detail::decode_mariadb_gtid(body, header, ctx));
    case event_type::mariadb_gtid_list: return wrap(detail::decode_gtid_list(body, ctx));
    case event_type::mysql_gtid: return wrap(detail::decode_mysql_gtid(body, false));
    case event_type::mysql_anonymous_gtid: return wrap(detail::decode_mysql_gtid(body, true));
    case event_type::mysql_previous_gtids: return wrap(detail::decode_previous_gtids(body));
    case event_type::rows_query: return wrap(detail::decode_rows_query(body));
    case event_type::table_map: return decode_table_map(body);
    case event_type::gtid_tagged: return wrap(detail::decode_mysql_tagged_gtid(body));
    case event_type::intvar: return wrap(detail::decode_intvar(body));
    case event_type::rand: return wrap(detail::decode_rand(body));
    case event_type::user_var: return wrap(detail::decode_user_var(body));
    case event_type::transaction_payload: return decode_transaction_payload(body);
    case event_type::start_encryption: return tl::unexpected(decode_error::encrypted);
    default:
      if (detail::is_rows_event(header.type_code)) return decode_rows(body, header);
      return event_body{unknown_event{header.type_code, header.event_size}};
  }
}

tl::expected<event_body, decode_error> binlog_decoder::decode_table_map(std::span<const std::byte> body) {
  auto table = table_cache_.decode(body, detail::decode_context{format()});
  if (!table) return tl::unexpected(table.error());
  if (statement_ended_) {
    tables_.clear();  // table ids are only valid within the statement that mapped them
    statement_ended_ = false;
  }
  tables_[(*table)->table_id] = *table;
  return event_body{**table};
}

tl::expected<event_body, decode_error> binlog_decoder::decode_rows(std::span<const std::byte> body,
                                                                   const event_header& header) {
  const detail::decode_context ctx{format()};
  auto prefix = detail::decode_rows_prefix(body, header.type_code, ctx);
  if (!prefix) return tl::unexpected(prefix.error());
  auto rows = detail::decode_rows(*prefix, table(prefix->table_id));
  if (!rows) return tl::unexpected(rows.error());
  if (rows->end_of_statement()) statement_ended_ = true;
  return event_body{std::move(*rows)};
}

}  // namespace sluice::protocol
