// rest_service: the /api/v1/tasks handlers.

#include <algorithm>
#include <set>

#include "http/openapi_input.hpp"
#include "http/openapi_json.hpp"
#include "http/rest_body.hpp"
#include "http/rest_service.hpp"
#include "http/router.hpp"

namespace sluice::http {

using json = nlohmann::ordered_json;
using namespace sluice::actors;

namespace {

const registered_task* find_task(const registry_records& r, const std::string& name) {
  for (const auto& t : r.tasks)
    if (t->cfg.name == name)
      return t.get();
  return nullptr;
}

response no_task(const std::string& name) { return json_error(404, "task " + name + " has no source or not exist"); }

std::set<std::string> sources_of(const config::task_config& cfg) {
  std::set<std::string> out;
  for (const auto& inst : cfg.mysql_instances)
    out.insert(inst.source_id);
  return out;
}

// /start and /stop act on whole tasks: a source_name_list must name all of the task's sources.
std::string check_source_list(const nlohmann::json& body, const task_view& v) {
  auto it = body.find("source_name_list");
  if (it == body.end() || it->is_null())
    return {};
  std::set<std::string> given, all;
  if (!it->is_array())
    return "source_name_list: expected a list of source names";
  for (const auto& s : *it)
    if (s.is_string())
      given.insert(s.get<std::string>());
  for (const auto& sub : v.subtasks)
    all.insert(sub.source_id);
  if (given.empty() || given == all)
    return {};
  return "source_name_list: Sluice starts and stops whole tasks; omit it or list every source of the task";
}

}  // namespace

json rest_service::statuses(const std::string& task) {
  auto status = ctl_.query_status(task);
  return status ? openapi_subtask_statuses(*status) : json::array();
}

response rest_service::list_tasks(const request& req) {
  auto r = records();
  if (!r)
    return json_error(500, "the server did not answer");
  const bool with_status = query_flag(req, "with_status");
  const auto stage = req.query_param("stage");
  const auto wanted = query_list(req, "source_name_list");
  json data = json::array();
  for (const auto& t : r->tasks) {
    if (!wanted.empty() && sources_of(t->cfg) != std::set<std::string>(wanted.begin(), wanted.end()))
      continue;
    json task = openapi_task_json(t->cfg);
    if (with_status || (stage && !stage->empty())) {
      json list = statuses(t->cfg.name);
      if (stage && !stage->empty() &&
          !std::all_of(list.begin(), list.end(), [&](const json& s) { return s.value("stage", "") == *stage; }))
        continue;
      if (with_status)
        task["status_list"] = std::move(list);
    }
    data.push_back(std::move(task));
  }
  return json_reply(200, {{"total", data.size()}, {"data", std::move(data)}});
}

response rest_service::create_task(const request& req) {
  auto body = object_body(req);
  if (!body)
    return body.error();
  std::string text;
  if (auto it = body->find("task"); it != body->end()) {
    auto converted = task_yaml_from_openapi(*it);
    if (!converted)
      return json_error(400, converted.error());
    text = std::move(*converted);
  } else {
    auto yaml = body->find("task_yaml");
    if (yaml == body->end())
      yaml = body->find("task_config_file");  // the name DM's converter API uses
    if (yaml == body->end() || !yaml->is_string())
      return json_error(400, "request body must hold \"task\" (DM's Task object) or \"task_yaml\" (a task.yaml)");
    text = yaml->get<std::string>();
  }
  auto cfg = config::parse_task_config(text, "task.yaml");
  if (!cfg)
    return json_error(400, cfg.error().to_string());
  if (!is_valid_name(cfg->name))
    return json_error(400, "task name \"" + cfg->name + "\": expected 1-128 characters of A-Z a-z 0-9 _ . -");
  auto r = records();
  if (!r)
    return json_error(500, "the server did not answer");
  if (find_task(*r, cfg->name))
    return json_error(409, "task " + cfg->name + " already exists");
  json report;
  json answer = ctl_.start_task(named_text{cfg->name + ".yaml", text}, true, &report);
  const std::string check = report.is_object() ? report.value("msg", "") : "";
  if (!answer.value("result", false)) {
    std::string msg = answer.value("msg", "");
    if (msg.empty() && answer.contains("sources") && !answer["sources"].empty())
      msg = answer["sources"][0].value("msg", "");
    json extra = json::object();
    if (report.is_object() && report.contains("checkResult"))
      extra["check_result"] = check;
    return json_error(msg.find("already exists") != std::string::npos ? 409 : 400, msg, extra);
  }
  return json_reply(201, {{"task", openapi_task_json(*cfg)}, {"check_result", check}});
}

response rest_service::get_task(const request& req, const std::string& name) {
  auto r = records();
  if (!r)
    return json_error(500, "the server did not answer");
  const auto* task = find_task(*r, name);
  if (!task)
    return no_task(name);
  json out = openapi_task_json(task->cfg);
  if (query_flag(req, "with_status"))
    out["status_list"] = statuses(name);
  return json_reply(200, out);
}

response rest_service::delete_task(const request& req, const std::string& name) {
  auto v = view(name);
  if (!v)
    return no_task(name);
  const bool running = std::any_of(v->subtasks.begin(), v->subtasks.end(), [](const subtask_view& s) {
    return s.status->current_stage() != stage::paused && s.status->current_stage() != stage::stopped;
  });
  if (running && !query_flag(req, "force"))
    return json_error(409, "task " + name + " have running subtasks, please stop them or delete task with force.");
  json answer = ctl_.task_command("Stop", name);
  if (!answer.value("result", false))
    return json_error(500, answer.value("msg", std::string("stopping the task failed")));
  return response::text(204, "", "application/json");
}

response rest_service::task_status(const std::string& name) {
  auto status = ctl_.query_status(name);
  if (!status)
    return no_task(name);
  json list = openapi_subtask_statuses(*status);
  return json_reply(200, {{"total", list.size()}, {"data", std::move(list)}});
}

response rest_service::set_running(const std::string& name, bool running) {
  auto v = view(name);
  if (!v)
    return no_task(name);
  const stage target = running ? stage::running : stage::paused;
  const bool already = std::all_of(v->subtasks.begin(), v->subtasks.end(), [&](const subtask_view& s) {
    return s.status->current_stage() == target;
  });
  if (!already) {
    json answer = ctl_.task_command(running ? "Resume" : "Pause", name);
    if (!answer.value("result", false))
      return json_error(500, answer.value("msg", std::string("the task did not answer")));
  }
  return json_reply(200, {{"name", name}, {"stage", running ? "Running" : "Paused"}});
}

response rest_service::start_task(const request& req, const std::string& name) {
  auto body = object_body(req, true);
  if (!body)
    return body.error();
  if (body->value("remove_meta", false))
    return json_error(400, "remove_meta: not supported by Sluice (drop the task's checkpoint tables instead)");
  for (const char* key : {"start_time", "safe_mode_time_duration"})
    if (body->contains(key) && !(*body)[key].is_null())
      return json_error(400, std::string(key) + ": not supported by Sluice");
  if (auto v = view(name); v) {
    if (auto why = check_source_list(*body, *v); !why.empty())
      return json_error(400, why);
  }
  return set_running(name, true);
}

response rest_service::stop_task(const request& req, const std::string& name) {
  auto body = object_body(req, true);
  if (!body)
    return body.error();
  if (body->contains("timeout_duration") && !(*body)["timeout_duration"].is_null())
    return json_error(400, "timeout_duration: not supported by Sluice (a pause drains the pipeline)");
  if (auto v = view(name); v) {
    if (auto why = check_source_list(*body, *v); !why.empty())
      return json_error(400, why);
  }
  return set_running(name, false);
}

}  // namespace sluice::http
