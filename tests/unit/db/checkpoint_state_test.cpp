#include <doctest/doctest.h>

#include "db/checkpoint_store.hpp"

using sluice::db::checkpoint_row;
using sluice::db::checkpoint_state;
using sluice::db::worker_checkpoint;
using sluice::pipeline::binlog_position;

TEST_CASE("resuming starts at the highest mark and skips exactly what workers listed past it") {
  checkpoint_state none;
  CHECK_FALSE(none.resume_point().has_value());
  CHECK(none.applied_past_resume().empty());

  checkpoint_state st;
  st.global = checkpoint_row{{"b.000001", 400}, "0-1-4", {}};
  // worker 0 knew a later safe point; worker 1 committed transactions past both marks
  st.workers.push_back(worker_checkpoint{{"b.000001", 600}, "0-1-6", {{"b.000001", 900}}});
  st.workers.push_back(worker_checkpoint{{"b.000001", 500}, "0-1-5", {{"b.000001", 550}, {"b.000001", 700}}});
  auto resume = st.resume_point();
  REQUIRE(resume);
  CHECK(resume->first == binlog_position{"b.000001", 600});
  CHECK(resume->second == "0-1-6");
  // 550 is at or before the resume point: covered by it, not listed again
  CHECK(st.applied_past_resume() == std::set<binlog_position>{{"b.000001", 700}, {"b.000001", 900}});
}

TEST_CASE("a later binlog file outranks any position in an earlier one") {
  checkpoint_state st;
  st.global = checkpoint_row{{"b.000001", 9000}, "", {}};
  st.workers.push_back(worker_checkpoint{{"b.000002", 4}, "", {{"b.000002", 300}}});
  CHECK(st.resume_point()->first == binlog_position{"b.000002", 4});
  CHECK(st.applied_past_resume().size() == 1);
}
