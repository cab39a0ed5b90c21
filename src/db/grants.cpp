#include "db/grants.hpp"

#include <cctype>

namespace sluice::db {
namespace {

std::string upper_trimmed(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
  std::string out(text);
  for (auto& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

std::set<std::string> global_privileges(const std::vector<std::string>& grants) {
  std::set<std::string> held;
  for (const auto& row : grants) {
    const std::string text = upper_trimmed(row);
    if (text.rfind("GRANT ", 0) != 0) continue;
    const auto on = text.find(" ON ");
    if (on == std::string::npos) continue;
    // Only "ON *.*" grants global privileges; "GRANT PROXY ON" and role grants have no " ON *.*".
    if (text.compare(on + 4, 4, "*.* ") != 0) continue;
    std::string_view list(text.data() + 6, on - 6);
    while (!list.empty()) {
      const auto comma = list.find(',');
      auto item = upper_trimmed(list.substr(0, comma));
      // Column lists ("SELECT (a, b)") only appear on table grants, never ON *.*.
      if (!item.empty()) held.insert(item == "ALL" ? "ALL PRIVILEGES" : item);
      if (comma == std::string_view::npos) break;
      list.remove_prefix(comma + 1);
    }
  }
  return held;
}

std::vector<std::string> missing_privileges(const std::set<std::string>& held,
                                            const std::vector<std::string_view>& wanted) {
  std::vector<std::string> missing;
  if (held.count("ALL PRIVILEGES")) return missing;
  for (auto want : wanted) {
    bool satisfied = false;
    std::string_view rest = want;
    while (!satisfied) {
      const auto bar = rest.find('|');
      if (held.count(std::string(rest.substr(0, bar)))) satisfied = true;
      if (bar == std::string_view::npos) break;
      rest.remove_prefix(bar + 1);
    }
    if (!satisfied) missing.emplace_back(want);
  }
  return missing;
}

}  // namespace sluice::db
