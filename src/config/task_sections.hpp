#pragma once
// Internal to src/config: what task_config.cpp hands to task_instances.cpp: where each
// named rule was defined, so reference and "unused" errors can point at it.

#include <string>
#include <utility>
#include <vector>

#include "config/task_config.hpp"
#include "config/yaml_reader.hpp"

namespace sluice::config::detail {

/// The names of one task-level section in document order, with the position of each name.
struct named_section {
  std::string key;  // "routes", "syncers", ...
  std::vector<std::pair<std::string, YAML::Mark>> names;
  std::vector<int> uses;  // parallel to names: how many instances refer to each

  bool defines(const std::string& name) const;
  void count_use(const std::string& name);
};

/// Every section an instance can refer to by name.
struct task_sections {
  named_section block_allow_list{"block-allow-list", {}, {}};
  named_section routes{"routes", {}, {}};
  named_section filters{"filters", {}, {}};
  named_section expression_filters{"expression-filter", {}, {}};
  named_section mydumpers{"mydumpers", {}, {}};
  named_section loaders{"loaders", {}, {}};
  named_section syncers{"syncers", {}, {}};
  named_section validators{"validators", {}, {}};
};

/// Reads and resolves the `mysql-instances` list (`node`, written at `key_mark`) against the
/// already-read task-level sections, then reports the first named rule no instance uses.
void read_instances(parse_context& ctx, const YAML::Node& node, const YAML::Mark& key_mark, task_sections& sections,
                    task_config& task);

}  // namespace sluice::config::detail
