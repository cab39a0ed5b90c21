#pragma once
// The upstream binlog as a byte stream: COM_BINLOG_DUMP through mariadb_rpl, used as transport only.
// Every event's raw bytes go to src/protocol; nothing here interprets rows.

#include <chrono>
#include <cstddef>
#include <memory>
#include <span>
#include <string>

#include <tl/expected.hpp>

#include "db/connection.hpp"

struct st_mariadb_rpl;
struct st_mariadb_rpl_event;

namespace sluice::db {

struct binlog_start {
  std::string file;
  std::uint32_t pos = 4;
  std::uint32_t server_id = 0;  // our replica id; must differ from every real replica's
  std::chrono::milliseconds heartbeat{1000};
};

/// Owns one dump connection in blocking mode. `next()` blocks until the upstream sends an event
/// (heartbeats arrive when it is idle), follows rotations, and fails when the connection drops.
class binlog_stream {
 public:
  static tl::expected<binlog_stream, db_error> open(const endpoint& ep, const binlog_start& start);

  binlog_stream(binlog_stream&&) noexcept;
  binlog_stream& operator=(binlog_stream&&) noexcept;
  ~binlog_stream();

  /// The next event, header through checksum; valid until the next call.
  tl::expected<std::span<const std::byte>, db_error> next();
  /// Bytes received so far, for metrics.
  std::uint64_t bytes_read() const noexcept { return bytes_read_; }

 private:
  binlog_stream(connection conn, st_mariadb_rpl* rpl) : conn_(std::move(conn)), rpl_(rpl) {}
  void close() noexcept;

  connection conn_;
  st_mariadb_rpl* rpl_ = nullptr;
  st_mariadb_rpl_event* event_ = nullptr;
  std::uint64_t bytes_read_ = 0;
};

}  // namespace sluice::db
