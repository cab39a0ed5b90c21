#include "actors/subtask.hpp"

#include <iostream>
#include <set>

#include <caf/actor_system.hpp>
#include <caf/event_based_actor.hpp>
#include <caf/exit_reason.hpp>
#include <caf/response_promise.hpp>
#include <caf/stateful_actor.hpp>

#include "actors/binlog_reader.hpp"
#include "actors/dispatcher.hpp"
#include "actors/messages.hpp"
#include "actors/stages.hpp"

namespace sluice::actors {

namespace {

constexpr auto backoff_min = std::chrono::seconds(1);
constexpr auto backoff_max = std::chrono::minutes(5);
constexpr auto healthy_after = std::chrono::minutes(5);  // DM's backoff-rollback

struct subtask_state {
  settings_ptr settings;
  status_ptr status;
  // the running pipeline, head first
  caf::actor reader, filter, rewrite, dispatcher;
  std::shared_ptr<std::atomic<bool>> stop_reader;
  std::set<caf::actor_addr> alive;  // pipeline actors not yet down
  bool tearing_down = false;
  // what happens once the pipeline is down
  stage target = stage::running;
  std::vector<caf::response_promise> waiting;  // pause/stop requests to answer when settled
  bool restart_when_down = false;
  std::chrono::seconds backoff = backoff_min;
  std::chrono::steady_clock::time_point started;
};

using subtask_actor = caf::stateful_actor<subtask_state>;

void watch(subtask_actor* self, const caf::actor& a) {
  self->monitor(a);
  self->state.alive.insert(a.address());
}

void start_pipeline(subtask_actor* self) {
  auto& st = self->state;
  auto& sys = self->home_system();
  st.stop_reader = std::make_shared<std::atomic<bool>>(false);
  st.tearing_down = false;
  st.dispatcher = spawn_dispatcher(sys, st.settings, st.status, self);
  st.rewrite = spawn_rewrite_stage(sys, st.settings, st.status, st.dispatcher);
  st.filter = spawn_filter_stage(sys, st.settings, st.rewrite, self);
  st.reader = spawn_binlog_reader(sys, st.settings, st.status, st.filter, self, st.stop_reader);
  for (const auto& a : {st.reader, st.filter, st.rewrite, st.dispatcher})
    watch(self, a);
  self->send(st.dispatcher, start_atom::value, st.reader, st.filter);
  st.started = std::chrono::steady_clock::now();
  st.status->set_stage(stage::running);
}

// Stops everything at once (after an error, or once drained).
void tear_down(subtask_actor* self) {
  auto& st = self->state;
  st.tearing_down = true;
  if (st.stop_reader)
    st.stop_reader->store(true);
  for (const auto& a : {st.filter, st.rewrite, st.dispatcher})
    if (a)
      self->send_exit(a, caf::exit_reason::user_shutdown);
}

void settle(subtask_actor* self) {
  auto& st = self->state;
  if (!st.alive.empty())
    return;
  st.reader = st.filter = st.rewrite = st.dispatcher = caf::actor{};
  if (st.target == stage::running && st.restart_when_down) {
    st.restart_when_down = false;
    start_pipeline(self);
    return;
  }
  if (st.target != stage::running)
    st.status->set_stage(st.target);
  for (auto& p : st.waiting)
    p.deliver(done_atom::value);
  st.waiting.clear();
  if (st.target == stage::stopped)
    self->quit();
}

// Pause and stop: let the reader finish its transaction, apply everything read, write the
// checkpoint with its exit point, then stop the rest.
void drain_then(subtask_actor* self, stage target) {
  auto& st = self->state;
  st.target = target;
  st.waiting.push_back(self->make_response_promise());
  if (st.alive.empty()) {
    settle(self);
    return;
  }
  if (st.tearing_down)
    return;
  st.stop_reader->store(true);
  // Travels behind every transaction already sent, then waits for the sinks and the flush.
  self->request(st.filter, std::chrono::seconds(60), drain_atom::value)
      .then([=](done_atom) { tear_down(self); }, [=](caf::error&) { tear_down(self); });
}

void on_failure(subtask_actor* self, const subtask_error& e) {
  auto& st = self->state;
  if (st.tearing_down)
    return;  // the first error explains the stop
  std::cerr << "sluice: warning: task " << st.settings->task << " source " << st.settings->source_id
            << " paused: " << e.message << (e.resumable ? " (retrying in " + std::to_string(st.backoff.count()) + "s)" : "")
            << "\n";
  st.status->set_error(e);
  st.status->set_stage(stage::paused);
  if (auto* probe = st.status->probe())
    probe->exited_with_error(e.resumable);
  tear_down(self);
  if (!e.resumable || st.target != stage::running)
    return;
  if (std::chrono::steady_clock::now() - st.started > healthy_after)
    st.backoff = backoff_min;
  self->delayed_send(self, st.backoff, restart_atom::value);
  st.backoff = std::min<std::chrono::seconds>(st.backoff * 2, backoff_max);
}

caf::behavior subtask(subtask_actor* self, settings_ptr settings, status_ptr status) {
  self->state.settings = std::move(settings);
  self->state.status = std::move(status);
  self->set_down_handler([=](caf::down_msg& msg) {
    auto& st = self->state;
    st.alive.erase(msg.source);
    if (!st.tearing_down && msg.reason && msg.reason != caf::exit_reason::user_shutdown) {
      subtask_error e;
      e.code = 50000;
      e.error_class = "internal";
      e.scope = "internal";
      e.message = "a pipeline actor stopped unexpectedly: " + caf::to_string(msg.reason);
      e.workaround = "Sluice restarts the pipeline automatically.";
      on_failure(self, e);
    }
    settle(self);
  });
  return {
      [=](start_atom) {
        auto& st = self->state;
        st.target = stage::running;
        if (st.alive.empty())
          start_pipeline(self);
      },
      [=](start_atom, const caf::actor& sink) { watch(self, sink); },
      [=](pause_atom) { drain_then(self, stage::paused); },
      [=](stop_atom) { drain_then(self, stage::stopped); },
      [=](resume_atom) {
        auto& st = self->state;
        st.target = stage::running;
        st.backoff = backoff_min;
        st.status->clear_errors();
        if (st.alive.empty())
          start_pipeline(self);
        else
          st.restart_when_down = true;
        return done_atom::value;
      },
      [=](restart_atom) {
        auto& st = self->state;
        if (st.target != stage::running || st.status->current_stage() != stage::paused)
          return;
        st.status->clear_errors();
        if (auto* probe = st.status->probe()) probe->reconnected();
        if (st.alive.empty())
          start_pipeline(self);
        else
          st.restart_when_down = true;
      },
      [=](fail_atom, const error_ptr& e) { on_failure(self, *e); },
  };
}

}  // namespace

caf::actor spawn_subtask(caf::actor_system& sys, settings_ptr settings, status_ptr status) {
  return sys.spawn(subtask, std::move(settings), std::move(status));
}

}  // namespace sluice::actors
