#include "actors/task.hpp"

#include <caf/actor_system.hpp>
#include <caf/event_based_actor.hpp>
#include <caf/response_promise.hpp>
#include <caf/stateful_actor.hpp>

#include "actors/messages.hpp"
#include "actors/subtask.hpp"

namespace sluice::actors {

namespace {

struct task_state {
  std::vector<caf::actor> subtasks;
};

using task_actor = caf::stateful_actor<task_state>;

// Sends `atom` to every subtask and answers once all of them answered.
template <class Atom>
void fan_out(task_actor* self, Atom atom, bool quit_after) {
  auto promise = self->make_response_promise();
  auto remaining = std::make_shared<std::size_t>(self->state.subtasks.size());
  if (*remaining == 0) {
    promise.deliver(done_atom::value);
    if (quit_after)
      self->quit();
    return;
  }
  for (const auto& sub : self->state.subtasks) {
    auto finish = [=]() mutable {
      if (--*remaining == 0) {
        promise.deliver(done_atom::value);
        if (quit_after)
          self->quit();
      }
    };
    self->request(sub, caf::infinite, atom).then([=](done_atom) mutable { finish(); },
                                                 [=](caf::error&) mutable { finish(); });
  }
}

caf::behavior task(task_actor* self, std::vector<settings_ptr> subtasks, std::vector<status_ptr> statuses,
                   bool start_paused) {
  for (std::size_t i = 0; i < subtasks.size(); ++i) {
    auto sub = spawn_subtask(self->home_system(), subtasks[i], statuses[i]);
    self->link_to(sub);
    self->state.subtasks.push_back(sub);
    if (start_paused)
      statuses[i]->set_stage(stage::paused);
    else
      self->send(sub, start_atom::value);
  }
  return {
      [=](pause_atom a) { fan_out(self, a, false); },
      [=](resume_atom a) { fan_out(self, a, false); },
      [=](stop_atom a) { fan_out(self, a, true); },
  };
}

}  // namespace

caf::actor spawn_task(caf::actor_system& sys, std::vector<settings_ptr> subtasks, std::vector<status_ptr> statuses,
                      bool start_paused) {
  return sys.spawn(task, std::move(subtasks), std::move(statuses), start_paused);
}

}  // namespace sluice::actors
