#include <doctest/doctest.h>

#include "pipeline/checkpoint_tracker.hpp"

using namespace sluice::pipeline;

TEST_CASE("the safe point is the end of the longest fully applied prefix") {
  checkpoint_tracker t(binlog_position{"b.000001", 4});
  t.begin(1, {"b.000001", 100}, "0-1-1", 10, 2);
  t.begin(2, {"b.000001", 200}, "0-1-2", 11, 1);
  t.begin(3, {"b.000001", 300}, "0-1-3", 12, 1);
  CHECK(t.oldest_timestamp() == 10);
  CHECK_FALSE(t.complete(2) == false);  // seq 2 finished, but seq 1 holds the point back
  CHECK(t.safe_point() == binlog_position{"b.000001", 4});
  CHECK_FALSE(t.complete(1));  // one of two parts
  CHECK(t.safe_point() == binlog_position{"b.000001", 4});
  CHECK(t.complete(1));
  CHECK(t.safe_point() == binlog_position{"b.000001", 200});
  CHECK(t.safe_gtid() == "0-1-2");
  CHECK(t.in_flight() == 1);
  CHECK(t.oldest_timestamp() == 12);
  CHECK(t.complete(3));
  CHECK(t.safe_point() == binlog_position{"b.000001", 300});
  CHECK(t.in_flight() == 0);
  CHECK(t.oldest_timestamp() == 0);
}

TEST_CASE("transactions with nothing to apply pass at once, unknown acks are ignored") {
  checkpoint_tracker t(binlog_position{"b.000001", 4});
  t.begin(1, {"b.000002", 4}, "", 0, 0);
  CHECK(t.safe_point() == binlog_position{"b.000002", 4});
  CHECK_FALSE(t.complete(99));
}
