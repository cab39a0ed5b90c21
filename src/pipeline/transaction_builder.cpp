#include "pipeline/transaction_builder.hpp"

#include <algorithm>

#include <type_traits>

#include "pipeline/ddl_statement.hpp"

namespace sluice::pipeline {

namespace {

bool iequals_prefix(std::string_view text, std::string_view word) {
  if (text.size() < word.size())
    return false;
  for (std::size_t i = 0; i < word.size(); ++i) {
    char c = text[i];
    if (c >= 'a' && c <= 'z')
      c = static_cast<char>(c - 'a' + 'A');
    if (c != word[i])
      return false;
  }
  return text.size() == word.size() || text[word.size()] == ' ' || text[word.size()] == ';';
}

row_kind kind_of(protocol::rows_kind k) {
  switch (k) {
    case protocol::rows_kind::write:
      return row_kind::insert;
    case protocol::rows_kind::update:
    case protocol::rows_kind::partial_update:  // JSON diffs are refused when the row is applied
      return row_kind::update;
    case protocol::rows_kind::delete_:
      return row_kind::erase;
  }
  return row_kind::insert;
}

}  // namespace

transaction_builder::transaction_builder(binlog_position start)
    : file_(start.file), emitted_(start), reached_(start.pos) {}

std::optional<transaction> transaction_builder::finish(std::uint32_t next_pos) {
  if (next_pos != 0)
    reached_ = next_pos;
  auto t = std::move(open_);
  open_.reset();
  standalone_ = false;
  t->end = binlog_position{file_, reached_};
  emitted_ = t->end;
  return t;
}

void transaction_builder::advance_outside_transaction(std::uint32_t next_pos) {
  if (next_pos > reached_)
    reached_ = next_pos;
}

void transaction_builder::append_rows(const protocol::rows_event& rows, std::uint32_t event_pos) {
  if (!rows.table)
    return;
  table_name name{rows.table->schema, rows.table->table};
  const auto partial = [](const std::vector<bool>& present) -> std::shared_ptr<const std::vector<bool>> {
    if (std::all_of(present.begin(), present.end(), [](bool p) { return p; }))
      return nullptr;
    return std::make_shared<const std::vector<bool>>(present);
  };
  auto before_present = partial(rows.before_columns);
  auto after_present = partial(rows.after_columns);
  for (const auto& change : rows.rows) {
    row_op op;
    op.kind = kind_of(rows.kind);
    op.source = name;
    op.target = name;
    op.table = rows.table;
    op.before = change.before;
    op.after = change.after;
    op.event_pos = event_pos;
    if (!op.before.empty())
      op.before_present = before_present;
    if (!op.after.empty())
      op.after_present = after_present;
    open_->rows.push_back(std::move(op));
  }
}

void transaction_builder::on_query(const protocol::event& ev, std::uint32_t next_pos,
                                   const protocol::query_event& q, std::optional<transaction>& out) {
  std::string_view text = q.query;
  if (iequals_prefix(text, "BEGIN") || iequals_prefix(text, "XA START")) {
    if (!open_) {
      open_.emplace();
      open_->timestamp = ev.header.timestamp;
    }
    return;
  }
  if (iequals_prefix(text, "COMMIT") || iequals_prefix(text, "XA COMMIT")) {
    if (open_)
      out = finish(next_pos);
    return;
  }
  if (iequals_prefix(text, "ROLLBACK")) {
    // A rolled-back group (non-transactional engines) still moves the position, without its rows.
    if (open_) {
      open_->rows.clear();
      out = finish(next_pos);
    }
    return;
  }
  // Any other statement in ROW format is DDL or administrative; it stands alone.
  if (open_ && !standalone_ && !open_->rows.empty())
    return;  // a statement inside a row transaction (e.g. SAVEPOINT): nothing to apply
  if (!open_) {
    open_.emplace();
    open_->timestamp = ev.header.timestamp;
  }
  open_->ddl = parse_ddl(q.schema, q.query);
  if (!open_->ddl->is_replicable())
    open_->ddl.reset();
  out = finish(next_pos);
}

// MySQL compresses each transaction into one TRANSACTION_PAYLOAD: its inner events carry no
// position of their own, so the whole transaction ends where the payload event ends.
void transaction_builder::on_payload(const protocol::transaction_payload_event& payload,
                                     std::uint32_t next_pos, std::optional<transaction>& out) {
  for (const auto& inner : payload.events) {
    if (auto done = on_event_at(inner, 0))
      out = std::move(done);
  }
  if (out) {
    reached_ = next_pos != 0 ? next_pos : reached_;
    out->end = binlog_position{file_, reached_};
    emitted_ = out->end;
  } else if (open_) {
    if (next_pos != 0)
      reached_ = next_pos;
  } else {
    advance_outside_transaction(next_pos);
  }
}

std::optional<transaction> transaction_builder::on_event(const protocol::event& ev) {
  return on_event_at(ev, ev.header.next_pos);
}

std::optional<transaction> transaction_builder::on_event_at(const protocol::event& ev,
                                                            std::uint32_t next_pos) {
  std::optional<transaction> out;
  std::visit(
      [&](const auto& body) {
        using T = std::decay_t<decltype(body)>;
        if constexpr (std::is_same_v<T, protocol::rotate_event>) {
          file_ = body.next_file;
          reached_ = static_cast<std::uint32_t>(body.position);
          if (!open_ && emitted_ != binlog_position{file_, reached_}) {
            emitted_ = binlog_position{file_, reached_};
            out.emplace();
            out->end = emitted_;
          }
        } else if constexpr (std::is_same_v<T, protocol::mariadb_gtid_event>) {
          open_.emplace();
          open_->gtid = protocol::to_string(body.gtid);
          open_->timestamp = ev.header.timestamp;
          standalone_ = body.standalone();
          if (next_pos != 0)
            reached_ = next_pos;
        } else if constexpr (std::is_same_v<T, protocol::mysql_gtid_event>) {
          open_.emplace();
          if (!body.anonymous)
            open_->gtid = protocol::to_string(body);
          open_->timestamp = ev.header.timestamp;
          standalone_ = false;
          if (next_pos != 0)
            reached_ = next_pos;
        } else if constexpr (std::is_same_v<T, protocol::transaction_payload_event>) {
          on_payload(body, next_pos, out);
        } else if constexpr (std::is_same_v<T, protocol::query_event>) {
          on_query(ev, next_pos, body, out);
        } else if constexpr (std::is_same_v<T, protocol::rows_event>) {
          if (!open_) {
            open_.emplace();
            open_->timestamp = ev.header.timestamp;
          }
          append_rows(body, reached_);  // reached_: where this event starts
          if (next_pos != 0)
            reached_ = next_pos;
        } else if constexpr (std::is_same_v<T, protocol::xid_event>) {
          if (open_)
            out = finish(next_pos);
          else
            advance_outside_transaction(next_pos);
        } else if constexpr (std::is_same_v<T, protocol::heartbeat_event>) {
          // The server sends heartbeats only when it has nothing more to send: everything up to
          // here was read, so an idle stream's position catches up with the upstream.
          if (!open_ && body.file == file_ && next_pos > reached_)
            reached_ = next_pos;
          if (!open_ && emitted_ != binlog_position{file_, reached_}) {
            emitted_ = binlog_position{file_, reached_};
            out.emplace();
            out->end = emitted_;
          }
        } else if constexpr (std::is_same_v<T, protocol::unknown_event>) {
          // MariaDB's XA_PREPARE_LOG_EVENT (38) ends the prepared part of an XA transaction: its
          // rows are final from the binlog's point of view; XA COMMIT follows as its own group.
          if (open_ && body.type_code == 38)
            out = finish(next_pos);
          else if (!open_)
            advance_outside_transaction(next_pos);
          else if (next_pos != 0)
            reached_ = next_pos;
        } else {
          if (open_) {
            if (next_pos != 0)
              reached_ = next_pos;
          } else {
            advance_outside_transaction(next_pos);
          }
        }
      },
      ev.body);
  return out;
}

}  // namespace sluice::pipeline
