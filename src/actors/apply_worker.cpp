// One apply worker: a detached actor with its own downstream connection. It merges whatever
// transactions queued up (up to `batch` rows, never splitting one) into one downstream
// transaction, together with its worker checkpoint row (db/checkpoint_store.hpp), so a crash
// neither loses nor repeats a row.

#include <algorithm>
#include <deque>
#include <map>
#include <set>
#include <thread>

#include <caf/actor_system.hpp>
#include <caf/event_based_actor.hpp>
#include <caf/spawn_options.hpp>
#include <caf/stateful_actor.hpp>

#include "actors/errors.hpp"
#include "actors/messages.hpp"
#include "actors/sinks.hpp"
#include "db/checkpoint_store.hpp"
#include "db/schema_loader.hpp"
#include "pipeline/compactor.hpp"
#include "pipeline/sql_builder.hpp"

namespace sluice::actors {

namespace {

constexpr std::size_t default_statement_bytes = 1 << 20;
constexpr std::size_t largest_statement_bytes = 16 << 20;
constexpr int transient_retries = 5;

bool same_shape(const protocol::table_map_event& a, const protocol::table_map_event& b) {
  if (a.columns.size() != b.columns.size())
    return false;
  for (std::size_t i = 0; i < a.columns.size(); ++i) {
    const auto& x = a.columns[i];
    const auto& y = b.columns[i];
    if (x.type != y.type || x.meta != y.meta || x.name != y.name)
      return false;
  }
  return true;
}

// What the worker knows about one target table.
struct target_state {
  std::optional<pipeline::table_schema> schema;
  std::shared_ptr<const protocol::table_map_event> mapped_table;  // the TABLE_MAP `mapping` was made for
  std::shared_ptr<pipeline::column_mapping> mapping;
  metrics::job_counters* jobs = nullptr;
};

struct worker_state {
  settings_ptr settings;
  status_ptr status;
  std::size_t index = 0;
  caf::actor dispatcher;
  caf::actor supervisor;
  std::optional<db::connection> conn;
  std::size_t max_statement_bytes = default_statement_bytes;  // half the downstream's max_allowed_packet
  std::map<pipeline::table_name, target_state> targets;
  std::deque<apply_work_ptr> pending;
  db::worker_checkpoint checkpoint;  // what this worker's checkpoint row holds
  bool flush_scheduled = false;
  bool failed = false;
};

using worker_actor = caf::stateful_actor<worker_state>;

void fail_worker(worker_actor* self, subtask_error e) {
  self->state.failed = true;
  self->state.pending.clear();
  self->send(self->state.supervisor, fail_atom::value, std::make_shared<const subtask_error>(std::move(e)));
}

tl::expected<void, subtask_error> connect(worker_actor* self) {
  auto& st = self->state;
  if (st.conn)
    return {};
  auto c = db::connection::open(st.settings->downstream);
  if (!c)
    return tl::unexpected(downstream_error(c.error(), "connecting to the downstream"));
  st.conn.emplace(std::move(*c));
  if (auto packet = st.conn->query("SELECT @@max_allowed_packet"); packet && !packet->empty() && (*packet)[0][0]) {
    auto bytes = std::stoull(*(*packet)[0][0]);
    st.max_statement_bytes = std::clamp<std::size_t>(bytes / 2, 4096, largest_statement_bytes);
  }
  return {};
}

// The column mapping for `op`'s TABLE_MAP, loading the target's definition when needed; an
// error names the table and the rows event's position.
tl::expected<std::shared_ptr<pipeline::column_mapping>, subtask_error>
mapping_for(worker_actor* self, const pipeline::row_op& op, const pipeline::transaction& txn) {
  auto& st = self->state;
  auto& target = st.targets[op.target];
  if (!target.schema) {
    auto s = db::load_table_schema(*st.conn, op.target);
    if (!s)
      return tl::unexpected(downstream_error(s.error(), "reading the definition of " + op.target.display()));
    if (!*s)
      return tl::unexpected(config_error_for(
          "table " + op.target.display() + " does not exist downstream; create it there (its CREATE TABLE "
          "precedes the task's start position), then resume-task"));
    target.schema = std::move(**s);
    target.mapping.reset();
    target.mapped_table.reset();
  }
  const auto& table = op.table;
  if (target.mapping && (target.mapped_table == table || same_shape(*target.mapped_table, *table)))
    return target.mapping;
  auto m = pipeline::map_columns(*table, *target.schema);
  if (!m)
    return tl::unexpected(config_error_for(
        "rows of " + op.source.display() + " at binlog (" + txn.end.file + ", " + std::to_string(op.event_pos) +
        ")" + (txn.gtid.empty() ? "" : " gtid " + txn.gtid) + " do not fit table " + op.target.display() +
        " downstream: " + m.error()));
  target.mapped_table = table;
  target.mapping = std::make_shared<pipeline::column_mapping>(std::move(*m));
  return target.mapping;
}

// The SQL of `batch`: each table's rows in binlog order (tables are independent of each other),
// then the worker checkpoint row `next`.
tl::expected<std::vector<std::string>, subtask_error> batch_statements(worker_actor* self,
                                                                       const std::vector<apply_work_ptr>& batch,
                                                                       const db::worker_checkpoint& next,
                                                                       std::size_t& row_count) {
  auto& st = self->state;
  std::map<pipeline::table_name, std::vector<pipeline::dml>> by_table;
  std::vector<std::shared_ptr<pipeline::column_mapping>> maps;  // keeps every mapping alive for the dmls
  row_count = 0;
  for (const auto& work : batch) {
    const auto& txn = *work->txn;
    for (const auto& op : txn.rows) {
      auto m = mapping_for(self, op, txn);
      if (!m)
        return tl::unexpected(m.error());
      if (maps.empty() || maps.back() != *m)
        maps.push_back(*m);
      pipeline::rewrite_row(op, **m, txn.safe_mode, by_table[op.target]);
      ++row_count;
    }
  }
  std::vector<std::string> statements;
  for (auto& [target, dmls] : by_table) {
    if (st.settings->syncer.compact)
      dmls = pipeline::compact(dmls);
    auto sql = pipeline::build_statements(target, dmls, st.max_statement_bytes);
    if (!sql)
      return tl::unexpected(config_error_for("table " + target.display() + ": " + sql.error()));
    std::move(sql->begin(), sql->end(), std::back_inserter(statements));
  }
  db::checkpoint_store store(st.settings->meta_schema, st.settings->task, st.settings->source_id);
  statements.push_back(store.worker_upsert(*st.conn, st.index, next));
  return statements;
}

std::string tables_of(const std::vector<apply_work_ptr>& batch) {
  std::set<std::string> names;
  for (const auto& w : batch)
    for (const auto& op : w->txn->rows)
      names.insert(op.target.display());
  std::string out;
  for (const auto& n : names)
    out += (out.empty() ? "" : ", ") + n;
  return out;
}

// Applies `batch` in one downstream transaction with the worker checkpoint that covers it.
tl::expected<std::size_t, subtask_error> apply_batch(worker_actor* self, const std::vector<apply_work_ptr>& batch) {
  auto& st = self->state;
  db::worker_checkpoint next = st.checkpoint;
  next.low = batch.back()->low;
  next.low_gtid = batch.back()->low_gtid;
  for (const auto& w : batch)
    next.applied.insert(w->txn->end);
  next.applied.erase(next.applied.begin(), next.applied.upper_bound(next.low));

  for (int attempt = 0;; ++attempt) {
    if (auto c = connect(self); !c)
      return tl::unexpected(c.error());
    std::size_t rows = 0;
    metrics::probe_clock clock(st.status->probe());
    auto statements = batch_statements(self, batch, next, rows);
    if (!statements)
      return tl::unexpected(statements.error());
    clock.lap(metrics::timed_span::gen_dml);
    auto r = st.conn->execute_transaction_packed(*statements, st.max_statement_bytes);
    clock.lap(metrics::timed_span::dml_exec);
    if (r) {
      if (auto* p = st.status->probe()) p->transaction_batch(st.index, statements->size() - 1, rows);
      st.checkpoint = std::move(next);
      return rows;
    }
    const auto& e = r.error();
    if (!e.transient() || attempt >= transient_retries)
      return tl::unexpected(downstream_error(
          e, "applying " + std::to_string(rows) + " row changes to " + tables_of(batch) + " (binlog " +
                 batch.front()->txn->end.to_string() + " to " + batch.back()->txn->end.to_string() + ")"));
    std::this_thread::sleep_for(std::chrono::milliseconds(200) * (1 << attempt));
    st.conn.reset();
    if (auto* p = st.status->probe()) p->reconnected();
    st.targets.clear();
  }
}

metrics::job_type job_type_of(pipeline::row_kind k) {
  switch (k) {
    case pipeline::row_kind::insert:
      return metrics::job_type::insert;
    case pipeline::row_kind::update:
      return metrics::job_type::update;
    case pipeline::row_kind::erase:
      return metrics::job_type::del;
  }
  return metrics::job_type::insert;
}

void report(worker_actor* self, const std::vector<apply_work_ptr>& batch, std::size_t rows, double seconds) {
  auto& st = self->state;
  auto* probe = st.status->probe();
  if (!probe)
    return;
  const auto queue = std::to_string(st.index);
  for (const auto& w : batch)
    for (const auto& op : w->txn->rows) {
      auto& target = st.targets[op.target];
      if (!target.jobs)
        target.jobs = &probe->jobs(queue, op.target.schema, op.target.table);
      target.jobs->finished(job_type_of(op.kind));
    }
  probe->batch_committed(seconds, rows);
  if (auto ts = batch.back()->txn->timestamp; ts != 0)
    probe->replication_lag(st.status->seconds_since_upstream(ts));
}

void flush(worker_actor* self) {
  auto& st = self->state;
  st.flush_scheduled = false;
  if (st.failed || st.pending.empty())
    return;
  const auto max_rows = static_cast<std::size_t>(std::max(st.settings->syncer.batch, 1));
  std::vector<apply_work_ptr> batch;
  std::size_t rows = 0;
  while (!st.pending.empty() && (batch.empty() || rows + st.pending.front()->txn->rows.size() <= max_rows)) {
    rows += st.pending.front()->txn->rows.size();
    batch.push_back(std::move(st.pending.front()));
    st.pending.pop_front();
  }
  auto started = std::chrono::steady_clock::now();
  auto applied = apply_batch(self, batch);
  if (!applied) {
    fail_worker(self, applied.error());
    return;
  }
  st.status->add_events(*applied);
  report(self, batch, *applied, std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
  std::vector<std::uint64_t> seqs;
  seqs.reserve(batch.size());
  for (const auto& w : batch)
    seqs.push_back(w->txn->seq);
  self->send(st.dispatcher, done_atom::value, std::move(seqs));
  if (!st.pending.empty()) {
    st.flush_scheduled = true;
    self->send(self, flush_atom::value);
  }
}

caf::behavior apply_worker(worker_actor* self, settings_ptr settings, status_ptr status, std::size_t index,
                           db::worker_checkpoint initial, caf::actor dispatcher, caf::actor supervisor) {
  auto& st = self->state;
  st.checkpoint = std::move(initial);
  st.settings = std::move(settings);
  st.status = std::move(status);
  st.index = index;
  st.dispatcher = std::move(dispatcher);
  st.supervisor = std::move(supervisor);
  return {
      [=](const apply_work_ptr& work) {
        auto& s = self->state;
        if (s.failed)
          return;
        s.pending.push_back(work);
        // Whatever arrives before this flush message is processed joins the same commit: a lone
        // transaction goes out at once, a backlog fills large batches.
        if (!s.flush_scheduled) {
          s.flush_scheduled = true;
          self->send(self, flush_atom::value);
        }
      },
      [=](flush_atom) { flush(self); },
      [=](refresh_atom) { self->state.targets.clear(); },
  };
}

}  // namespace

caf::actor spawn_apply_worker(caf::actor_system& sys, settings_ptr settings, status_ptr status, std::size_t index,
                              db::worker_checkpoint initial, caf::actor dispatcher, caf::actor supervisor) {
  return sys.spawn<caf::detached>(apply_worker, std::move(settings), std::move(status), index, std::move(initial),
                                  std::move(dispatcher), std::move(supervisor));
}

}  // namespace sluice::actors
