#include "http/routes.hpp"

#include "config/password.hpp"

#include "http/rest_routes.hpp"
#include "http/status_json.hpp"

namespace sluice::http {

using json = nlohmann::ordered_json;

namespace {

response reply(const json& body, int status = 200) {
  return response::text(status, body.dump(4) + "\n", "application/json");
}

// Parses a JSON object body; nullopt (with `bad` set) when it is not one.
std::optional<nlohmann::json> object_body(const request& req, response& bad) {
  auto body = nlohmann::json::parse(req.body, nullptr, false);
  if (body.is_discarded() || !body.is_object()) {
    bad = response::error(400, "request body must be a JSON object");
    return std::nullopt;
  }
  return body;
}

std::vector<named_text> files_of(const nlohmann::json& body) {
  std::vector<named_text> files;
  if (auto it = body.find("files"); it != body.end() && it->is_array())
    for (const auto& f : *it)
      if (f.is_object() && f.value("name", "").size() > 0 && f.contains("content") && f["content"].is_string())
        files.push_back({f["name"].get<std::string>(), f["content"].get<std::string>()});
  return files;
}

std::vector<std::string> strings_of(const nlohmann::json& body, const char* key) {
  std::vector<std::string> out;
  if (auto it = body.find(key); it != body.end() && it->is_array())
    for (const auto& s : *it)
      if (s.is_string())
        out.push_back(s.get<std::string>());
  return out;
}

handler task_command(ctl_service& ctl, std::string op) {
  return [&ctl, op](const request& req) {
    response bad;
    auto body = object_body(req, bad);
    if (!body)
      return bad;
    auto task = body->value("task", "");
    if (!is_valid_name(task))
      return response::error(400, "\"task\" must be a task name");
    return reply(ctl.task_command(op, task));
  };
}

// start-task / check-task: a body {"name": FILE, "content": YAML} handed to `run`.
template <class Run>
handler task_file_command(Run run) {
  return [run](const request& req) {
    response bad;
    auto body = object_body(req, bad);
    if (!body)
      return bad;
    if (!body->contains("content") || !(*body)["content"].is_string())
      return response::error(400, "\"content\" must hold the task file's text");
    return reply(run(named_text{body->value("name", "task.yaml"), (*body)["content"].get<std::string>()}));
  };
}

}  // namespace

std::vector<route> sluice_routes(ctl_service& ctl, rest_service& rest, std::function<std::string()> metrics_text,
                                 std::function<bool()> ready) {
  std::vector<route> table = {
      {"GET", "/healthz", "liveness: 200 while the process runs",
       [](const request&) { return response::json(200, {{"status", "ok"}}); }},
      {"GET", "/readyz", "readiness: 200 once the data dir is loaded and HTTP is up, else 503",
       [ready](const request&) {
         return ready() ? response::json(200, {{"status", "ready"}})
                        : response::json(503, {{"status", "not ready"}});
       }},
      {"GET", "/metrics", "Prometheus metrics (DM's dm_syncer_* names plus sluice_*)",
       [metrics_text](const request&) {
         return response::text(200, metrics_text(), "text/plain; version=0.0.4; charset=utf-8");
       }},
      {"GET", "/tasks/{name}/status", "query-status of one task, exactly as dmctl prints it",
       [&ctl](const request& req) {
         auto name = req.params.at("name");
         if (auto status = ctl.query_status(name))
           return reply(*status);
         return reply(failure_json("task " + name + " has no source or not exist"), 404);
       }},
      {"GET", "/api/v1/ctl/query-status", "sluicectl query-status [?task=NAME]",
       [&ctl](const request& req) {
         auto name = req.query_param("task");
         if (!name || name->empty())
           return reply(ctl.list_tasks());
         if (!is_valid_name(*name))
           return response::error(400, "task must be a task name");
         if (auto status = ctl.query_status(*name))
           return reply(*status);
         return reply(failure_json("task " + *name + " has no source or not exist"));
       }},
      {"POST", "/api/v1/ctl/operate-source",
       "sluicectl operate-source: {\"op\":\"create|show|stop\",\"files\":[{name,content}],\"sources\":[ids]}",
       [&ctl](const request& req) {
         response bad;
         auto body = object_body(req, bad);
         if (!body)
           return bad;
         auto op = body->value("op", "");
         if (op == "create")
           return reply(ctl.create_sources(files_of(*body)));
         if (op == "show")
           return reply(ctl.show_sources(strings_of(*body, "sources")));
         if (op == "stop")
           return reply(ctl.stop_sources(files_of(*body), strings_of(*body, "sources")));
         return response::error(400, "\"op\" must be create, show or stop");
       }},
      {"POST", "/api/v1/ctl/start-task", "sluicectl start-task: {\"name\":FILE,\"content\":YAML}",
       task_file_command([&ctl](const named_text& file) { return ctl.start_task(file); })},
      {"POST", "/api/v1/ctl/check-task",
       "sluicectl check-task: {\"name\":FILE,\"content\":YAML}; DM's prechecks on the live servers",
       task_file_command([&ctl](const named_text& file) { return ctl.check_task(file); })},
      {"POST", "/api/v1/ctl/encrypt",
       "sluicectl encrypt: {\"plaintext\":PASSWORD} -> DM's ciphertext with the server's secret key",
       [](const request& req) {
         response bad;
         auto body = object_body(req, bad);
         if (!body)
           return bad;
         if (!body->contains("plaintext") || !(*body)["plaintext"].is_string())
           return response::error(400, "\"plaintext\" must hold the password to encrypt");
         auto sealed = config::active_password_cipher().encrypt((*body)["plaintext"].get<std::string>());
         if (!sealed)
           return reply(failure_json(sealed.error()));
         nlohmann::ordered_json out;
         out["result"] = true;
         out["msg"] = "";
         out["ciphertext"] = *sealed;
         return reply(out);
       }},
      {"POST", "/api/v1/ctl/pause-task", "sluicectl pause-task: {\"task\":NAME}", task_command(ctl, "Pause")},
      {"POST", "/api/v1/ctl/resume-task", "sluicectl resume-task: {\"task\":NAME}", task_command(ctl, "Resume")},
      {"POST", "/api/v1/ctl/stop-task", "sluicectl stop-task: {\"task\":NAME}", task_command(ctl, "Stop")},
  };
  for (auto& r : rest_routes(rest))
    table.push_back(std::move(r));
  return table;
}

}  // namespace sluice::http
