#pragma once
// The root actor: the registry of sources and tasks, their persistence in --data-dir, and the
// task actors it supervises. The control plane (control.hpp) is its only client.

#include <memory>
#include <string>
#include <vector>

#include <caf/allowed_unsafe_message_type.hpp>
#include <caf/atom.hpp>
#include <caf/fwd.hpp>

#include "actors/subtask_settings.hpp"
#include "config/source_config.hpp"
#include "config/task_config.hpp"
#include "metrics/registry.hpp"

namespace sluice::actors {

using add_atom = caf::atom_constant<caf::atom("add")>;
using list_atom = caf::atom_constant<caf::atom("list")>;
using remove_atom = caf::atom_constant<caf::atom("remove")>;
using get_atom = caf::atom_constant<caf::atom("get")>;
using resolve_atom = caf::atom_constant<caf::atom("resolve")>;
using records_atom = caf::atom_constant<caf::atom("records")>;

struct registered_source {
  config::source_config cfg;
  std::string yaml;
};
struct registered_task {
  config::task_config cfg;
  std::string yaml;
};

/// What status readers need of one subtask: its live status and where its upstream is.
struct subtask_view {
  status_ptr status;
  config::db_config upstream;
  std::string source_id;
  bool enable_gtid = false;
};
struct task_view {
  std::string name;
  std::vector<subtask_view> subtasks;
};

using source_record_ptr = std::shared_ptr<const registered_source>;
using task_record_ptr = std::shared_ptr<const registered_task>;
using task_view_ptr = std::shared_ptr<const task_view>;
using task_list = std::vector<task_view_ptr>;
/// A task.yaml resolved against the registered sources, without starting anything (check-task).
struct resolved_task {
  std::string error;  // empty when every instance resolved
  std::vector<settings_ptr> subtasks;
};
using resolved_task_ptr = std::shared_ptr<const resolved_task>;
/// Every registered source and task as registered (parsed config and file text), by name.
struct registry_records {
  std::vector<source_record_ptr> sources;
  std::vector<task_record_ptr> tasks;
};
using registry_records_ptr = std::shared_ptr<const registry_records>;

/// Spawns the server; it loads what --data-dir holds and restarts those tasks (Paused ones stay paused).
/// Protocol (every reply to a command is an error message, empty on success):
///   (add_atom, source_record_ptr) -> string      (list_atom) -> vector<string> source ids
///   (remove_atom, string source_id) -> string    (add_atom, task_record_ptr) -> string
///   (add_atom, task_record_ptr, bool paused) -> string   (created Paused when `paused`)
///   (records_atom) -> registry_records_ptr
///   (pause_atom|resume_atom|stop_atom, string task) -> string
///   (get_atom, string task) -> task_view_ptr (null when unknown)   (get_atom) -> task_list
///   (resolve_atom, task_record_ptr) -> resolved_task_ptr
///   (stop_atom) -> done_atom once every task is drained (process shutdown; nothing persisted)
caf::actor spawn_server(caf::actor_system& sys, std::string data_dir, std::string worker,
                        metrics::registry* metrics);

}  // namespace sluice::actors

CAF_ALLOW_UNSAFE_MESSAGE_TYPE(sluice::actors::source_record_ptr)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(sluice::actors::task_record_ptr)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(sluice::actors::task_view_ptr)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(sluice::actors::task_list)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(sluice::actors::resolved_task_ptr)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(sluice::actors::registry_records_ptr)
