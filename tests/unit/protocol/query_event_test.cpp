#include <doctest/doctest.h>

#include "protocol/event_decoders.hpp"
#include "test_support.hpp"

namespace sluice::protocol::test {

TEST_CASE("QUERY: schema, statement, thread id and error code") {
  const auto file = decode_file(project_data_path("protocol/mariadb1011_all_types.binlog"));
  const auto queries = bodies<query_event>(file.events);
  REQUIRE(queries.size() >= 3);
  CHECK(queries[0]->query == "CREATE DATABASE pa");
  CHECK(queries[1]->schema == "pa");
  CHECK(queries[1]->query.rfind("CREATE TABLE all_types (", 0) == 0);
  CHECK(queries[1]->thread_id == 4);
  CHECK(queries[1]->error_code == 0);
  CHECK(queries.back()->query == "XA COMMIT X'786131',X'',1");

  const auto mysql = decode_file(vector_path("15_percona_mysql80_gtid/gtid_binlog.000001"));
  const auto q = bodies<query_event>(mysql.events);
  REQUIRE(q.size() >= 2);
  CHECK(q[0]->schema == "test");
  CHECK(q[0]->query == "CREATE TABLE t1(id SERIAL, PRIMARY KEY(id))");
  CHECK(q[1]->query == "BEGIN");
}

TEST_CASE("QUERY: a status block longer than the body is truncated") {
  // thread 1, exec 0, schema length 1, error 0, status length 0x0100 but no bytes follow.
  const auto body = bytes_of({1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1});
  CHECK(detail::decode_query(body, {}, false).error() == decode_error::truncated);
  const auto ok = bytes_of({1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 'd', 0, 'S', 'E', 'L'});
  auto q = detail::decode_query(ok, {}, false);
  REQUIRE(q.has_value());
  CHECK(q->schema == "d");
  CHECK(q->query == "SEL");
}

}  // namespace sluice::protocol::test
