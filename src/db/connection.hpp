#pragma once
// One client connection (mariadb-connector-c), blocking. Used by detached actors only.

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <tl/expected.hpp>

#include "db/endpoint.hpp"

struct st_mysql;

namespace sluice::db {

using result_row = std::vector<std::optional<std::string>>;
using result_rows = std::vector<result_row>;

/// Move-only owner of a MYSQL handle. Not thread-safe: one thread at a time.
class connection {
 public:
  /// Connects, applies TLS settings and the session variables of `ep`.
  static tl::expected<connection, db_error> open(const endpoint& ep);

  connection(connection&&) noexcept = default;
  connection& operator=(connection&&) noexcept = default;
  ~connection() = default;

  tl::expected<void, db_error> execute(std::string_view sql);
  tl::expected<result_rows, db_error> query(std::string_view sql);
  /// Runs `statements` inside BEGIN ... COMMIT; rolls back on the first failure.
  tl::expected<void, db_error> execute_transaction(const std::vector<std::string>& statements);
  /// The same, sending the statements as multi-statement packets of up to `packet_bytes` each
  /// (BEGIN with the first, COMMIT with the last): one round trip for a typical batch instead
  /// of one per statement. A statement longer than `packet_bytes` goes alone.
  tl::expected<void, db_error> execute_transaction_packed(const std::vector<std::string>& statements,
                                                          std::size_t packet_bytes);

  /// Quoted string literal ('...') escaped for this connection's character set.
  std::string quote(std::string_view text);
  st_mysql* handle() noexcept { return mysql_.get(); }
  const endpoint& where() const noexcept { return endpoint_; }

 private:
  struct closer {
    void operator()(st_mysql* m) const noexcept;
  };
  connection(std::unique_ptr<st_mysql, closer> m, endpoint ep) : mysql_(std::move(m)), endpoint_(std::move(ep)) {}
  db_error last_error();

  std::unique_ptr<st_mysql, closer> mysql_;
  endpoint endpoint_;
  bool multi_statements_ = false;  // MYSQL_OPTION_MULTI_STATEMENTS_ON sent on this connection
};

}  // namespace sluice::db
