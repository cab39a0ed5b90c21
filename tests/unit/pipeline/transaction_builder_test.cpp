#include <doctest/doctest.h>

#include "fixtures.hpp"
#include "pipeline/transaction_builder.hpp"

using namespace sluice::pipeline;
using namespace fixtures;
namespace p = sluice::protocol;

namespace {

p::rows_event rows(std::shared_ptr<const p::table_map_event> t, int n) {
  p::rows_event r{};
  r.kind = p::rows_kind::write;
  r.table = t;
  for (int i = 0; i < n; ++i)
    r.rows.push_back(p::row_change{{}, {std::int64_t{i}, std::string("m")}});
  return r;
}

}  // namespace

TEST_CASE("a MariaDB transaction: GTID, BEGIN, rows, XID -> one transaction ending at the XID") {
  transaction_builder b(binlog_position{"mysql-bin.000001", 2022});
  auto t = table_map("log", "messages", {"id", "message"}, false);
  CHECK_FALSE(b.on_event(make_event(0, p::rotate_event{2022, "mysql-bin.000001"})));
  CHECK_FALSE(b.on_event(make_event(256, p::format_description_event{})));
  CHECK_FALSE(b.on_event(make_event(2064, p::mariadb_gtid_event{{0, 1, 10}, 0, 0}, 1234)));
  CHECK_FALSE(b.on_event(make_event(2100, p::query_event{1, 0, 0, "log", "BEGIN"})));
  CHECK_FALSE(b.on_event(make_event(2150, *t)));
  CHECK_FALSE(b.on_event(make_event(2180, rows(t, 2))));
  auto txn = b.on_event(make_event(2208, p::xid_event{99}));
  REQUIRE(txn);
  CHECK(txn->end == binlog_position{"mysql-bin.000001", 2208});
  CHECK(txn->gtid == "0-1-10");
  CHECK(txn->timestamp == 1234);
  CHECK(txn->rows.size() == 2);
  CHECK(txn->rows[0].source == table_name{"log", "messages"});
  CHECK(b.position() == binlog_position{"mysql-bin.000001", 2208});
}

TEST_CASE("a standalone GTID group with a DDL query is one DDL transaction") {
  transaction_builder b(binlog_position{"mysql-bin.000001", 4});
  p::mariadb_gtid_event g{{0, 1, 3}, 0x01, 0};  // FL_STANDALONE
  CHECK_FALSE(b.on_event(make_event(400, g)));
  auto txn = b.on_event(make_event(520, p::query_event{1, 0, 0, "log", "CREATE TABLE t2 (id int primary key)"}));
  REQUIRE(txn);
  REQUIRE(txn->ddl);
  CHECK(txn->ddl->kind == ddl_kind::create_table);
  CHECK(txn->ddl->tables[0] == table_name{"log", "t2"});
  CHECK(txn->end.pos == 520);
}

TEST_CASE("administrative statements still move the position, without a DDL to apply") {
  transaction_builder b(binlog_position{"mysql-bin.000001", 4});
  b.on_event(make_event(400, p::mariadb_gtid_event{{0, 1, 3}, 0x01, 0}));
  auto txn = b.on_event(make_event(520, p::query_event{1, 0, 0, "", "CREATE USER x"}));
  REQUIRE(txn);
  CHECK_FALSE(txn->ddl);
  CHECK(txn->empty());
  CHECK(txn->end.pos == 520);
}

TEST_CASE("a rotation outside a transaction moves the position to the new file") {
  transaction_builder b(binlog_position{"mysql-bin.000001", 900});
  auto moved = b.on_event(make_event(0, p::rotate_event{4, "mysql-bin.000002"}));
  REQUIRE(moved);
  CHECK(moved->empty());
  CHECK(moved->end == binlog_position{"mysql-bin.000002", 4});
  // events at the head of the new file are read past; a heartbeat then publishes that
  CHECK_FALSE(b.on_event(make_event(256, p::format_description_event{})));
  CHECK_FALSE(b.on_event(make_event(300, p::gtid_list_event{})));
  auto hb = b.on_event(make_event(300, p::heartbeat_event{"mysql-bin.000002"}));
  REQUIRE(hb);
  CHECK(hb->end == binlog_position{"mysql-bin.000002", 300});
}

TEST_CASE("the artificial rotate at stream start does not emit anything") {
  transaction_builder b(binlog_position{"mysql-bin.000001", 2022});
  CHECK_FALSE(b.on_event(make_event(0, p::rotate_event{2022, "mysql-bin.000001"})));
  CHECK_FALSE(b.on_event(make_event(2022, p::heartbeat_event{"mysql-bin.000001"})));
}

TEST_CASE("COMMIT as a query ends a non-transactional group; ROLLBACK drops its rows") {
  transaction_builder b(binlog_position{"f.000001", 4});
  auto t = table_map("s", "t", {"a", "b"}, false);
  b.on_event(make_event(100, p::query_event{1, 0, 0, "s", "BEGIN"}));
  b.on_event(make_event(150, rows(t, 1)));
  auto c = b.on_event(make_event(200, p::query_event{1, 0, 0, "s", "COMMIT"}));
  REQUIRE(c);
  CHECK(c->rows.size() == 1);
  b.on_event(make_event(300, p::query_event{1, 0, 0, "s", "BEGIN"}));
  b.on_event(make_event(350, rows(t, 1)));
  auto r = b.on_event(make_event(400, p::query_event{1, 0, 0, "s", "ROLLBACK"}));
  REQUIRE(r);
  CHECK(r->rows.empty());
  CHECK(r->end.pos == 400);
}

TEST_CASE("an XA transaction's rows are handed out at XA PREPARE, not lost to the XA COMMIT group") {
  transaction_builder b(binlog_position{"f.000001", 4});
  auto t = table_map("s", "t", {"a", "b"}, false);
  b.on_event(make_event(100, p::mariadb_gtid_event{{0, 1, 5}, 0, 0}));
  b.on_event(make_event(150, p::query_event{1, 0, 0, "s", "XA START X'31',X'',1"}));
  b.on_event(make_event(200, rows(t, 2)));
  auto prepared = b.on_event(make_event(250, p::unknown_event{38, 40}));
  REQUIRE(prepared);
  CHECK(prepared->rows.size() == 2);
  b.on_event(make_event(300, p::mariadb_gtid_event{{0, 1, 6}, 0, 0}));
  auto commit = b.on_event(make_event(350, p::query_event{1, 0, 0, "s", "XA COMMIT X'31',X'',1"}));
  REQUIRE(commit);
  CHECK(commit->rows.empty());
  CHECK(commit->end.pos == 350);
}

TEST_CASE("a MySQL GTID transaction is named uuid:gno; an anonymous one has no GTID") {
  transaction_builder b(binlog_position{"binlog.000001", 4});
  auto t = table_map("log", "messages", {"id", "message"}, false);
  p::mysql_gtid_event g{false, 0, "93e95066-a2f4-11ec-9b69-9657f0ae95e2", 5, 0, 0, ""};
  CHECK_FALSE(b.on_event(make_event(300, g)));
  CHECK_FALSE(b.on_event(make_event(380, p::query_event{1, 0, 0, "log", "BEGIN"})));
  CHECK_FALSE(b.on_event(make_event(420, *t)));
  CHECK_FALSE(b.on_event(make_event(470, rows(t, 1))));
  auto txn = b.on_event(make_event(501, p::xid_event{7}));
  REQUIRE(txn);
  CHECK(txn->gtid == "93e95066-a2f4-11ec-9b69-9657f0ae95e2:5");

  g.anonymous = true;
  g.gno = 0;
  CHECK_FALSE(b.on_event(make_event(580, g)));
  auto ddl = b.on_event(make_event(700, p::query_event{1, 0, 0, "log", "CREATE TABLE t3 (id int primary key)"}));
  REQUIRE(ddl);
  CHECK(ddl->gtid.empty());
  REQUIRE(ddl->ddl);
  CHECK(ddl->end.pos == 700);
}

TEST_CASE("a TRANSACTION_PAYLOAD is one transaction ending where the payload event ends") {
  transaction_builder b(binlog_position{"binlog.000001", 4});
  auto t = table_map("log", "messages", {"id", "message"}, false);
  CHECK_FALSE(b.on_event(make_event(300, p::mysql_gtid_event{true, 0, "", 0, 0, 0, ""})));
  p::transaction_payload_event payload{0, 179, {}};
  // Inner events carry no usable end positions (MySQL writes them relative to the payload).
  payload.events.push_back(make_event(0, p::query_event{1, 0, 0, "log", "BEGIN"}));
  payload.events.push_back(make_event(0, *t));
  payload.events.push_back(make_event(0, rows(t, 3)));
  payload.events.push_back(make_event(0, p::xid_event{9}));
  auto txn = b.on_event(make_event(612, payload));
  REQUIRE(txn);
  CHECK(txn->rows.size() == 3);
  CHECK(txn->end == binlog_position{"binlog.000001", 612});
  CHECK(b.position() == binlog_position{"binlog.000001", 612});
  CHECK_FALSE(b.in_transaction());
}
