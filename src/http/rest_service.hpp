#pragma once
// DM's OpenAPI (/api/v1/sources, /api/v1/tasks) over Sluice's server actor: reads the registry,
// reuses ctl_service for everything that changes it (so sluicectl and REST check alike), and
// answers with DM's JSON shapes and HTTP statuses. Runs on HTTP worker threads (it blocks).

#include <string>
#include <vector>

#include <caf/actor.hpp>
#include <caf/fwd.hpp>

#include "actors/server.hpp"
#include "http/ctl_service.hpp"
#include "http/message.hpp"

namespace sluice::http {

/// One handler per route of rest_routes(); `name` is the validated {name} of the path. Errors
/// are {"error_code", "error_msg"} with 400 (bad body or config, failed precheck), 404 (no such
/// source or task), 409 (exists already, in use, running) or 500 (the server did not answer).
class rest_service {
 public:
  rest_service(caf::actor_system& sys, caf::actor server, ctl_service& ctl, std::string worker);

  response list_sources(const request& req);
  response create_source(const request& req);
  response get_source(const request& req, const std::string& name);
  response delete_source(const request& req, const std::string& name);
  response source_status(const std::string& name);

  response list_tasks(const request& req);
  response create_task(const request& req);
  response get_task(const request& req, const std::string& name);
  response delete_task(const request& req, const std::string& name);
  response task_status(const std::string& name);
  /// DM's /start and /stop (run / pause the whole task; idempotent) and Sluice's /resume and /pause.
  response start_task(const request& req, const std::string& name);
  response stop_task(const request& req, const std::string& name);

 private:
  /// Null when the server actor did not answer.
  actors::registry_records_ptr records();
  actors::task_view_ptr view(const std::string& task);
  /// with_status: DM's SubTaskStatus list of a task.
  nlohmann::ordered_json statuses(const std::string& task);
  std::vector<std::string> tasks_using(const actors::registry_records& r, const std::string& source);
  /// Sends Pause or Resume unless every subtask already is in that stage.
  response set_running(const std::string& name, bool running);

  caf::actor_system& sys_;
  caf::actor server_;
  ctl_service& ctl_;
  std::string worker_;
};

}  // namespace sluice::http
