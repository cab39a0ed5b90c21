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
#include "pipeline/sql_builder.hpp"

namespace sluice::actors {

namespace {

constexpr std::size_t max_rows_per_commit = 10000;
constexpr std::size_t max_statement_bytes = 1 << 20;
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

struct sink_state {
  settings_ptr settings;
  status_ptr status;
  pipeline::table_name target;
  caf::actor dispatcher;
  caf::actor supervisor;
  std::optional<db::connection> conn;
  std::optional<pipeline::table_schema> schema;
  std::shared_ptr<const protocol::table_map_event> mapped_table;  // the TABLE_MAP `mapping` was made for
  std::shared_ptr<pipeline::column_mapping> mapping;
  std::vector<table_work_ptr> pending;
  metrics::job_counters* jobs = nullptr;
  bool flush_scheduled = false;
  bool failed = false;
};

using sink_actor = caf::stateful_actor<sink_state>;

void fail_sink(sink_actor* self, subtask_error e) {
  self->state.failed = true;
  self->state.pending.clear();
  self->send(self->state.supervisor, fail_atom::value, std::make_shared<const subtask_error>(std::move(e)));
}

tl::expected<std::shared_ptr<pipeline::column_mapping>, subtask_error>
mapping_for(sink_actor* self, const std::shared_ptr<const protocol::table_map_event>& table) {
  auto& st = self->state;
  if (st.mapping && (st.mapped_table == table || same_shape(*st.mapped_table, *table)))
    return st.mapping;
  auto m = pipeline::map_columns(*table, *st.schema);
  if (!m)
    return tl::unexpected(config_error_for("table " + st.target.display() + ": " + m.error()));
  st.mapped_table = table;
  st.mapping = std::make_shared<pipeline::column_mapping>(std::move(*m));
  return st.mapping;
}

// Connects and loads the target's definition when needed.
tl::expected<void, subtask_error> prepare(sink_actor* self) {
  auto& st = self->state;
  if (!st.conn) {
    auto c = db::connection::open(st.settings->downstream);
    if (!c)
      return tl::unexpected(downstream_error(c.error(), "connecting to the downstream"));
    st.conn.emplace(std::move(*c));
  }
  if (!st.schema) {
    auto s = db::load_table_schema(*st.conn, st.target);
    if (!s)
      return tl::unexpected(downstream_error(s.error(), "reading the definition of " + st.target.display()));
    if (!*s)
      return tl::unexpected(config_error_for(
          "table " + st.target.display() + " does not exist downstream; create it there (its CREATE TABLE "
          "precedes the task's start position), then resume-task"));
    st.schema = std::move(**s);
    st.mapping.reset();
    st.mapped_table.reset();
  }
  return {};
}

// Applies `batch` in one downstream transaction, with the table checkpoints it reaches.
tl::expected<void, subtask_error> apply_batch(sink_actor* self, const std::vector<table_work_ptr>& batch) {
  auto& st = self->state;
  if (auto r = prepare(self); !r)
    return r;
  std::vector<pipeline::dml> dmls;
  std::vector<std::shared_ptr<pipeline::column_mapping>> maps;  // keeps every mapping alive for dmls
  std::map<pipeline::table_name, pipeline::binlog_position> reached;
  for (const auto& work : batch) {
    for (auto i : work->rows) {
      const auto& op = work->txn->rows[i];
      auto m = mapping_for(self, op.table);
      if (!m)
        return tl::unexpected(m.error());
      if (maps.empty() || maps.back() != *m)
        maps.push_back(*m);
      pipeline::rewrite_row(op, **m, work->txn->safe_mode, dmls);
      reached[op.source] = work->txn->end;
    }
  }
  auto statements = pipeline::build_statements(st.target, dmls, max_statement_bytes);
  if (!statements)
    return tl::unexpected(config_error_for("table " + st.target.display() + ": " + statements.error()));
  db::checkpoint_store store(st.settings->meta_schema, st.settings->task, st.settings->source_id);
  for (const auto& [table, pos] : reached)
    statements->push_back(store.table_upsert(*st.conn, table, pos));

  for (int attempt = 0;; ++attempt) {
    auto r = st.conn->execute_transaction(*statements);
    if (r)
      return {};
    const auto& e = r.error();
    const auto& first = batch.front()->txn->end;
    if (!e.transient() || attempt >= transient_retries)
      return tl::unexpected(downstream_error(
          e, "applying " + std::to_string(dmls.size()) + " row changes to " + st.target.display() +
                 " (binlog up to " + batch.back()->txn->end.to_string() + ", from " + first.to_string() + ")"));
    std::this_thread::sleep_for(std::chrono::milliseconds(200) * (1 << attempt));
    st.conn.reset();
    if (auto p = prepare(self); !p)
      return p;
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

void report(sink_actor* self, const std::vector<table_work_ptr>& batch, std::size_t rows, double seconds) {
  auto& st = self->state;
  auto* probe = st.status->probe();
  if (!probe)
    return;
  if (!st.jobs)
    st.jobs = &probe->jobs("0", st.target.schema, st.target.table);
  for (const auto& w : batch)
    for (auto i : w->rows)
      st.jobs->finished(job_type_of(w->txn->rows[i].kind));
  probe->batch_committed(seconds, rows);
  if (auto ts = batch.back()->txn->timestamp; ts != 0)
    probe->replication_lag(st.status->seconds_since_upstream(ts));
}

void flush(sink_actor* self) {
  auto& st = self->state;
  st.flush_scheduled = false;
  if (st.failed || st.pending.empty())
    return;
  std::vector<table_work_ptr> batch;
  std::size_t rows = 0;
  std::size_t taken = 0;
  while (taken < st.pending.size() && (batch.empty() || rows + st.pending[taken]->rows.size() <= max_rows_per_commit)) {
    rows += st.pending[taken]->rows.size();
    batch.push_back(std::move(st.pending[taken]));
    ++taken;
  }
  st.pending.erase(st.pending.begin(), st.pending.begin() + static_cast<std::ptrdiff_t>(taken));
  auto started = std::chrono::steady_clock::now();
  if (auto r = apply_batch(self, batch); !r) {
    fail_sink(self, r.error());
    return;
  }
  st.status->add_events(rows);
  report(self, batch, rows, std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
  std::vector<std::uint64_t> seqs;
  seqs.reserve(batch.size());
  for (const auto& w : batch)
    seqs.push_back(w->seq);
  self->send(st.dispatcher, done_atom::value, std::move(seqs));
  if (!st.pending.empty()) {
    st.flush_scheduled = true;
    self->send(self, flush_atom::value);
  }
}

caf::behavior table_sink(sink_actor* self, settings_ptr settings, status_ptr status, pipeline::table_name target,
                         caf::actor dispatcher, caf::actor supervisor) {
  auto& st = self->state;
  st.settings = std::move(settings);
  st.status = std::move(status);
  st.target = std::move(target);
  st.dispatcher = std::move(dispatcher);
  st.supervisor = std::move(supervisor);
  return {
      [=](const table_work_ptr& work) {
        auto& s = self->state;
        if (s.failed)
          return;
        s.pending.push_back(work);
        // Whatever arrives before this flush message is processed joins the same commit: a lone
        // row goes out at once, a backlog fills large batches.
        if (!s.flush_scheduled) {
          s.flush_scheduled = true;
          self->send(self, flush_atom::value);
        }
      },
      [=](flush_atom) { flush(self); },
      [=](refresh_atom) {
        self->state.schema.reset();
        self->state.mapping.reset();
        self->state.mapped_table.reset();
      },
  };
}

}  // namespace

caf::actor spawn_table_sink(caf::actor_system& sys, settings_ptr settings, status_ptr status,
                            pipeline::table_name target, caf::actor dispatcher, caf::actor supervisor) {
  return sys.spawn<caf::detached>(table_sink, std::move(settings), std::move(status), std::move(target),
                                  std::move(dispatcher), std::move(supervisor));
}

}  // namespace sluice::actors
