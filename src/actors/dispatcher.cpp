#include "actors/dispatcher.hpp"

#include <deque>
#include <map>
#include <optional>
#include <unordered_map>

#include <caf/actor_system.hpp>
#include <caf/event_based_actor.hpp>
#include <caf/response_promise.hpp>
#include <caf/stateful_actor.hpp>

#include "actors/messages.hpp"
#include "actors/sinks.hpp"
#include "pipeline/apply_scheduler.hpp"
#include "pipeline/checkpoint_tracker.hpp"

namespace sluice::actors {

namespace {

constexpr auto tick_period = std::chrono::seconds(1);

struct dispatcher_state {
  settings_ptr settings;
  status_ptr status;
  caf::actor supervisor;
  caf::actor reader;
  caf::actor filter;  // told when a DDL is applied (its causality keys trust the definitions again)
  caf::actor meta;
  std::vector<caf::actor> workers;
  std::optional<pipeline::apply_scheduler> scheduler;
  bool keys_by_table = false;  // the kind of causality keys of the transactions in flight
  std::optional<pipeline::checkpoint_tracker> tracker;
  std::deque<txn_handle> waiting;  // in binlog order; held while a DDL waits or runs
  bool ddl_running = false;
  std::uint32_t credits_owed = 0;
  std::unordered_map<std::uint64_t, std::uint32_t> credit_costs;  // per transaction in flight
  // checkpoint flushing
  pipeline::binlog_position requested;  // last position sent to the meta sink
  bool flush_in_flight = false;
  std::chrono::steady_clock::time_point last_flush = std::chrono::steady_clock::now();
  std::optional<caf::response_promise> drain;
  bool final_flush_sent = false;
};

using dispatcher_actor = caf::stateful_actor<dispatcher_state>;

std::uint32_t take_cost(dispatcher_actor* self, std::uint64_t seq) {
  auto& costs = self->state.credit_costs;
  auto it = costs.find(seq);
  if (it == costs.end())
    return 1;
  auto cost = it->second;
  costs.erase(it);
  return cost;
}

void return_credits(dispatcher_actor* self) {
  auto& st = self->state;
  if (st.credits_owed > 0 && st.reader) {
    self->send(st.reader, credit_atom::value, st.credits_owed);
    st.credits_owed = 0;
  }
}

void send_checkpoint(dispatcher_actor* self, bool with_exit_point) {
  auto& st = self->state;
  db::checkpoint_row row{st.tracker->safe_point(), st.tracker->safe_gtid(), {}};
  if (with_exit_point)
    row.exit_safe = row.position;
  st.requested = row.position;
  st.flush_in_flight = true;
  st.last_flush = std::chrono::steady_clock::now();
  self->send(st.meta, checkpt_atom::value, std::make_shared<const db::checkpoint_row>(std::move(row)));
}

// Flushes when the safe point moved and either nothing is in flight (cheap, keeps status exact)
// or the flush interval has passed (bounds how much a crash re-reads).
void maybe_flush(dispatcher_actor* self) {
  auto& st = self->state;
  if (!st.tracker || st.flush_in_flight)
    return;
  bool idle = st.tracker->in_flight() == 0 && st.waiting.empty();
  if (st.drain && idle && !st.final_flush_sent) {
    st.final_flush_sent = true;
    send_checkpoint(self, true);
    return;
  }
  if (st.tracker->safe_point() == st.requested)
    return;
  auto interval = std::chrono::seconds(st.settings->syncer.checkpoint_flush_interval);
  if (idle || std::chrono::steady_clock::now() - st.last_flush >= interval)
    send_checkpoint(self, false);
}

void spawn_workers(dispatcher_actor* self, const pipeline_start& start) {
  auto& st = self->state;
  const auto count = static_cast<std::size_t>(std::max(st.settings->syncer.worker_count, 1));
  // Every worker row carries what the previous run committed past the resume point until the
  // safe point passes it: whichever row a crash leaves behind still lists it.
  db::worker_checkpoint initial{start.start, start.start_gtid, start.checkpoints.applied_past_resume()};
  for (std::size_t i = 0; i < count; ++i) {
    auto worker = spawn_apply_worker(self->home_system(), st.settings, st.status, i, initial, self, st.supervisor);
    self->link_to(worker);
    self->send(st.supervisor, start_atom::value, worker);
    st.workers.push_back(worker);
  }
  st.scheduler.emplace(count);
}

void count_added(dispatcher_actor* self, std::size_t worker, const pipeline::transaction& txn) {
  auto* probe = self->state.status->probe();
  if (!probe)
    return;
  const auto queue = std::to_string(worker);
  for (const auto& op : txn.rows) {
    auto kind = op.kind;
    probe->jobs(queue, op.target.schema, op.target.table)
        .added(kind == pipeline::row_kind::insert   ? metrics::job_type::insert
               : kind == pipeline::row_kind::update ? metrics::job_type::update
                                                    : metrics::job_type::del);
  }
}

// Sends out waiting transactions in order, stopping at a DDL until all before it is applied.
void pump(dispatcher_actor* self) {
  auto& st = self->state;
  while (!st.waiting.empty() && !st.ddl_running) {
    auto txn = st.waiting.front();
    if (txn->ddl) {
      if (st.tracker->in_flight() > 0)
        break;
      st.waiting.pop_front();
      st.tracker->begin(txn->seq, txn->end, txn->gtid, txn->timestamp, 1);
      st.credit_costs[txn->seq] = txn->credit_cost;
      st.ddl_running = true;
      self->send(st.meta, ddl_atom::value, txn);
      break;
    }
    if (txn->rows.empty()) {  // a position advance, or everything filtered out
      st.waiting.pop_front();
      st.tracker->begin(txn->seq, txn->end, txn->gtid, txn->timestamp, 0);
      st.credits_owed += txn->credit_cost;
      continue;
    }
    if (txn->causality_by_table != st.keys_by_table) {
      if (st.tracker->in_flight() > 0)
        break;  // table keys and row keys do not meet: let what is in flight finish first
      st.keys_by_table = txn->causality_by_table;
    }
    metrics::probe_clock conflict_clock(st.status->probe());
    auto worker = st.scheduler->place(txn->causality);
    conflict_clock.lap(metrics::timed_span::conflict_detect);
    if (!worker)
      break;  // its keys are held on two workers: wait for one of them to commit
    st.waiting.pop_front();
    st.tracker->begin(txn->seq, txn->end, txn->gtid, txn->timestamp, 1);
    st.credit_costs[txn->seq] = txn->credit_cost;
    st.scheduler->assign(txn->seq, *worker, txn->causality, txn->rows.size());
    count_added(self, *worker, *txn);
    auto work = std::make_shared<apply_work>();
    work->low = st.tracker->safe_point();
    work->low_gtid = st.tracker->safe_gtid();
    work->txn = std::move(txn);
    self->send(st.workers[*worker], apply_work_ptr(std::move(work)));
  }
  st.status->set_oldest_in_flight(st.tracker->oldest_timestamp());
  if (auto* p = st.status->probe(); p && st.scheduler) p->queue_lengths(*st.scheduler);
  return_credits(self);
  maybe_flush(self);
}

caf::behavior dispatcher(dispatcher_actor* self, settings_ptr settings, status_ptr status, caf::actor supervisor) {
  auto& st = self->state;
  st.settings = settings;
  st.status = std::move(status);
  st.supervisor = supervisor;
  st.meta = spawn_meta_sink(self->home_system(), settings, self, supervisor);
  self->link_to(st.meta);
  self->send(supervisor, start_atom::value, st.meta);
  self->delayed_send(self, tick_period, tick_atom::value);
  return {
      [=](start_atom, caf::actor reader, caf::actor filter) {
        self->state.reader = std::move(reader);
        self->state.filter = std::move(filter);
        return_credits(self);
      },
      [=](const pipeline_start_ptr& start) {
        spawn_workers(self, *start);
        self->state.tracker.emplace(start->start, start->start_gtid);
        self->state.requested = start->start;
        self->state.status->set_flushed(start->start, start->start_gtid);
      },
      [=](txn_handle& txn) {
        self->state.waiting.push_back(std::move(txn));
        pump(self);
      },
      [=](done_atom, const std::vector<std::uint64_t>& seqs) {
        auto& s = self->state;
        for (auto seq : seqs) {
          s.scheduler->complete(seq);
          if (s.tracker->complete(seq))
            s.credits_owed += take_cost(self, seq);
        }
        pump(self);
      },
      [=](ddl_atom, done_atom, std::uint64_t seq) {
        auto& s = self->state;
        s.ddl_running = false;
        if (s.tracker->complete(seq))
          s.credits_owed += take_cost(self, seq);
        for (auto& worker : s.workers)
          self->send(worker, refresh_atom::value);
        if (s.filter)
          self->send(s.filter, refresh_atom::value);
        s.last_flush = std::chrono::steady_clock::time_point{};  // DM flushes after every DDL
        pump(self);
      },
      [=](flushed_atom, const checkpoint_ptr& row) {
        auto& s = self->state;
        s.flush_in_flight = false;
        s.status->set_flushed(row->position, row->gtid);
        if (auto* p = s.status->probe()) p->checkpoint_flushed();
        if (s.drain && s.final_flush_sent && !row->exit_safe.empty()) {
          s.drain->deliver(done_atom::value);
          s.drain.reset();
          return;
        }
        maybe_flush(self);
      },
      [=](drain_atom) {
        auto& s = self->state;
        auto promise = self->make_response_promise();
        if (!s.tracker) {  // nothing was ever read: nothing to flush
          promise.deliver(done_atom::value);
          return;
        }
        s.drain = promise;
        s.final_flush_sent = false;
        maybe_flush(self);
      },
      [=](tick_atom) {
        if (self->state.tracker) {
          self->state.status->set_oldest_in_flight(self->state.tracker->oldest_timestamp());
          if (auto* p = self->state.status->probe()) p->seconds_behind(static_cast<double>(self->state.status->seconds_behind()));
          maybe_flush(self);
        }
        self->delayed_send(self, tick_period, tick_atom::value);
      },
  };
}

}  // namespace

caf::actor spawn_dispatcher(caf::actor_system& sys, settings_ptr settings, status_ptr status,
                            caf::actor supervisor) {
  return sys.spawn(dispatcher, std::move(settings), std::move(status), std::move(supervisor));
}

}  // namespace sluice::actors
