#include "workload_schema.hpp"

#include "random_values.hpp"
#include "sql_session.hpp"

namespace sluice::tools {

namespace {

// t_pk: integer PRIMARY KEY plus a NOT NULL unique key; every other column may be NULL.
// t_composite: two-column PRIMARY KEY. t_uk_only: no PRIMARY KEY, one NOT NULL unique key
// (InnoDB clusters on it). t_nokey: no index at all, identical rows allowed. t_multi_uk: a
// PRIMARY KEY and two unique keys, the second one NULL-able.
constexpr const char* create_statements[] = {
    "CREATE TABLE t_pk (id INT NOT NULL PRIMARY KEY, u INT NOT NULL, name VARCHAR(64) NULL,"
    " amount DECIMAL(12,3) NULL, ts DATETIME(3) NULL, flag TINYINT NULL, UNIQUE KEY uk_u (u))"
    " DEFAULT CHARSET=utf8mb4",
    "CREATE TABLE t_composite (a INT NOT NULL, b INT NOT NULL, v VARCHAR(32) NULL, n BIGINT NULL,"
    " d DATE NULL, PRIMARY KEY (a, b)) DEFAULT CHARSET=utf8mb4",
    "CREATE TABLE t_uk_only (k INT NOT NULL, v VARCHAR(32) NULL, w INT NULL, UNIQUE KEY uk_k (k))"
    " DEFAULT CHARSET=utf8mb4",
    "CREATE TABLE t_nokey (a INT NULL, b VARCHAR(32) NULL, c DECIMAL(8,2) NULL) DEFAULT CHARSET=utf8mb4",
    "CREATE TABLE t_multi_uk (id INT NOT NULL PRIMARY KEY, k1 INT NOT NULL, k2 VARCHAR(32) NULL, v INT NULL,"
    " UNIQUE KEY uk_k1 (k1), UNIQUE KEY uk_k2 (k2)) DEFAULT CHARSET=utf8mb4",
};

std::string values_list(const std::vector<std::string>& rows) {
  std::string out;
  for (const std::string& row : rows)
    out += (out.empty() ? "" : ",") + row;
  return out;
}

}  // namespace

std::vector<std::string> workload_ddl(const std::string& schema) {
  std::vector<std::string> out;
  out.push_back("CREATE DATABASE IF NOT EXISTS " + sql_ident(schema) + " CHARACTER SET utf8mb4");
  out.push_back("USE " + sql_ident(schema));
  for (const char* table : workload_tables)
    out.push_back("DROP TABLE IF EXISTS " + sql_ident(table));
  for (const char* create : create_statements)
    out.emplace_back(create);
  return out;
}

std::vector<std::string> workload_seed_rows(std::uint64_t seed, int keys) {
  random_source rng(seed, 0xffff);
  std::vector<std::string> pk, composite, uk_only, nokey, multi_uk;
  for (int id = 1; id <= keys / 2; ++id) {
    pk.push_back("(" + std::to_string(id) + "," + std::to_string(id) + "," + rng.text_literal(true) + "," +
                 rng.decimal_literal(true) + "," + rng.datetime_literal(true) + "," +
                 rng.int_literal(0, 9, true) + ")");
    uk_only.push_back("(" + std::to_string(id) + "," + rng.text_literal(true) + "," + rng.int_literal(0, 99, true) +
                      ")");
    multi_uk.push_back("(" + std::to_string(id) + "," + std::to_string(id) + "," +
                       (id % 7 == 0 ? std::string("NULL") : sql_quote("k" + std::to_string(id))) + "," +
                       rng.int_literal(0, 999, true) + ")");
  }
  for (int a = 1; a <= 10; ++a) {
    for (int b = 1; b <= 5; ++b)
      composite.push_back("(" + std::to_string(a) + "," + std::to_string(b) + "," + rng.text_literal(true) + "," +
                          rng.int_literal(-1000000, 1000000, true) + "," + rng.date_literal(true) + ")");
  }
  for (int i = 0; i < 50; ++i)
    nokey.push_back("(" + std::to_string(1 + i % 20) + "," + (i % 3 == 0 ? "NULL" : sql_quote("n")) + "," +
                    (i % 4 == 0 ? "NULL" : "1.50") + ")");
  return {
      "INSERT INTO t_pk VALUES " + values_list(pk),
      "INSERT INTO t_composite VALUES " + values_list(composite),
      "INSERT INTO t_uk_only VALUES " + values_list(uk_only),
      "INSERT INTO t_nokey VALUES " + values_list(nokey),
      "INSERT INTO t_multi_uk VALUES " + values_list(multi_uk),
  };
}

}  // namespace sluice::tools
