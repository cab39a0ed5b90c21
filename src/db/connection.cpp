#include "db/connection.hpp"

#include <mysql.h>
#include <errmsg.h>
#include <mysqld_error.h>

namespace sluice::db {

bool db_error::transient() const noexcept {
  switch (code) {
    case CR_SERVER_GONE_ERROR:
    case CR_SERVER_LOST:
    case CR_CONN_HOST_ERROR:
    case CR_CONNECTION_ERROR:
    case CR_SERVER_LOST_EXTENDED:
    case ER_LOCK_DEADLOCK:
    case ER_LOCK_WAIT_TIMEOUT:
    case ER_CON_COUNT_ERROR:
    case ER_SERVER_SHUTDOWN:
    case ER_CONNECTION_KILLED:
    case ER_QUERY_INTERRUPTED:
      return true;
    default:
      return false;
  }
}

std::string db_error::to_string() const {
  std::string s = "ERROR " + std::to_string(code);
  if (!sqlstate.empty())
    s += " (" + sqlstate + ")";
  return s + ": " + message;
}

void connection::closer::operator()(st_mysql* m) const noexcept {
  mysql_close(m);
}

db_error connection::last_error() {
  return db_error{mysql_errno(mysql_.get()), mysql_sqlstate(mysql_.get()), mysql_error(mysql_.get())};
}

tl::expected<connection, db_error> connection::open(const endpoint& ep) {
  std::unique_ptr<st_mysql, closer> m(mysql_init(nullptr));
  if (!m)
    return tl::unexpected(db_error{CR_OUT_OF_MEMORY, "HY000", "mysql_init failed"});
  unsigned timeout = static_cast<unsigned>(ep.connect_timeout.count());
  mysql_optionsv(m.get(), MYSQL_OPT_CONNECT_TIMEOUT, &timeout);
  if (ep.read_timeout.count() > 0) {
    unsigned rt = static_cast<unsigned>(ep.read_timeout.count());
    mysql_optionsv(m.get(), MYSQL_OPT_READ_TIMEOUT, &rt);
    mysql_optionsv(m.get(), MYSQL_OPT_WRITE_TIMEOUT, &rt);
  }
  mysql_optionsv(m.get(), MYSQL_SET_CHARSET_NAME, "utf8mb4");
  if (!ep.ssl_ca.empty() || !ep.ssl_cert.empty() || !ep.ssl_key.empty()) {
    mysql_ssl_set(m.get(), ep.ssl_key.empty() ? nullptr : ep.ssl_key.c_str(),
                  ep.ssl_cert.empty() ? nullptr : ep.ssl_cert.c_str(),
                  ep.ssl_ca.empty() ? nullptr : ep.ssl_ca.c_str(), nullptr, nullptr);
  }
  if (!mysql_real_connect(m.get(), ep.host.c_str(), ep.user.c_str(), ep.password.c_str(), nullptr, ep.port,
                          nullptr, CLIENT_MULTI_RESULTS)) {
    db_error e{mysql_errno(m.get()), mysql_sqlstate(m.get()), mysql_error(m.get())};
    e.message = "cannot connect to " + ep.address() + " as " + ep.user + ": " + e.message;
    return tl::unexpected(std::move(e));
  }
  connection c(std::move(m), ep);
  for (const auto& [name, value] : ep.session) {
    if (auto r = c.execute("SET SESSION " + name + " = " + value); !r)
      return tl::unexpected(r.error());
  }
  return c;
}

tl::expected<void, db_error> connection::execute(std::string_view sql) {
  if (mysql_real_query(mysql_.get(), sql.data(), sql.size()) != 0)
    return tl::unexpected(last_error());
  // Drain any result the statement produced.
  do {
    if (MYSQL_RES* res = mysql_store_result(mysql_.get()))
      mysql_free_result(res);
  } while (mysql_next_result(mysql_.get()) == 0);
  if (mysql_errno(mysql_.get()) != 0)
    return tl::unexpected(last_error());
  return {};
}

tl::expected<result_rows, db_error> connection::query(std::string_view sql) {
  if (mysql_real_query(mysql_.get(), sql.data(), sql.size()) != 0)
    return tl::unexpected(last_error());
  MYSQL_RES* res = mysql_store_result(mysql_.get());
  if (!res) {
    if (mysql_errno(mysql_.get()) != 0)
      return tl::unexpected(last_error());
    return result_rows{};
  }
  result_rows rows;
  unsigned fields = mysql_num_fields(res);
  while (MYSQL_ROW row = mysql_fetch_row(res)) {
    unsigned long* lengths = mysql_fetch_lengths(res);
    result_row out;
    out.reserve(fields);
    for (unsigned i = 0; i < fields; ++i) {
      if (row[i])
        out.emplace_back(std::string(row[i], lengths[i]));
      else
        out.emplace_back(std::nullopt);
    }
    rows.push_back(std::move(out));
  }
  mysql_free_result(res);
  while (mysql_next_result(mysql_.get()) == 0) {
    if (MYSQL_RES* extra = mysql_store_result(mysql_.get()))
      mysql_free_result(extra);
  }
  return rows;
}

tl::expected<void, db_error> connection::execute_transaction(const std::vector<std::string>& statements) {
  if (auto r = execute("BEGIN"); !r)
    return r;
  for (const auto& sql : statements) {
    if (auto r = execute(sql); !r) {
      auto err = r.error();
      (void)execute("ROLLBACK");
      return tl::unexpected(std::move(err));
    }
  }
  return execute("COMMIT");
}

tl::expected<void, db_error> connection::execute_transaction_packed(const std::vector<std::string>& statements,
                                                                    std::size_t packet_bytes) {
  if (!multi_statements_) {
    if (mysql_set_server_option(mysql_.get(), MYSQL_OPTION_MULTI_STATEMENTS_ON) != 0)
      return tl::unexpected(last_error());
    multi_statements_ = true;
  }
  std::string packet = "BEGIN";
  auto send = [&]() -> tl::expected<void, db_error> {
    auto r = execute(packet);
    packet.clear();
    if (!r)
      (void)execute("ROLLBACK");
    return r;
  };
  for (const auto& sql : statements) {
    if (!packet.empty() && packet.size() + sql.size() + 1 > packet_bytes)
      if (auto r = send(); !r)
        return r;
    if (!packet.empty())
      packet.push_back(';');
    packet += sql;
  }
  if (!packet.empty() && packet.size() + 7 > packet_bytes)
    if (auto r = send(); !r)
      return r;
  packet += packet.empty() ? "COMMIT" : ";COMMIT";
  return send();
}

std::string connection::quote(std::string_view text) {
  std::string out(text.size() * 2 + 3, '\0');
  out[0] = '\'';
  auto n = mysql_real_escape_string(mysql_.get(), out.data() + 1, text.data(),
                                    static_cast<unsigned long>(text.size()));
  out.resize(n + 1);
  out.push_back('\'');
  return out;
}

}  // namespace sluice::db
