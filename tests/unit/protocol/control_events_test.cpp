#include <doctest/doctest.h>

#include "protocol/event_type.hpp"
#include "test_support.hpp"

namespace sluice::protocol::test {

TEST_CASE("ROTATE: the file name stops before the CRC32 trailer") {
  const auto mariadb = decode_file(project_data_path("protocol/mariadb1011_all_types.binlog"));
  const auto rotates = bodies<rotate_event>(mariadb.events);
  REQUIRE(rotates.size() == 1);
  CHECK(rotates[0]->next_file == "mysql-bin.000002");
  CHECK(rotates[0]->position == 4);

  const auto mysql = decode_file(vector_path("06_rmc_mysql80_time2_negative/time_issue.000001"));
  REQUIRE(bodies<rotate_event>(mysql.events).size() == 1);
  CHECK(bodies<rotate_event>(mysql.events)[0]->next_file == "binlog.000005");

  // Without checksums the name runs to the end of the event.
  const auto none = decode_file(project_data_path("protocol/mariadb1011_compressed_nocrc.binlog"));
  CHECK(bodies<rotate_event>(none.events).at(0)->next_file == "mysql-bin.000004");
}

TEST_CASE("XID carries the transaction id") {
  const auto file = decode_file(vector_path("08_rmc_mariadb105_full_metadata/mariadb-bin.000001"));
  const auto xids = bodies<xid_event>(file.events);
  REQUIRE(xids.size() == 2);
  CHECK(xids[0]->xid == 800);
  CHECK(xids[1]->xid == 820);
}

TEST_CASE("BINLOG_CHECKPOINT and ANNOTATE_ROWS from MariaDB 10.5") {
  const auto file = decode_file(vector_path("08_rmc_mariadb105_full_metadata/mariadb-bin.000001"));
  const auto checkpoints = bodies<binlog_checkpoint_event>(file.events);
  REQUIRE(checkpoints.size() == 1);
  CHECK(checkpoints[0]->file == "mariadb-bin.000001");
  const auto annotations = bodies<annotate_rows_event>(file.events);
  REQUIRE(annotations.size() == 2);
  CHECK(annotations[0]->query.rfind("insert into outbox (topic, event_type, event) values ('foo', 'JSON'", 0) == 0);
}

TEST_CASE("STOP ends a MySQL binlog file") {
  const auto file = decode_file(vector_path("15_percona_mysql80_gtid/gtid_binlog.000002"));
  CHECK(std::holds_alternative<stop_event>(file.events.back().body));
}

TEST_CASE("HEARTBEAT names the file; the position is the header's next_pos") {
  const auto name = bytes_of({'m', 'y', 's', 'q', 'l', '-', 'b', 'i', 'n', '.', '0', '0', '0', '0', '0', '9'});
  for (const bool crc : {false, true}) {
    binlog_decoder decoder;
    const auto frame = make_frame(event_type::heartbeat, name, crc);
    auto ev = decoder.decode(frame);
    REQUIRE(ev.has_value());
    CHECK(std::get<heartbeat_event>(ev->body).file == "mysql-bin.000009");
    CHECK(ev->header.next_pos == 1000 + frame.size());
  }
}

}  // namespace sluice::protocol::test
