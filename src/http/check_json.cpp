#include "http/check_json.hpp"

namespace sluice::http {

using json = nlohmann::ordered_json;

bool checks_passed(const std::vector<source_checks>& checks) {
  for (const auto& source : checks)
    for (const auto& r : source.results)
      if (r.state == db::check_state::fail) return false;
  return true;
}

json check_json(const std::vector<source_checks>& checks) {
  json results = json::array();
  std::size_t total = 0, successful = 0, failed = 0, warning = 0, id = 0;
  std::string first_failure;
  for (const auto& source : checks) {
    for (const auto& r : source.results) {
      ++total;
      if (r.state == db::check_state::success) {
        ++successful;
        continue;
      }
      (r.state == db::check_state::fail ? failed : warning) += 1;
      if (r.state == db::check_state::fail && first_failure.empty())
        first_failure = source.source_id + ": " + r.name + ": " + (r.errors.empty() ? r.desc : r.errors.front());
      json errors = json::array();
      for (const auto& e : r.errors) errors.push_back(json{{"severity", std::string(db::to_string(r.state))}, {"short_error", e}});
      results.push_back(json{{"id", ++id},
                             {"name", r.name},
                             {"desc", r.desc},
                             {"state", std::string(db::to_string(r.state))},
                             {"errors", std::move(errors)},
                             {"instruction", r.instruction},
                             {"extra", r.extra + " (source " + source.source_id + ")"}});
    }
  }
  json out;
  out["result"] = failed == 0;
  if (failed == 0)
    out["msg"] = warning == 0 ? "pre-check is passed. " : "pre-check is passed with " + std::to_string(warning) + " warning(s). ";
  else
    out["msg"] = "pre-check failed: " + std::to_string(failed) + " of " + std::to_string(total) + " checks failed; first: " +
                 first_failure;
  if (failed + warning > 0)
    out["checkResult"] = json{{"results", std::move(results)},
                              {"summary", json{{"passed", failed == 0},
                                               {"total", total},
                                               {"successful", successful},
                                               {"failed", failed},
                                               {"warning", warning}}}};
  return out;
}

}  // namespace sluice::http
