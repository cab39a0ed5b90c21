#pragma once
// A blocking libmariadb client session for the test tools: run a statement, stream a result.

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <tl/expected.hpp>

struct st_mysql;

namespace sluice::tools {

/// Outcome of one statement: `code` 0 on success, else the server's or the client's error number.
struct sql_status {
  unsigned code = 0;
  std::string message;
  bool ok() const noexcept { return code == 0; }
};

/// One cell as the text protocol returns it; nullopt is SQL NULL.
using sql_cell = std::optional<std::string>;
using sql_row = std::vector<sql_cell>;

/// Where to connect. An empty `schema` connects without a default database.
struct sql_target {
  std::string host = "127.0.0.1";
  unsigned port = 3306;
  std::string user = "root";
  std::string password;
  std::string schema;
  std::string describe() const { return user + "@" + host + ":" + std::to_string(port); }
};

/// Move-only owner of one MYSQL handle, used by one thread at a time; closed on destruction.
/// Call mysql_library_init() once before sessions are opened from several threads.
class sql_session {
 public:
  static tl::expected<sql_session, sql_status> open(const sql_target& target);

  /// Runs one statement and discards whatever result it returns.
  sql_status run(std::string_view sql);
  /// Runs one query and hands each row, in order, to `on_row`.
  sql_status query(std::string_view sql, const std::function<void(const sql_row&)>& on_row);
  /// All rows of `sql`, held in memory (for small answers such as information_schema lookups).
  tl::expected<std::vector<sql_row>, sql_status> rows(std::string_view sql);

 private:
  struct closer {
    void operator()(st_mysql* m) const noexcept;
  };
  explicit sql_session(std::unique_ptr<st_mysql, closer> m) : mysql_(std::move(m)) {}
  sql_status last_status();

  std::unique_ptr<st_mysql, closer> mysql_;
};

/// `text` as a single-quoted SQL string literal (quotes and backslashes escaped; no session needed).
std::string sql_quote(std::string_view text);
/// `name` as a backquoted identifier.
std::string sql_ident(std::string_view name);

}  // namespace sluice::tools
