#include "sql_session.hpp"

#include <mysql.h>

namespace sluice::tools {

void sql_session::closer::operator()(st_mysql* m) const noexcept {
  mysql_close(m);
}

sql_status sql_session::last_status() {
  return sql_status{mysql_errno(mysql_.get()), mysql_error(mysql_.get())};
}

tl::expected<sql_session, sql_status> sql_session::open(const sql_target& target) {
  std::unique_ptr<st_mysql, closer> m(mysql_init(nullptr));
  if (!m)
    return tl::unexpected(sql_status{2008, "mysql_init failed: out of memory"});
  unsigned timeout = 10;
  mysql_optionsv(m.get(), MYSQL_OPT_CONNECT_TIMEOUT, &timeout);
  mysql_optionsv(m.get(), MYSQL_SET_CHARSET_NAME, "utf8mb4");
  const char* schema = target.schema.empty() ? nullptr : target.schema.c_str();
  if (!mysql_real_connect(m.get(), target.host.c_str(), target.user.c_str(), target.password.c_str(), schema,
                          target.port, nullptr, CLIENT_MULTI_RESULTS)) {
    return tl::unexpected(sql_status{mysql_errno(m.get()),
                                     "cannot connect to " + target.describe() + ": " + mysql_error(m.get())});
  }
  return sql_session(std::move(m));
}

sql_status sql_session::run(std::string_view sql) {
  if (mysql_real_query(mysql_.get(), sql.data(), sql.size()) != 0)
    return last_status();
  // Drain every result (a statement may return one; CLIENT_MULTI_RESULTS may add more).
  int more = 0;
  do {
    if (MYSQL_RES* res = mysql_store_result(mysql_.get()))
      mysql_free_result(res);
    else if (mysql_field_count(mysql_.get()) != 0)
      return last_status();
    more = mysql_next_result(mysql_.get());
    if (more > 0)
      return last_status();
  } while (more == 0);
  return {};
}

sql_status sql_session::query(std::string_view sql, const std::function<void(const sql_row&)>& on_row) {
  if (mysql_real_query(mysql_.get(), sql.data(), sql.size()) != 0)
    return last_status();
  MYSQL_RES* res = mysql_use_result(mysql_.get());
  if (!res) {
    if (mysql_field_count(mysql_.get()) != 0)
      return last_status();
    return {};  // a statement without a result set: no rows
  }
  const unsigned columns = mysql_num_fields(res);
  sql_row row(columns);
  while (MYSQL_ROW r = mysql_fetch_row(res)) {
    const unsigned long* lengths = mysql_fetch_lengths(res);
    for (unsigned i = 0; i < columns; ++i) {
      if (r[i] == nullptr)
        row[i].reset();
      else
        row[i].emplace(r[i], lengths[i]);
    }
    on_row(row);
  }
  sql_status status = last_status();  // mysql_fetch_row returns NULL on the end and on errors
  mysql_free_result(res);
  while (mysql_next_result(mysql_.get()) == 0) {
    if (MYSQL_RES* extra = mysql_store_result(mysql_.get()))
      mysql_free_result(extra);
  }
  return status;
}

tl::expected<std::vector<sql_row>, sql_status> sql_session::rows(std::string_view sql) {
  std::vector<sql_row> out;
  sql_status status = query(sql, [&](const sql_row& row) { out.push_back(row); });
  if (!status.ok())
    return tl::unexpected(std::move(status));
  return out;
}

std::string sql_quote(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 2);
  out += '\'';
  for (char c : text) {
    switch (c) {
      case '\'': out += "''"; break;
      case '\\': out += "\\\\"; break;
      case '\0': out += "\\0"; break;
      default: out += c;
    }
  }
  out += '\'';
  return out;
}

std::string sql_ident(std::string_view name) {
  std::string out = "`";
  for (char c : name) {
    if (c == '`')
      out += '`';
    out += c;
  }
  return out + "`";
}

}  // namespace sluice::tools
