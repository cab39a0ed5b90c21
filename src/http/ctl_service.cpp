#include "http/ctl_service.hpp"

#include <caf/actor_system.hpp>
#include <caf/scoped_actor.hpp>

#include "actors/messages.hpp"
#include "actors/server.hpp"
#include "actors/settings_builder.hpp"
#include "db/master_status.hpp"
#include "db/precheck.hpp"
#include "http/check_json.hpp"
#include "http/status_json.hpp"
#include "pipeline/transaction_rules.hpp"

namespace sluice::http {

using json = nlohmann::ordered_json;
using namespace sluice::actors;

namespace {

constexpr auto command_timeout = std::chrono::seconds(90);

// Sends a command whose reply is an error text (empty on success).
template <class... Ts>
std::string ask(caf::actor_system& sys, const caf::actor& server, Ts&&... xs) {
  caf::scoped_actor self{sys};
  std::string err;
  self->request(server, command_timeout, std::forward<Ts>(xs)...)
      .receive([&](std::string& e) { err = std::move(e); }, [&](caf::error& e) { err = sys.render(e); });
  return err;
}

// DM's operate-source create connects to the source before accepting it.
std::string check_upstream(const config::source_config& cfg, const std::string& file) {
  auto conn = db::connection::open(to_endpoint(cfg.from, false));
  if (!conn)
    return file + ": source " + cfg.source_id + ": " + conn.error().message;
  auto status = db::read_master_status(*conn);
  if (!status)
    return file + ": source " + cfg.source_id + " at " + cfg.from.host + ":" + std::to_string(cfg.from.port) +
           ": " + status.error().message;
  return {};
}

// Keys that parse but whose features Sluice does not run yet: refused, never silently ignored.
std::string unsupported_feature(const config::task_config& task) {
  for (const auto& inst : task.mysql_instances) {
    const std::string where = "mysql-instances[" + inst.source_id + "]";
    // Rules are compiled now so a bad pattern or expression is refused here, not at runtime.
    pipeline::transaction_rules::config_set rules;
    for (const auto& name : inst.route_rules) rules.routes.push_back(task.routes.at(name));
    for (const auto& name : inst.filter_rules) rules.filters.push_back(task.filters.at(name));
    for (const auto& name : inst.expression_filters)
      rules.expression_filters.push_back(
          pipeline::expression_filter_spec::from_config(name, task.expression_filters.at(name)));
    rules.case_sensitive = task.case_sensitive;
    rules.source_id = inst.source_id;
    if (auto compiled = pipeline::transaction_rules::create(rules, nullptr); !compiled)
      return where + ": " + compiled.error();
    if (inst.meta && inst.meta->binlog_name.empty())
      return where + ": meta.binlog-gtid alone is not supported yet by Sluice; give binlog-name and binlog-pos";
  }
  return {};
}

}  // namespace

ctl_service::ctl_service(caf::actor_system& sys, caf::actor server, std::string worker)
    : sys_(sys), server_(std::move(server)), worker_(std::move(worker)) {}

json ctl_service::create_sources(const std::vector<named_text>& files) {
  if (files.empty())
    return failure_json("operate-source create needs at least one source.yaml");
  std::vector<source_result> results;
  for (const auto& f : files) {
    auto cfg = config::parse_source_config(f.content, f.name);
    if (!cfg) {
      results.push_back({false, cfg.error().to_string(), "", worker_});
      continue;
    }
    std::string err = check_upstream(*cfg, f.name);
    if (err.empty())
      err = ask(sys_, server_, add_atom::value,
                std::make_shared<const registered_source>(registered_source{*cfg, f.content}));
    results.push_back({err.empty(), err, cfg->source_id, worker_});
  }
  return command_json(results);
}

json ctl_service::show_sources(const std::vector<std::string>& ids) {
  caf::scoped_actor self{sys_};
  std::vector<std::string> known;
  std::string err;
  self->request(server_, command_timeout, list_atom::value)
      .receive([&](std::vector<std::string>& v) { known = std::move(v); },
               [&](caf::error& e) { err = sys_.render(e); });
  if (!err.empty())
    return failure_json(err);
  std::vector<source_result> results;
  for (const auto& id : known)
    if (ids.empty() || std::find(ids.begin(), ids.end(), id) != ids.end())
      results.push_back({true, "", id, worker_});
  for (const auto& id : ids)
    if (std::find(known.begin(), known.end(), id) == known.end())
      results.push_back({false, "source " + id + " does not exist", id, ""});
  return command_json(results);
}

json ctl_service::stop_sources(const std::vector<named_text>& files, std::vector<std::string> ids) {
  for (const auto& f : files) {
    auto cfg = config::parse_source_config(f.content, f.name);
    if (!cfg)
      return failure_json(cfg.error().to_string());
    ids.push_back(cfg->source_id);
  }
  if (ids.empty())
    return failure_json("operate-source stop needs a source.yaml or a source id");
  std::vector<source_result> results;
  for (const auto& id : ids) {
    auto err = ask(sys_, server_, remove_atom::value, id);
    results.push_back({err.empty(), err, id, err.empty() ? worker_ : ""});
  }
  return command_json(results);
}

bool ctl_service::precheck(const named_text& file, json& report) {
  auto cfg = config::parse_task_config(file.content, file.name);
  if (!cfg) {
    report = failure_json(cfg.error().to_string());
    return false;
  }
  caf::scoped_actor self{sys_};
  resolved_task_ptr resolved;
  std::string err;
  self->request(server_, command_timeout, resolve_atom::value,
                std::make_shared<const registered_task>(registered_task{*cfg, file.content}))
      .receive([&](resolved_task_ptr& r) { resolved = std::move(r); }, [&](caf::error& e) { err = sys_.render(e); });
  if (resolved && !resolved->error.empty())
    err = resolved->error;
  if (!err.empty() || !resolved) {
    report = failure_json(file.name + ": " + (err.empty() ? "the server did not answer" : err));
    return false;
  }
  std::vector<source_checks> checks;
  for (const auto& sub : resolved->subtasks) {
    auto tables = pipeline::block_allow_list::create(sub->ba_rule, sub->case_sensitive);
    db::precheck_target target{sub->source_id, sub->upstream, sub->downstream, sub->meta_start,
                               tables ? &*tables : nullptr};
    checks.push_back({sub->source_id, db::run_prechecks(target)});
  }
  report = check_json(checks);
  return checks_passed(checks);
}

json ctl_service::check_task(const named_text& file) {
  json report;
  precheck(file, report);
  return report;
}

json ctl_service::start_task(const named_text& file) { return start_task(file, false, nullptr); }

json ctl_service::start_task(const named_text& file, bool paused, json* check_report) {
  auto cfg = config::parse_task_config(file.content, file.name);
  if (!cfg)
    return failure_json(cfg.error().to_string());
  if (cfg->task_mode != "incremental")
    return failure_json(file.name + ": task-mode " + cfg->task_mode +
                        " is not supported yet by Sluice; use task-mode: incremental");
  if (!cfg->shard_mode.empty())
    return failure_json(file.name + ": shard-mode " + cfg->shard_mode + " is not supported yet by Sluice");
  if (auto why = unsupported_feature(*cfg); !why.empty())
    return failure_json(file.name + ": " + why);
  // As DM, start-task runs check-task's prechecks first and refuses a task that fails them.
  json report;
  const bool passed = precheck(file, report);
  if (check_report)
    *check_report = report;
  if (!passed)
    return report;
  auto err = ask(sys_, server_, add_atom::value,
                 std::make_shared<const registered_task>(registered_task{*cfg, file.content}), paused);
  if (!err.empty())
    return failure_json(err);
  std::vector<source_result> results;
  for (const auto& inst : cfg->mysql_instances)
    results.push_back({true, "", inst.source_id, worker_});
  return command_json(results);
}

json ctl_service::task_command(const std::string& op, const std::string& task) {
  auto view = [&]() -> task_view_ptr {
    caf::scoped_actor self{sys_};
    task_view_ptr v;
    self->request(server_, command_timeout, get_atom::value, task)
        .receive([&](task_view_ptr& x) { v = std::move(x); }, [&](caf::error&) {});
    return v;
  }();
  if (!view)
    return command_json({}, "task " + task + " has no source or not exist", op);
  std::string err;
  if (op == "Pause")
    err = ask(sys_, server_, pause_atom::value, task);
  else if (op == "Resume")
    err = ask(sys_, server_, resume_atom::value, task);
  else
    err = ask(sys_, server_, stop_atom::value, task);
  std::vector<source_result> results;
  for (const auto& sub : view->subtasks)
    results.push_back({err.empty(), err, sub.source_id, worker_});
  return command_json(results, err.empty() ? "" : err, op);
}

std::optional<json> ctl_service::query_status(const std::string& task) {
  caf::scoped_actor self{sys_};
  task_view_ptr view;
  self->request(server_, command_timeout, get_atom::value, task)
      .receive([&](task_view_ptr& v) { view = std::move(v); }, [&](caf::error&) {});
  if (!view)
    return std::nullopt;
  std::vector<subtask_report> reports;
  for (const auto& sub : view->subtasks) {
    subtask_report r;
    r.snapshot = sub.status->snapshot();
    r.enable_gtid = sub.enable_gtid;
    // DM reads the master position at query time.
    auto ep = to_endpoint(sub.upstream, false);
    ep.connect_timeout = std::chrono::seconds(3);
    if (auto conn = db::connection::open(ep)) {
      if (auto st = db::read_master_status(*conn)) {
        r.master_binlog = st->position;
        r.master_gtid = st->gtid_set;
      }
    }
    reports.push_back(std::move(r));
  }
  return query_status_json(reports);
}

json ctl_service::list_tasks() {
  caf::scoped_actor self{sys_};
  task_list tasks;
  self->request(server_, command_timeout, get_atom::value).receive([&](task_list& t) { tasks = std::move(t); },
                                                                  [&](caf::error&) {});
  json list = json::array();
  for (const auto& t : tasks) {
    std::string state = "Running";
    json sources = json::array();
    for (const auto& sub : t->subtasks) {
      sources.push_back(sub.source_id);
      auto snap = sub.status->snapshot();
      if (!snap.errors.empty())
        state = "Error - Some error occurred in subtask. Please run `query-status " + t->name + "` to get more details.";
      else if (snap.current != stage::running && state == "Running")
        state = stage_name(snap.current);
    }
    list.push_back({{"taskName", t->name}, {"taskStatus", state}, {"sources", sources}});
  }
  return {{"result", true}, {"msg", ""}, {"tasks", list}};
}

void ctl_service::shutdown() {
  caf::scoped_actor self{sys_};
  self->request(server_, std::chrono::seconds(30), stop_atom::value)
      .receive([](done_atom) {}, [](caf::error&) {});
}

}  // namespace sluice::http
