#pragma once
// check-task's answer: DM's result/msg envelope with the per-item results it prints.

#include <vector>

#include <nlohmann/json.hpp>

#include "db/precheck.hpp"

namespace sluice::http {

/// One subtask's check results, labelled with its source.
struct source_checks {
  std::string source_id;
  std::vector<db::check_result> results;
};

/// True when no item failed (warnings pass, as in DM).
bool checks_passed(const std::vector<source_checks>& checks);

/// {"result": bool, "msg": "pre-check is passed. " | "pre-check failed: ...", "checkResult": {results, summary}}.
/// The item list is left out when everything succeeded, as DM prints it.
nlohmann::ordered_json check_json(const std::vector<source_checks>& checks);

}  // namespace sluice::http
