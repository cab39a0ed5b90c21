#include "actors/binlog_reader.hpp"

#include <algorithm>
#include <random>

#include <caf/actor_system.hpp>
#include <caf/blocking_actor.hpp>
#include <caf/after.hpp>

#include "actors/errors.hpp"
#include "actors/messages.hpp"
#include "db/binlog_stream.hpp"
#include "db/checkpoint_store.hpp"
#include "pipeline/transaction_builder.hpp"
#include "protocol/binlog_decoder.hpp"

namespace sluice::actors {

namespace {

// Credits count rows in flight between the reader and the apply workers (a transaction costs its
// row count, at least 1): enough for every worker to fill its next batch while one commits (4 x
// worker-count x batch), within [1024, 65536]. Memory is bounded by that many rows plus the one
// transaction being read, however far behind the downstream is.
std::int64_t credits_for(const subtask_settings& s) {
  auto want = 4LL * std::max(s.syncer.worker_count, 1) * std::max(s.syncer.batch, 1);
  return std::clamp(want, 1024LL, 65536LL);
}

struct reader_context {
  caf::blocking_actor* self;
  settings_ptr settings;
  status_ptr status;
  caf::actor next;
  caf::actor supervisor;
  std::shared_ptr<std::atomic<bool>> stop;
  std::int64_t max_credits = credits_for(*settings);
  std::int64_t credits = max_credits;  // negative after a transaction larger than what was left

  void fail(subtask_error e) { self->send(supervisor, fail_atom::value, std::make_shared<const subtask_error>(std::move(e))); }

  // Takes any credits waiting in the mailbox; blocks (in slices, watching `stop`) while there are none.
  void collect_credits() {
    auto take = [&](credit_atom, std::uint32_t n) { credits += n; };
    // Only credits arrive here. Looking at the mailbox first matters: a receive with a timeout
    // is a timed futex wait even when it returns at once, and this runs once per event.
    while (self->has_next_message())
      self->receive(take, caf::after(std::chrono::seconds(0)) >> [] {});
    while (credits <= 0 && !stop->load())
      self->receive(take, caf::after(std::chrono::milliseconds(200)) >> [] {});
  }
};

// Where to start: the checkpoint if one exists (the global row or, past it, the apply workers'
// marks), else task.yaml's meta (DM's rule).
tl::expected<pipeline_start, subtask_error> bootstrap(const subtask_settings& s) {
  auto down = db::connection::open(s.downstream);
  if (!down)
    return tl::unexpected(downstream_error(down.error(), "connecting to the downstream"));
  db::checkpoint_store store(s.meta_schema, s.task, s.source_id);
  if (auto r = store.ensure_table(*down); !r)
    return tl::unexpected(downstream_error(r.error(), "creating checkpoint table " + store.qualified_table()));
  auto state = store.load(*down);
  if (!state)
    return tl::unexpected(downstream_error(state.error(), "loading checkpoints from " + store.qualified_table()));
  pipeline_start start;
  start.checkpoints = std::move(*state);
  if (auto resume = start.checkpoints.resume_point()) {
    start.start = resume->first;
    start.start_gtid = resume->second;
  } else if (s.meta_start) {
    start.start = *s.meta_start;
  } else {
    return tl::unexpected(config_error_for(
        "task " + s.task + ", source " + s.source_id +
        ": no checkpoint in " + store.qualified_table() + " and no start position: set "
        "mysql-instances[].meta.binlog-name and binlog-pos in the task file"));
  }
  return start;
}

std::uint32_t pick_server_id(const subtask_settings& s) {
  if (s.server_id != 0)
    return s.server_id;
  // DM's default: a random id well away from the small ids servers usually have.
  std::random_device rd;
  return 429496729u + std::uniform_int_distribution<std::uint32_t>(0, 100000)(rd);
}

void run(reader_context& ctx) {
  const auto& s = *ctx.settings;
  auto start = bootstrap(s);
  if (!start) {
    ctx.fail(start.error());
    return;
  }
  auto checksum = protocol::checksum_alg::undefined;
  if (auto up = db::connection::open(s.upstream)) {
    if (auto rows = up->query("SELECT @@GLOBAL.binlog_checksum"); rows && !rows->empty() && (*rows)[0][0])
      checksum = *(*rows)[0][0] == "NONE" ? protocol::checksum_alg::off : protocol::checksum_alg::crc32;
    if (auto rows = up->query("SELECT UNIX_TIMESTAMP()"); rows && !rows->empty() && (*rows)[0][0]) {
      auto now = std::chrono::duration_cast<std::chrono::seconds>(
                     std::chrono::system_clock::now().time_since_epoch()).count();
      ctx.status->set_clock_offset(now - std::stoll(*(*rows)[0][0]));
    }
  }
  auto begin = start->start;
  ctx.self->send(ctx.next, std::make_shared<const pipeline_start>(std::move(*start)));

  db::binlog_start from{begin.file, begin.pos, pick_server_id(s), s.heartbeat};
  auto stream = db::binlog_stream::open(s.upstream, from);
  if (!stream) {
    ctx.fail(upstream_error(stream.error(), "opening the binlog stream at " + begin.to_string()));
    return;
  }
  protocol::binlog_decoder decoder;
  // Events before the first FORMAT_DESCRIPTION (the artificial ROTATE) carry the checksum the
  // session negotiated with SET @master_binlog_checksum.
  if (checksum != protocol::checksum_alg::undefined)
    decoder.set_checksum(checksum);
  pipeline::transaction_builder builder(begin);
  std::uint64_t seq = 0;
  auto* probe = ctx.status->probe();
  if (probe) probe->credits_limit(static_cast<double>(ctx.max_credits));
  while (!ctx.stop->load()) {
    ctx.collect_credits();
    if (probe)
      probe->credits_in_flight(static_cast<double>(ctx.max_credits - ctx.credits));
    if (ctx.stop->load())
      break;
    auto waited = std::chrono::steady_clock::now();
    auto frame = stream->next();
    if (!frame) {
      if (probe) probe->read_failed(frame.error().code);
      if (!ctx.stop->load())
        ctx.fail(upstream_error(frame.error(), "reading the binlog after " + builder.position().to_string()));
      return;
    }
    if (probe)
      probe->event_read(std::chrono::duration<double>(std::chrono::steady_clock::now() - waited).count(),
                        frame->size());
    auto ev = decoder.decode(*frame);
    if (!ev) {
      if (probe)
        probe->decode_error();
      ctx.fail(decode_failure(ev.error(), builder.position(), frame->size()));
      return;
    }
    if (probe && std::holds_alternative<protocol::rows_event>(ev->body)) probe->binlog_event_rows(std::get<protocol::rows_event>(ev->body).rows.size());
    if (probe && std::holds_alternative<protocol::heartbeat_event>(ev->body))
      probe->master_position(std::get<protocol::heartbeat_event>(ev->body).file, ev->header.next_pos);
    if (auto txn = builder.on_event(*ev)) {
      if (probe) probe->master_position(builder.position().file, builder.position().pos);
      txn->seq = ++seq;
      txn->credit_cost = static_cast<std::uint32_t>(std::max<std::size_t>(txn->rows.size(), 1));
      ctx.credits -= txn->credit_cost;
      ctx.self->send(ctx.next, std::make_shared<pipeline::transaction>(std::move(*txn)));
    }
  }
}

}  // namespace

caf::actor spawn_binlog_reader(caf::actor_system& sys, settings_ptr settings, status_ptr status,
                               caf::actor next, caf::actor supervisor,
                               std::shared_ptr<std::atomic<bool>> stop) {
  return sys.spawn([=](caf::blocking_actor* self) {
    reader_context ctx{self, settings, status, next, supervisor, stop};
    run(ctx);
  });
}

}  // namespace sluice::actors
