#pragma once
// The control plane behind sluicectl's endpoints: parses and checks what users send, asks the
// server actor to act, and answers in dmctl's JSON shapes. Runs on HTTP worker threads (it blocks).

#include <optional>
#include <string>
#include <vector>

#include <caf/actor.hpp>
#include <caf/fwd.hpp>
#include <nlohmann/json.hpp>

namespace sluice::http {

/// A file the client read and sent: its name (for error positions) and text.
struct named_text {
  std::string name;
  std::string content;
};

/// Shared by all HTTP threads; stateless apart from the handles it was built with.
class ctl_service {
 public:
  ctl_service(caf::actor_system& sys, caf::actor server, std::string worker);

  nlohmann::ordered_json create_sources(const std::vector<named_text>& files);
  nlohmann::ordered_json show_sources(const std::vector<std::string>& ids);
  nlohmann::ordered_json stop_sources(const std::vector<named_text>& files, std::vector<std::string> ids);
  nlohmann::ordered_json start_task(const named_text& file);
  /// start-task, with the task created Paused when `paused` (the REST API's create). When
  /// `check_report` is given it receives check-task's answer once the prechecks ran.
  nlohmann::ordered_json start_task(const named_text& file, bool paused, nlohmann::ordered_json* check_report);
  /// check-task: validates the file and runs DM's prechecks on the live servers.
  nlohmann::ordered_json check_task(const named_text& file);
  /// op: "Pause", "Resume" or "Stop".
  nlohmann::ordered_json task_command(const std::string& op, const std::string& task);
  /// nullopt when no such task exists.
  std::optional<nlohmann::ordered_json> query_status(const std::string& task);
  nlohmann::ordered_json list_tasks();
  /// Drains every task without changing what is persisted (SIGTERM).
  void shutdown();

 private:
  /// Parses and resolves `file` and runs the prechecks: true when they pass. `report` holds
  /// check-task's answer either way.
  bool precheck(const named_text& file, nlohmann::ordered_json& report);
  caf::actor_system& sys_;
  caf::actor server_;
  std::string worker_;
};

}  // namespace sluice::http
