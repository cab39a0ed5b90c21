#pragma once
// Registered sources and tasks on disk under --data-dir, so they come back after a restart:
//   sources/<source-id>.yaml   the source.yaml text as registered
//   tasks/<name>.yaml          the task.yaml text as started
//   tasks/<name>.stage         "Running" or "Paused": what the user asked for last

#include <filesystem>
#include <string>
#include <vector>

#include <tl/expected.hpp>

namespace sluice::actors {

struct stored_file {
  std::string name;  // source id or task name
  std::string text;
  std::string stage;  // tasks only
};

/// Owned by the server actor. Writes are atomic (temporary file, fsync, rename).
class state_store {
 public:
  explicit state_store(std::filesystem::path dir);

  /// Creates the directories; fails with a message naming the path.
  tl::expected<void, std::string> open();
  tl::expected<void, std::string> save_source(const std::string& id, const std::string& text);
  tl::expected<void, std::string> remove_source(const std::string& id);
  tl::expected<void, std::string> save_task(const std::string& name, const std::string& text);
  tl::expected<void, std::string> save_task_stage(const std::string& name, const std::string& stage);
  tl::expected<void, std::string> remove_task(const std::string& name);
  std::vector<stored_file> sources() const;
  std::vector<stored_file> tasks() const;

 private:
  std::filesystem::path dir_;
};

}  // namespace sluice::actors
