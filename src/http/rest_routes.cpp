#include "http/rest_routes.hpp"

namespace sluice::http {

namespace {

// A handler for a route with a {name} capture.
template <class Fn>
handler named(rest_service& rest, Fn fn) {
  return [&rest, fn](const request& req) { return fn(rest, req, req.params.at("name")); };
}

}  // namespace

std::vector<route> rest_routes(rest_service& rest) {
  using svc = rest_service;
  return {
      {"GET", "/api/v1/sources", "DM OpenAPI: list sources {total, data:[Source]} [?with_status=true]",
       [&rest](const request& req) { return rest.list_sources(req); }},
      {"POST", "/api/v1/sources",
       "DM OpenAPI: create a source from {\"source\": Source} or {\"source_yaml\": TEXT}; 201 Source",
       [&rest](const request& req) { return rest.create_source(req); }},
      {"GET", "/api/v1/sources/{name}", "DM OpenAPI: one source [?with_status=true]",
       named(rest, [](svc& s, const request& req, const std::string& n) { return s.get_source(req, n); })},
      {"DELETE", "/api/v1/sources/{name}", "DM OpenAPI: remove a source; 204 [?force=true also deletes its tasks]",
       named(rest, [](svc& s, const request& req, const std::string& n) { return s.delete_source(req, n); })},
      {"GET", "/api/v1/sources/{name}/status", "DM OpenAPI: {total, data:[SourceStatus]}",
       named(rest, [](svc& s, const request&, const std::string& n) { return s.source_status(n); })},
      {"GET", "/api/v1/tasks",
       "DM OpenAPI: list tasks {total, data:[Task]} [?with_status=true&stage=Running&source_name_list=a,b]",
       [&rest](const request& req) { return rest.list_tasks(req); }},
      {"POST", "/api/v1/tasks",
       "DM OpenAPI: create a task (Paused) from {\"task\": Task} or {\"task_yaml\": TEXT}; 201 {task, check_result}",
       [&rest](const request& req) { return rest.create_task(req); }},
      {"GET", "/api/v1/tasks/{name}", "DM OpenAPI: one task as DM's Task plus task_config [?with_status=true]",
       named(rest, [](svc& s, const request& req, const std::string& n) { return s.get_task(req, n); })},
      {"DELETE", "/api/v1/tasks/{name}", "DM OpenAPI: remove a stopped task; 204 [?force=true also a running one]",
       named(rest, [](svc& s, const request& req, const std::string& n) { return s.delete_task(req, n); })},
      {"GET", "/api/v1/tasks/{name}/status", "DM OpenAPI: {total, data:[SubTaskStatus]}",
       named(rest, [](svc& s, const request&, const std::string& n) { return s.task_status(n); })},
      {"POST", "/api/v1/tasks/{name}/start", "DM OpenAPI: run the task (resume it when paused)",
       named(rest, [](svc& s, const request& req, const std::string& n) { return s.start_task(req, n); })},
      {"POST", "/api/v1/tasks/{name}/stop", "DM OpenAPI: stop the task (Sluice pauses it; DELETE removes it)",
       named(rest, [](svc& s, const request& req, const std::string& n) { return s.stop_task(req, n); })},
      {"POST", "/api/v1/tasks/{name}/pause", "Sluice: pause the task (as /stop)",
       named(rest, [](svc& s, const request&, const std::string& n) { return s.stop_task(request{}, n); })},
      {"POST", "/api/v1/tasks/{name}/resume", "Sluice: resume the task (as /start)",
       named(rest, [](svc& s, const request&, const std::string& n) { return s.start_task(request{}, n); })},
  };
}

}  // namespace sluice::http
