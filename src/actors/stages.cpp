#include "actors/stages.hpp"

#include <caf/actor_system.hpp>
#include <caf/event_based_actor.hpp>
#include <caf/stateful_actor.hpp>

#include <cctype>
#include <iostream>
#include <map>

#include "actors/errors.hpp"
#include "actors/messages.hpp"
#include "db/connection.hpp"
#include "db/schema_loader.hpp"
#include "pipeline/causality_keys.hpp"
#include "pipeline/row_filter.hpp"
#include "pipeline/transaction_rules.hpp"
#include "pipeline/safe_mode_policy.hpp"

namespace sluice::actors {

namespace {

// task.yaml `timezone` as seconds east of UTC: "", "UTC", "Z" or "+HH:MM" / "-HH:MM".
tl::expected<int, std::string> utc_offset(const std::string& zone) {
  if (zone.empty() || zone == "UTC" || zone == "Z" || zone == "+00:00")
    return 0;
  if (zone.size() == 6 && (zone[0] == '+' || zone[0] == '-') && zone[3] == ':' &&
      std::isdigit(static_cast<unsigned char>(zone[1])) && std::isdigit(static_cast<unsigned char>(zone[2])) &&
      std::isdigit(static_cast<unsigned char>(zone[4])) && std::isdigit(static_cast<unsigned char>(zone[5]))) {
    const int seconds = ((zone[1] - '0') * 10 + (zone[2] - '0')) * 3600 + ((zone[4] - '0') * 10 + (zone[5] - '0')) * 60;
    return zone[0] == '-' ? -seconds : seconds;
  }
  return tl::unexpected("timezone " + zone + ": only UTC offsets such as \"+08:00\" are supported by Sluice");
}

struct filter_state {
  std::optional<pipeline::row_filter> filter;
  std::optional<pipeline::transaction_rules> rules;
  std::optional<db::connection> downstream;  // for downstream definitions, expression filters only
  std::map<pipeline::table_name, std::optional<pipeline::table_schema>> schemas;
  std::optional<pipeline::causality_keys> keys;
  int ddl_in_flight = 0;  // DDL sent on whose downstream effect the dispatcher has not confirmed
};

using filter_actor = caf::stateful_actor<filter_state>;

// The downstream definition of `target`, read once (again after DDL) for expression filters over
// binlogs without column names. Blocks: the filter stage runs detached.
const pipeline::table_schema* downstream_schema(filter_actor* self, const settings_ptr& settings,
                                                const pipeline::table_name& target) {
  auto& st = self->state;
  auto it = st.schemas.find(target);
  if (it != st.schemas.end())
    return it->second ? &*it->second : nullptr;
  if (!st.downstream) {
    auto c = db::connection::open(settings->downstream);
    if (!c)
      return nullptr;
    st.downstream.emplace(std::move(*c));
  }
  auto loaded = db::load_table_schema(*st.downstream, target);
  if (!loaded) {
    st.downstream.reset();
    return nullptr;
  }
  auto& slot = st.schemas[target];
  slot = std::move(*loaded);
  return slot ? &*slot : nullptr;
}

void fail_with(filter_actor* self, const caf::actor& supervisor, std::string message) {
  self->send(supervisor, fail_atom::value, std::make_shared<const subtask_error>(config_error_for(std::move(message))));
}

caf::behavior filter_stage(filter_actor* self, settings_ptr settings, caf::actor next, caf::actor supervisor) {
  return {
      [=](const pipeline_start_ptr& start) {
        auto allow = pipeline::block_allow_list::create(settings->ba_rule, settings->case_sensitive);
        if (!allow)
          return fail_with(self, supervisor, "block-allow-list: " + allow.error());
        auto offset = utc_offset(settings->timezone);
        if (!offset)
          return fail_with(self, supervisor, offset.error());
        pipeline::transaction_rules::config_set config{settings->routes, settings->filters,
                                                       settings->expression_filters, settings->case_sensitive,
                                                       settings->source_id, *offset};
        auto rules = pipeline::transaction_rules::create(
            config, [=](const pipeline::table_name& t) { return downstream_schema(self, settings, t); });
        if (!rules)
          return fail_with(self, supervisor, rules.error());
        self->state.filter.emplace(std::move(*allow), start->checkpoints.applied_past_resume());
        self->state.keys.emplace([=](const pipeline::table_name& t) { return downstream_schema(self, settings, t); });
        self->state.rules.emplace(std::move(*rules));
        for (const auto& w : self->state.rules->take_warnings())
          std::cerr << "sluice: task " << settings->task << ": " << w << "\n";
        self->send(next, start);
      },
      [=](txn_handle& txn) {
        auto& st = self->state;
        if (st.filter)
          st.filter->apply_allow_list(*txn);
        if (st.rules) {
          if (auto r = st.rules->apply(*txn); !r)
            return fail_with(self, supervisor, r.error() + " (transaction ending at " + txn->end.to_string() + ")");
          for (const auto& w : st.rules->take_warnings())
            std::cerr << "sluice: task " << settings->task << ": " << w << "\n";
        }
        if (st.filter)
          st.filter->apply_checkpoints(*txn);
        if (txn->ddl) {
          st.schemas.clear();  // DDL may change what expression filters and causality keys see
          if (st.keys) {
            st.keys->clear();
            st.keys->hold_table_order(true);
          }
          ++st.ddl_in_flight;
        } else if (st.keys && !txn->rows.empty()) {
          txn->causality = st.keys->of(*txn);
          txn->causality_by_table = st.keys->holds_table_order();
        }
        self->send(next, std::move(txn));
      },
      [=](refresh_atom) {  // the dispatcher: a DDL is applied downstream
        auto& st = self->state;
        if (st.ddl_in_flight > 0 && --st.ddl_in_flight == 0 && st.keys) {
          st.schemas.clear();
          st.keys->clear();
          st.keys->hold_table_order(false);
        }
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
  // Detached: expression filters may read a downstream table definition (blocking) on first use.
  return sys.spawn<caf::detached>(filter_stage, std::move(settings), std::move(next), std::move(supervisor));
}

caf::actor spawn_rewrite_stage(caf::actor_system& sys, settings_ptr settings, status_ptr status,
                               caf::actor next) {
  return sys.spawn(rewrite_stage, std::move(settings), std::move(status), std::move(next));
}

}  // namespace sluice::actors
