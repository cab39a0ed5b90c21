#include "actors/server.hpp"

#include <iostream>
#include <map>

#include <caf/actor_system.hpp>
#include <caf/event_based_actor.hpp>
#include <caf/response_promise.hpp>
#include <caf/stateful_actor.hpp>

#include "actors/messages.hpp"
#include "actors/settings_builder.hpp"
#include "actors/state_store.hpp"
#include "actors/task.hpp"

namespace sluice::actors {

namespace {

struct running_task {
  task_record_ptr record;
  caf::actor actor;
  std::shared_ptr<task_view> view;
};

struct server_state {
  std::unique_ptr<state_store> store;
  std::string worker;
  metrics::registry* metrics = nullptr;
  std::map<std::string, source_record_ptr> sources;
  std::map<std::string, running_task> tasks;
};

using server_actor = caf::stateful_actor<server_state>;

std::map<std::string, config::source_config> source_configs(const server_state& st) {
  std::map<std::string, config::source_config> out;
  for (const auto& [id, rec] : st.sources)
    out.emplace(id, rec->cfg);
  return out;
}

// Builds, spawns and records a task; the error names what is wrong.
std::string launch(server_actor* self, const task_record_ptr& rec, bool paused) {
  auto& st = self->state;
  auto settings = build_subtask_settings(rec->cfg, source_configs(st), st.worker);
  if (!settings)
    return settings.error();
  auto view = std::make_shared<task_view>();
  view->name = rec->cfg.name;
  std::vector<status_ptr> statuses;
  for (const auto& s : *settings) {
    auto status = std::make_shared<subtask_status>(s->task, s->source_id, s->worker, st.metrics);
    // Until the reader has read the checkpoint (milliseconds), status shows where the task starts.
    if (s->meta_start)
      status->set_flushed(*s->meta_start, {});
    statuses.push_back(status);
    const auto& src = st.sources.at(s->source_id)->cfg;
    view->subtasks.push_back(subtask_view{status, src.from, s->source_id, src.enable_gtid});
  }
  auto actor = spawn_task(self->home_system(), std::move(*settings), std::move(statuses), paused);
  st.tasks[rec->cfg.name] = running_task{rec, actor, view};
  return {};
}

void load_stored(server_actor* self) {
  auto& st = self->state;
  for (const auto& f : st.store->sources()) {
    auto cfg = config::parse_source_config(f.text, f.name + ".yaml");
    if (!cfg) {
      std::cerr << "sluice: skipping stored source " << f.name << ": " << cfg.error().to_string() << "\n";
      continue;
    }
    st.sources[cfg->source_id] = std::make_shared<const registered_source>(registered_source{*cfg, f.text});
  }
  for (const auto& f : st.store->tasks()) {
    auto cfg = config::parse_task_config(f.text, f.name + ".yaml");
    if (!cfg) {
      std::cerr << "sluice: skipping stored task " << f.name << ": " << cfg.error().to_string() << "\n";
      continue;
    }
    auto rec = std::make_shared<const registered_task>(registered_task{*cfg, f.text});
    if (auto err = launch(self, rec, f.stage == "Paused"); !err.empty())
      std::cerr << "sluice: cannot resume stored task " << f.name << ": " << err << "\n";
  }
}

std::string add_task(server_actor* self, const task_record_ptr& rec, bool paused) {
  auto& s = self->state;
  const auto& name = rec->cfg.name;
  if (s.tasks.count(name))
    return "task " + name + " already exists (stop-task " + name + " first, or resume-task it)";
  auto check = build_subtask_settings(rec->cfg, source_configs(s), s.worker);
  if (!check)
    return check.error();
  if (auto r = s.store->save_task(name, rec->yaml); !r)
    return r.error();
  if (auto r = s.store->save_task_stage(name, paused ? "Paused" : "Running"); !r)
    return r.error();
  return launch(self, rec, paused);
}

template <class Atom>
void task_command(server_actor* self, Atom atom, const std::string& name) {
  auto promise = self->make_response_promise();
  auto it = self->state.tasks.find(name);
  if (it == self->state.tasks.end()) {
    promise.deliver("task " + name + " has no source or not exist");
    return;
  }
  auto actor = it->second.actor;
  self->request(actor, caf::infinite, atom)
      .then(
          [=](done_atom) mutable {
            auto& st = self->state;
            std::string err;
            tl::expected<void, std::string> saved;
            if constexpr (std::is_same_v<Atom, stop_atom>) {
              st.tasks.erase(name);
              saved = st.store->remove_task(name);
            } else {
              saved = st.store->save_task_stage(name, std::is_same_v<Atom, pause_atom> ? "Paused" : "Running");
            }
            if (!saved)
              err = saved.error();
            promise.deliver(err);
          },
          [=](caf::error& e) mutable { promise.deliver("task " + name + ": " + caf::to_string(e)); });
}

caf::behavior server(server_actor* self, std::string data_dir, std::string worker, metrics::registry* metrics) {
  auto& st = self->state;
  st.metrics = metrics;
  st.store = std::make_unique<state_store>(data_dir);
  st.worker = std::move(worker);
  if (auto r = st.store->open(); !r)
    std::cerr << "sluice: " << r.error() << "\n";
  load_stored(self);
  return {
      [=](add_atom, const source_record_ptr& rec) -> std::string {
        auto& s = self->state;
        const auto& id = rec->cfg.source_id;
        if (s.sources.count(id))
          return "source " + id + " already exists (operate-source stop it first)";
        if (auto r = s.store->save_source(id, rec->yaml); !r)
          return r.error();
        s.sources[id] = rec;
        return {};
      },
      [=](list_atom) {
        std::vector<std::string> ids;
        for (const auto& [id, rec] : self->state.sources)
          ids.push_back(id);
        return ids;
      },
      [=](remove_atom, const std::string& id) -> std::string {
        auto& s = self->state;
        if (!s.sources.count(id))
          return "source " + id + " does not exist";
        for (const auto& [name, t] : s.tasks)
          for (const auto& inst : t.record->cfg.mysql_instances)
            if (inst.source_id == id)
              return "source " + id + " is used by task " + name + " (stop-task " + name + " first)";
        if (auto r = s.store->remove_source(id); !r)
          return r.error();
        s.sources.erase(id);
        return {};
      },
      [=](add_atom, const task_record_ptr& rec) { return add_task(self, rec, false); },
      [=](add_atom, const task_record_ptr& rec, bool paused) { return add_task(self, rec, paused); },
      [=](records_atom) {
        auto out = std::make_shared<registry_records>();
        for (const auto& [id, rec] : self->state.sources)
          out->sources.push_back(rec);
        for (const auto& [name, t] : self->state.tasks)
          out->tasks.push_back(t.record);
        return registry_records_ptr(std::move(out));
      },
      [=](pause_atom a, const std::string& name) { task_command(self, a, name); },
      [=](resume_atom a, const std::string& name) { task_command(self, a, name); },
      [=](stop_atom a, const std::string& name) { task_command(self, a, name); },
      [=](get_atom, const std::string& name) -> task_view_ptr {
        auto it = self->state.tasks.find(name);
        return it == self->state.tasks.end() ? nullptr : it->second.view;
      },
      [=](stop_atom) {
        // Shutdown: drain every task (checkpoints flushed with their exit points) without
        // recording a pause, so they run again when the process comes back.
        auto promise = self->make_response_promise();
        auto remaining = std::make_shared<std::size_t>(self->state.tasks.size());
        if (*remaining == 0) {
          promise.deliver(done_atom::value);
          return;
        }
        for (const auto& [name, t] : self->state.tasks) {
          auto finish = [=]() mutable {
            if (--*remaining == 0)
              promise.deliver(done_atom::value);
          };
          self->request(t.actor, std::chrono::seconds(25), pause_atom::value)
              .then([=](done_atom) mutable { finish(); }, [=](caf::error&) mutable { finish(); });
        }
      },
      [=](resolve_atom, const task_record_ptr& rec) {
        auto out = std::make_shared<resolved_task>();
        auto settings = build_subtask_settings(rec->cfg, source_configs(self->state), self->state.worker);
        if (settings)
          out->subtasks = std::move(*settings);
        else
          out->error = settings.error();
        return resolved_task_ptr(std::move(out));
      },
      [=](get_atom) {
        task_list out;
        for (const auto& [name, t] : self->state.tasks)
          out.push_back(t.view);
        return out;
      },
  };
}

}  // namespace

caf::actor spawn_server(caf::actor_system& sys, std::string data_dir, std::string worker,
                        metrics::registry* metrics) {
  return sys.spawn(server, std::move(data_dir), std::move(worker), metrics);
}

}  // namespace sluice::actors
