#include "db/binlog_stream.hpp"

#include <mysql.h>
#include <mariadb_rpl.h>
#include <errmsg.h>

namespace sluice::db {

tl::expected<binlog_stream, db_error> binlog_stream::open(const endpoint& ep, const binlog_start& start) {
  auto conn = connection::open(ep);
  if (!conn)
    return tl::unexpected(conn.error());
  // The server must send checksummed events exactly as written, with MariaDB's event types
  // (capability 4: GTID events) and heartbeats while idle.
  auto period_ns = std::chrono::duration_cast<std::chrono::nanoseconds>(start.heartbeat).count();
  for (const auto& sql : {std::string("SET @master_binlog_checksum = @@global.binlog_checksum"),
                                std::string("SET @mariadb_slave_capability = 4"),
                                "SET @master_heartbeat_period = " + std::to_string(period_ns)}) {
    if (auto r = conn->execute(sql); !r)
      return tl::unexpected(r.error());
  }
  MARIADB_RPL* rpl = mariadb_rpl_init(conn->handle());
  if (!rpl)
    return tl::unexpected(db_error{CR_OUT_OF_MEMORY, "HY000", "mariadb_rpl_init failed"});
  binlog_stream stream(std::move(*conn), rpl);
  mariadb_rpl_optionsv(rpl, MARIADB_RPL_FILENAME, start.file.c_str(), start.file.size());
  mariadb_rpl_optionsv(rpl, MARIADB_RPL_START, static_cast<unsigned long>(start.pos));
  mariadb_rpl_optionsv(rpl, MARIADB_RPL_SERVER_ID, start.server_id);
  mariadb_rpl_optionsv(rpl, MARIADB_RPL_FLAGS, 0);  // blocking dump
  if (mariadb_rpl_open(rpl) != 0) {
    db_error e{mysql_errno(stream.conn_.handle()), mysql_sqlstate(stream.conn_.handle()),
               mariadb_rpl_error(rpl)};
    if (e.code == 0)
      e.code = mariadb_rpl_errno(rpl);
    e.message = "binlog dump from " + ep.address() + " at (" + start.file + ", " +
                std::to_string(start.pos) + ") failed: " + e.message;
    return tl::unexpected(std::move(e));
  }
  return stream;
}

binlog_stream::binlog_stream(binlog_stream&& other) noexcept
    : conn_(std::move(other.conn_)), rpl_(other.rpl_), event_(other.event_), bytes_read_(other.bytes_read_) {
  other.rpl_ = nullptr;
  other.event_ = nullptr;
}

binlog_stream& binlog_stream::operator=(binlog_stream&& other) noexcept {
  if (this != &other) {
    close();
    conn_ = std::move(other.conn_);
    rpl_ = other.rpl_;
    event_ = other.event_;
    bytes_read_ = other.bytes_read_;
    other.rpl_ = nullptr;
    other.event_ = nullptr;
  }
  return *this;
}

binlog_stream::~binlog_stream() {
  close();
}

void binlog_stream::close() noexcept {
  if (event_) {
    mariadb_free_rpl_event(event_);
    event_ = nullptr;
  }
  if (rpl_) {
    mariadb_rpl_close(rpl_);
    rpl_ = nullptr;
  }
}

tl::expected<std::span<const std::byte>, db_error> binlog_stream::next() {
  event_ = mariadb_rpl_fetch(rpl_, event_);
  if (!event_) {
    db_error e{mysql_errno(conn_.handle()), mysql_sqlstate(conn_.handle()), mysql_error(conn_.handle())};
    if (e.code == 0) {
      e.code = mariadb_rpl_errno(rpl_);
      e.message = mariadb_rpl_error(rpl_);
    }
    if (e.code == 0) {
      e.code = CR_SERVER_LOST;
      e.message = "binlog stream ended";
    }
    e.message = "reading binlog from " + conn_.where().address() + ": " + e.message;
    return tl::unexpected(std::move(e));
  }
  // raw_data is the network packet: one OK byte (0x00), then the event exactly as the server sent it.
  const auto* raw = reinterpret_cast<const std::byte*>(event_->raw_data);
  std::size_t size = event_->raw_data_size;
  bytes_read_ += size;
  if (size > 0 && raw[0] == std::byte{0}) {
    ++raw;
    --size;
  }
  return std::span<const std::byte>(raw, size);
}

}  // namespace sluice::db
