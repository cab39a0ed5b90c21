#include "txn_generator.hpp"

#include <algorithm>

#include "sql_session.hpp"

namespace sluice::tools {

namespace {

std::string num(std::int64_t v) {
  return std::to_string(v);
}

// Keys moved away by a key change live this far above their home range.
constexpr std::int64_t moved = 1000;

}  // namespace

txn_generator::txn_generator(std::uint64_t seed, unsigned connection, int keys)
    : rng_(seed, connection), keys_(std::max(keys, 4)) {}

unsigned txn_generator::pick(std::initializer_list<unsigned> weights) {
  unsigned total = 0;
  for (unsigned w : weights)
    total += w;
  auto roll = static_cast<unsigned>(rng_.below(total));
  unsigned i = 0;
  for (unsigned w : weights) {
    if (roll < w)
      return i;
    roll -= w;
    ++i;
  }
  return i - 1;
}

workload_transaction txn_generator::next() {
  workload_transaction txn;
  const unsigned table_count = static_cast<unsigned>(rng_.between(1, 3));
  unsigned tables[3];
  for (unsigned i = 0; i < table_count; ++i)
    tables[i] = static_cast<unsigned>(rng_.below(5));
  const auto steps = rng_.between(1, 10);
  for (std::int64_t s = 0; s < steps && txn.statements.size() < 10; ++s) {
    switch (tables[rng_.below(table_count)]) {
      case 0: pk_step(txn.statements); break;
      case 1: composite_step(txn.statements); break;
      case 2: uk_only_step(txn.statements); break;
      case 3: nokey_step(txn.statements); break;
      default: multi_uk_step(txn.statements); break;
    }
  }
  const bool grouped = std::any_of(txn.statements.begin(), txn.statements.end(),
                                   [](const workload_statement& s) { return s.all_or_nothing; });
  // Draw both every time so one choice does not shift the rest of the sequence.
  const bool autocommit = rng_.chance(15);
  const bool rollback = rng_.chance(4);
  txn.autocommit = autocommit && !grouped && txn.statements.size() <= 3;
  txn.rollback = rollback && !txn.autocommit;
  return txn;
}

void txn_generator::swap_column(statements& out, const char* table, const char* col, const char* id_col,
                                std::int64_t a, std::int64_t b, const std::string& temp) {
  const std::string t = table, c = col, id = id_col;
  const std::string both = " AND @sw_ea AND @sw_eb";
  out.push_back({"SET @sw_a = NULL, @sw_b = NULL, @sw_ea = 0, @sw_eb = 0", true});
  out.push_back({"SELECT " + c + ", 1 INTO @sw_a, @sw_ea FROM " + t + " WHERE " + id + " = " + num(a) + " FOR UPDATE",
                 true});
  out.push_back({"SELECT " + c + ", 1 INTO @sw_b, @sw_eb FROM " + t + " WHERE " + id + " = " + num(b) + " FOR UPDATE",
                 true});
  out.push_back({"UPDATE " + t + " SET " + c + " = " + temp + " WHERE " + id + " = " + num(a) + both, true});
  out.push_back({"UPDATE " + t + " SET " + c + " = @sw_a WHERE " + id + " = " + num(b) + both, true});
  out.push_back({"UPDATE " + t + " SET " + c + " = @sw_b WHERE " + id + " = " + num(a) + both, true});
}

std::string txn_generator::pk_row(std::int64_t id, const std::string& u) {
  return "(" + num(id) + "," + u + "," + rng_.text_literal(true) + "," + rng_.decimal_literal(true) + "," +
         rng_.datetime_literal(true) + "," + rng_.int_literal(0, 9, true) + ")";
}

// t_pk (id PK, u UNIQUE NOT NULL, name, amount, ts, flag)
void txn_generator::pk_step(statements& out) {
  const std::int64_t home = rng_.between(1, keys_);
  const std::int64_t id = rng_.chance(30) ? home + moved : home;
  const std::string u = num(rng_.between(1, 2 * keys_));
  const std::int64_t span = rng_.between(0, 3);
  switch (pick({20, 5, 20, 10, 3, 8, 5, 8, 8, 5, 3})) {
    case 0: {
      std::string rows = pk_row(id, u);
      for (auto extra = rng_.below(3); extra > 0; --extra)
        rows += "," + pk_row(rng_.between(1, keys_), num(rng_.between(1, 2 * keys_)));
      out.push_back({"INSERT INTO t_pk VALUES " + rows});
      break;
    }
    case 1:
      out.push_back({"INSERT INTO t_pk VALUES " + pk_row(id, u) +
                     " ON DUPLICATE KEY UPDATE name = VALUES(name), amount = amount + 1"});
      break;
    case 2:
      out.push_back({"UPDATE t_pk SET name = " + rng_.text_literal(true) + ", amount = " + rng_.decimal_literal(true) +
                     ", ts = " + rng_.datetime_literal(true) + " WHERE id = " + num(id)});
      break;
    case 3:  // primary-key change, there or back
      out.push_back({id > moved ? "UPDATE t_pk SET id = id - 1000 WHERE id = " + num(id)
                                : "UPDATE t_pk SET id = id + 1000 WHERE id = " + num(id)});
      break;
    case 4:
      out.push_back({"UPDATE t_pk SET id = id + 1000 WHERE id BETWEEN " + num(home) + " AND " + num(home + span)});
      break;
    case 5:  // unique-key swap between two rows
      swap_column(out, "t_pk", "u", "id", id, rng_.between(1, keys_), "-id");
      break;
    case 6:
      out.push_back({"UPDATE t_pk SET u = " + u + " WHERE id = " + num(id)});
      break;
    case 7:  // delete and re-insert the same key, same unique value when the row existed
      out.push_back({"SET @re_u = NULL"});
      out.push_back({"SELECT u INTO @re_u FROM t_pk WHERE id = " + num(id) + " FOR UPDATE"});
      out.push_back({"DELETE FROM t_pk WHERE id = " + num(id)});
      out.push_back({"INSERT INTO t_pk VALUES " + pk_row(id, "COALESCE(@re_u, " + u + ")")});
      break;
    case 8:
      out.push_back({"DELETE FROM t_pk WHERE id = " + num(id)});
      break;
    case 9:
      out.push_back({"UPDATE t_pk SET amount = amount + 1.5, flag = " + rng_.int_literal(0, 9, true) +
                     " WHERE id BETWEEN " + num(id) + " AND " + num(id + span + 3)});
      break;
    default:
      out.push_back({"DELETE FROM t_pk WHERE id BETWEEN " + num(id) + " AND " + num(id + span)});
      break;
  }
}

std::string txn_generator::composite_row(std::int64_t a, std::int64_t b) {
  return "(" + num(a) + "," + num(b) + "," + rng_.text_literal(true) + "," + rng_.int_literal(-1000000, 1000000, true) +
         "," + rng_.date_literal(true) + ")";
}

// t_composite (a, b) PK, v, n, d
void txn_generator::composite_step(statements& out) {
  const std::int64_t a = rng_.between(1, 20) + (rng_.chance(20) ? 20 : 0);
  const std::int64_t b = rng_.between(0, 30);
  const std::string where = " WHERE a = " + num(a) + " AND b = " + num(b);
  switch (pick({25, 20, 8, 8, 8, 10, 6, 5})) {
    case 0: {
      std::string rows = composite_row(a, b);
      for (auto extra = rng_.below(3); extra > 0; --extra)
        rows += "," + composite_row(a, rng_.between(0, 30));
      out.push_back({"INSERT INTO t_composite VALUES " + rows});
      break;
    }
    case 1:
      out.push_back({"UPDATE t_composite SET v = " + rng_.text_literal(true) + ", n = " +
                     rng_.int_literal(-1000000, 1000000, true) + ", d = " + rng_.date_literal(true) + where});
      break;
    case 2:  // every key above b moves up by one in one statement: each new key was an old key
      out.push_back({"UPDATE t_composite SET b = b + 1 WHERE a = " + num(a) + " AND b >= " + num(b) +
                     " ORDER BY b DESC"});
      break;
    case 3:
      out.push_back({"UPDATE t_composite SET b = b - 1 WHERE a = " + num(a) + " AND b > " + num(b) + " ORDER BY b"});
      break;
    case 4:
      out.push_back({a > 20 ? "UPDATE t_composite SET a = a - 20" + where : "UPDATE t_composite SET a = a + 20" + where});
      break;
    case 5:
      out.push_back({"DELETE FROM t_composite WHERE a = " + num(a) + " AND b BETWEEN " + num(b) + " AND " +
                     num(b + 2)});
      break;
    case 6:
      out.push_back({"DELETE FROM t_composite" + where});
      out.push_back({"INSERT INTO t_composite VALUES " + composite_row(a, b)});
      break;
    default: {  // swap two rows' b through a negative temporary
      const std::string other = num(rng_.between(0, 30));
      out.push_back({"UPDATE t_composite SET b = -1 - b" + where, true});
      out.push_back({"UPDATE t_composite SET b = " + num(b) + " WHERE a = " + num(a) + " AND b = " + other, true});
      out.push_back({"UPDATE t_composite SET b = " + other + " WHERE a = " + num(a) + " AND b = " + num(-1 - b), true});
      break;
    }
  }
}

// t_uk_only (k UNIQUE NOT NULL, v, w), no primary key
void txn_generator::uk_only_step(statements& out) {
  const std::int64_t home = rng_.between(1, keys_);
  const std::int64_t k = rng_.chance(30) ? home + moved : home;
  const std::string row = "(" + num(k) + "," + rng_.text_literal(true) + "," + rng_.int_literal(0, 99, true) + ")";
  switch (pick({25, 15, 10, 8, 10, 6, 4, 3})) {
    case 0:
      out.push_back({"INSERT INTO t_uk_only VALUES " + row});
      break;
    case 1:
      out.push_back({"UPDATE t_uk_only SET v = " + rng_.text_literal(true) + ", w = " + rng_.int_literal(0, 99, true) +
                     " WHERE k = " + num(k)});
      break;
    case 2:
      out.push_back({k > moved ? "UPDATE t_uk_only SET k = k - 1000 WHERE k = " + num(k)
                               : "UPDATE t_uk_only SET k = k + 1000 WHERE k = " + num(k)});
      break;
    case 3: {  // the key identifies the row here, so the swap moves the rows' other columns
      const std::string other = num(rng_.between(1, keys_));
      out.push_back({"UPDATE t_uk_only SET k = " + num(-k) + " WHERE k = " + num(k), true});
      out.push_back({"UPDATE t_uk_only SET k = " + num(k) + " WHERE k = " + other, true});
      out.push_back({"UPDATE t_uk_only SET k = " + other + " WHERE k = " + num(-k), true});
      break;
    }
    case 4:
      out.push_back({"DELETE FROM t_uk_only WHERE k = " + num(k)});
      break;
    case 5:
      out.push_back({"DELETE FROM t_uk_only WHERE k = " + num(k)});
      out.push_back({"INSERT INTO t_uk_only VALUES " + row});
      break;
    case 6:
      out.push_back({"UPDATE t_uk_only SET w = w + 1 WHERE k BETWEEN " + num(k) + " AND " + num(k + 5)});
      break;
    default:
      out.push_back({"UPDATE t_uk_only SET k = k + 1 WHERE k BETWEEN " + num(k) + " AND " + num(k + 3) +
                     " ORDER BY k DESC"});
      break;
  }
}

std::string txn_generator::nokey_row() {
  return "(" + rng_.int_literal(1, 20, true) + "," + (rng_.chance(30) ? "NULL" : sql_quote(rng_.chance(50) ? "n" : "m")) +
         "," + (rng_.chance(25) ? "NULL" : rng_.chance(50) ? "1.50" : "2.25") + ")";
}

// t_nokey (a, b, c): no index at all, identical rows are normal
void txn_generator::nokey_step(statements& out) {
  const std::string a = num(rng_.between(1, 20));
  switch (pick({25, 12, 6, 10, 5, 2, 5})) {
    case 0: {
      const std::string row = nokey_row();
      std::string rows = row;
      for (auto extra = rng_.below(3); extra > 0; --extra)
        rows += "," + (rng_.chance(50) ? row : nokey_row());
      out.push_back({"INSERT INTO t_nokey VALUES " + rows});
      break;
    }
    case 1:
      out.push_back({"DELETE FROM t_nokey WHERE a = " + a + " LIMIT 1"});
      break;
    case 2:
      out.push_back({"DELETE FROM t_nokey WHERE a " + (rng_.chance(20) ? std::string("IS NULL") : "= " + a) +
                     " AND b " + (rng_.chance(30) ? std::string("IS NULL") : "= 'n'") + " LIMIT 2"});
      break;
    case 3:
      out.push_back({"UPDATE t_nokey SET c = c + 1 WHERE a = " + a + " LIMIT 1"});
      break;
    case 4:
      out.push_back({"UPDATE t_nokey SET b = NULL WHERE a = " + a + " LIMIT 1"});
      break;
    case 5:
      out.push_back({"DELETE FROM t_nokey WHERE a = " + a});
      break;
    default:  // delete one of possibly identical rows, then put an identical one back
      out.push_back({"DELETE FROM t_nokey WHERE a = " + a + " AND b = 'n' LIMIT 1"});
      out.push_back({"INSERT INTO t_nokey VALUES (" + a + ", 'n', 1.50)"});
      break;
  }
}

std::string txn_generator::multi_uk_row(std::int64_t id) {
  return "(" + num(id) + "," + num(rng_.between(1, 2 * keys_)) + "," +
         (rng_.chance(15) ? std::string("NULL") : sql_quote("k" + num(rng_.between(1, 2 * keys_)))) + "," +
         rng_.int_literal(0, 999, true) + ")";
}

// t_multi_uk (id PK, k1 UNIQUE NOT NULL, k2 UNIQUE NULL, v)
void txn_generator::multi_uk_step(statements& out) {
  const std::int64_t id = rng_.between(1, keys_);
  const std::int64_t other = rng_.between(1, keys_);
  switch (pick({20, 8, 15, 8, 8, 5, 5, 8, 4, 5, 3})) {
    case 0:
      out.push_back({"INSERT INTO t_multi_uk VALUES " + multi_uk_row(id)});
      break;
    case 1:  // may replace up to three rows at once (one per key)
      out.push_back({"REPLACE INTO t_multi_uk VALUES " + multi_uk_row(id)});
      break;
    case 2:
      out.push_back({"UPDATE t_multi_uk SET v = " + rng_.int_literal(0, 999, true) + " WHERE id = " + num(id)});
      break;
    case 3:
      swap_column(out, "t_multi_uk", "k1", "id", id, other, "-id");
      break;
    case 4:
      swap_column(out, "t_multi_uk", "k2", "id", id, other, "CONCAT('~', id)");
      break;
    case 5:
      out.push_back({"UPDATE t_multi_uk SET k1 = " + num(rng_.between(1, 2 * keys_)) + " WHERE id = " + num(id)});
      break;
    case 6:
      out.push_back({"UPDATE t_multi_uk SET k2 = " +
                     (rng_.chance(30) ? std::string("NULL") : sql_quote("k" + num(rng_.between(1, 2 * keys_)))) +
                     " WHERE id = " + num(id)});
      break;
    case 7:
      out.push_back({"DELETE FROM t_multi_uk WHERE id = " + num(id)});
      break;
    case 8:
      out.push_back({"DELETE FROM t_multi_uk WHERE k2 = " + sql_quote("k" + num(rng_.between(1, 2 * keys_)))});
      break;
    case 9:  // delete and re-insert the same row key with the same unique values
      out.push_back({"SET @re_k1 = NULL, @re_k2 = NULL"});
      out.push_back({"SELECT k1, k2 INTO @re_k1, @re_k2 FROM t_multi_uk WHERE id = " + num(id) + " FOR UPDATE"});
      out.push_back({"DELETE FROM t_multi_uk WHERE id = " + num(id)});
      out.push_back({"INSERT INTO t_multi_uk VALUES (" + num(id) + ", COALESCE(@re_k1, " +
                     num(rng_.between(1, 2 * keys_)) + "), @re_k2, " + rng_.int_literal(0, 999, true) + ")"});
      break;
    default:
      out.push_back({"UPDATE t_multi_uk SET k1 = k1 + 1 WHERE id BETWEEN " + num(id) + " AND " + num(id + 3) +
                     " ORDER BY k1 DESC"});
      break;
  }
}

}  // namespace sluice::tools
