// rest_service: construction, registry reads and the /api/v1/sources handlers.

#include <algorithm>

#include <caf/actor_system.hpp>
#include <caf/scoped_actor.hpp>

#include "actors/settings_builder.hpp"
#include "db/connection.hpp"
#include "http/openapi_input.hpp"
#include "http/openapi_json.hpp"
#include "http/rest_body.hpp"
#include "http/rest_service.hpp"
#include "http/router.hpp"

namespace sluice::http {

using json = nlohmann::ordered_json;
using namespace sluice::actors;

namespace {

constexpr auto registry_timeout = std::chrono::seconds(30);

const registered_source* find_source(const registry_records& r, const std::string& name) {
  for (const auto& s : r.sources)
    if (s->cfg.source_id == name)
      return s.get();
  return nullptr;
}

// DM's SourceStatus: Sluice has no relay, so the status says who serves the source and
// whether its upstream answers now.
json source_status_json(const config::source_config& cfg, const std::string& worker) {
  json out{{"source_name", cfg.source_id}, {"worker_name", worker}};
  auto ep = to_endpoint(cfg.from, false);
  ep.connect_timeout = std::chrono::seconds(3);
  if (auto conn = db::connection::open(ep); !conn)
    out["error_msg"] = "upstream " + cfg.from.host + ":" + std::to_string(cfg.from.port) + ": " + conn.error().message;
  return out;
}

}  // namespace

rest_service::rest_service(caf::actor_system& sys, caf::actor server, ctl_service& ctl, std::string worker)
    : sys_(sys), server_(std::move(server)), ctl_(ctl), worker_(std::move(worker)) {}

registry_records_ptr rest_service::records() {
  caf::scoped_actor self{sys_};
  registry_records_ptr out;
  self->request(server_, registry_timeout, records_atom::value)
      .receive([&](registry_records_ptr& r) { out = std::move(r); }, [&](caf::error&) {});
  return out;
}

task_view_ptr rest_service::view(const std::string& task) {
  caf::scoped_actor self{sys_};
  task_view_ptr out;
  self->request(server_, registry_timeout, get_atom::value, task)
      .receive([&](task_view_ptr& v) { out = std::move(v); }, [&](caf::error&) {});
  return out;
}

std::vector<std::string> rest_service::tasks_using(const registry_records& r, const std::string& source) {
  std::vector<std::string> out;
  for (const auto& t : r.tasks)
    for (const auto& inst : t->cfg.mysql_instances)
      if (inst.source_id == source)
        out.push_back(t->cfg.name);
  return out;
}

response rest_service::list_sources(const request& req) {
  auto r = records();
  if (!r)
    return json_error(500, "the server did not answer");
  const bool with_status = query_flag(req, "with_status");
  json data = json::array();
  for (const auto& s : r->sources) {
    json source = openapi_source_json(s->cfg);
    if (with_status) {
      source["status_list"] = json::array({source_status_json(s->cfg, worker_)});
      source["task_name_list"] = tasks_using(*r, s->cfg.source_id);
    }
    data.push_back(std::move(source));
  }
  return json_reply(200, {{"total", data.size()}, {"data", std::move(data)}});
}

response rest_service::create_source(const request& req) {
  auto body = object_body(req);
  if (!body)
    return body.error();
  std::string text;
  if (auto it = body->find("source"); it != body->end()) {
    auto converted = source_yaml_from_openapi(*it);
    if (!converted)
      return json_error(400, converted.error());
    text = std::move(*converted);
  } else if (auto yaml = body->find("source_yaml"); yaml != body->end() && yaml->is_string()) {
    text = yaml->get<std::string>();
  } else {
    return json_error(400, "request body must hold \"source\" (DM's Source object) or \"source_yaml\" (a source.yaml)");
  }
  auto cfg = config::parse_source_config(text, "source.yaml");
  if (!cfg)
    return json_error(400, cfg.error().to_string());
  if (!is_valid_name(cfg->source_id))
    return json_error(400, "source name \"" + cfg->source_id + "\": expected 1-128 characters of A-Z a-z 0-9 _ . -");
  auto r = records();
  if (!r)
    return json_error(500, "the server did not answer");
  if (find_source(*r, cfg->source_id))
    return json_error(409, "source " + cfg->source_id + " already exists");
  json answer = ctl_.create_sources({named_text{"source.yaml", text}});
  if (!answer.value("result", false)) {
    std::string msg = answer.value("msg", "");
    if (answer.contains("sources") && !answer["sources"].empty())
      msg = answer["sources"][0].value("msg", msg);
    return json_error(msg.find("already exists") != std::string::npos ? 409 : 400, msg);
  }
  return json_reply(201, openapi_source_json(*cfg));
}

response rest_service::get_source(const request& req, const std::string& name) {
  auto r = records();
  if (!r)
    return json_error(500, "the server did not answer");
  const auto* source = find_source(*r, name);
  if (!source)
    return json_error(404, "source " + name + " does not exist");
  json out = openapi_source_json(source->cfg);
  if (query_flag(req, "with_status")) {
    out["status_list"] = json::array({source_status_json(source->cfg, worker_)});
    out["task_name_list"] = tasks_using(*r, name);
  }
  return json_reply(200, out);
}

response rest_service::delete_source(const request& req, const std::string& name) {
  auto r = records();
  if (!r)
    return json_error(500, "the server did not answer");
  if (!find_source(*r, name))
    return json_error(404, "source " + name + " does not exist");
  const auto users = tasks_using(*r, name);
  if (!users.empty()) {
    if (!query_flag(req, "force")) {
      std::string list;
      for (const auto& t : users)
        list += (list.empty() ? "" : ", ") + t;
      return json_error(409, "source " + name + " is used by task(s) " + list +
                                 " (delete them first, or delete the source with ?force=true)");
    }
    for (const auto& t : users) {
      json stopped = ctl_.task_command("Stop", t);
      if (!stopped.value("result", false))
        return json_error(500, "stopping task " + t + ": " + stopped.value("msg", std::string("failed")));
    }
  }
  json answer = ctl_.stop_sources({}, {name});
  if (!answer.value("result", false)) {
    std::string msg = answer.value("msg", "");
    if (answer.contains("sources") && !answer["sources"].empty())
      msg = answer["sources"][0].value("msg", msg);
    return json_error(msg.find("is used by") != std::string::npos ? 409 : 500, msg);
  }
  return response::text(204, "", "application/json");
}

response rest_service::source_status(const std::string& name) {
  auto r = records();
  if (!r)
    return json_error(500, "the server did not answer");
  const auto* source = find_source(*r, name);
  if (!source)
    return json_error(404, "source " + name + " does not exist");
  return json_reply(200, {{"total", 1}, {"data", json::array({source_status_json(source->cfg, worker_)})}});
}

}  // namespace sluice::http
