#include "actors/stages.hpp"

#include <caf/actor_system.hpp>
#include <caf/event_based_actor.hpp>
#include <caf/stateful_actor.hpp>

#include "actors/errors.hpp"
#include "actors/messages.hpp"
#include "pipeline/row_filter.hpp"
#include "pipeline/safe_mode_policy.hpp"

namespace sluice::actors {

namespace {

struct filter_state {
  std::optional<pipeline::row_filter> filter;
};

caf::behavior filter_stage(caf::stateful_actor<filter_state>* self, settings_ptr settings, caf::actor next,
                           caf::actor supervisor) {
  return {
      [=](const pipeline_start_ptr& start) {
        auto rules = pipeline::block_allow_list::create(settings->ba_rule, settings->case_sensitive);
        if (!rules) {
          self->send(supervisor, fail_atom::value,
                     std::make_shared<const subtask_error>(config_error_for("block-allow-list: " + rules.error())));
          return;
        }
        self->state.filter.emplace(std::move(*rules), start->checkpoints.tables);
        self->send(next, start);
      },
      [=](txn_handle& txn) {
        if (self->state.filter)
          self->state.filter->apply(*txn);
        self->send(next, std::move(txn));
      },
      [=](drain_atom a) { return self->delegate(next, a); },
  };
}

struct rewrite_state {
  std::optional<pipeline::safe_mode_policy> policy;
};

caf::behavior rewrite_stage(caf::stateful_actor<rewrite_state>* self, settings_ptr settings, status_ptr status,
                            caf::actor next) {
  return {
      [=](const pipeline_start_ptr& start) {
        pipeline::binlog_position exit_safe;
        if (start->checkpoints.global)
          exit_safe = start->checkpoints.global->exit_safe;
        self->state.policy.emplace(settings->syncer.safe_mode, settings->syncer.safe_mode_duration, start->start,
                                   exit_safe, pipeline::safe_mode_policy::clock::now());
        self->send(next, start);
      },
      [=](txn_handle& txn) {
        if (self->state.policy) {
          txn->safe_mode = self->state.policy->on_for(txn->end, pipeline::safe_mode_policy::clock::now());
          status->set_safe_mode(txn->safe_mode);
        }
        self->send(next, std::move(txn));
      },
      [=](drain_atom a) { return self->delegate(next, a); },
  };
}

}  // namespace

caf::actor spawn_filter_stage(caf::actor_system& sys, settings_ptr settings, caf::actor next,
                              caf::actor supervisor) {
  return sys.spawn(filter_stage, std::move(settings), std::move(next), std::move(supervisor));
}

caf::actor spawn_rewrite_stage(caf::actor_system& sys, settings_ptr settings, status_ptr status,
                               caf::actor next) {
  return sys.spawn(rewrite_stage, std::move(settings), std::move(status), std::move(next));
}

}  // namespace sluice::actors
