#pragma once

#include <map>
#include <sstream>
#include <string>

// A small structural check of text format 0.0.4, so the tests do not need promtool: every
// sample belongs to a family declared by "# HELP" and "# TYPE" lines before it, histogram
// samples use the _bucket/_sum/_count suffixes, and every value parses as a number.
// Returns "" when the text is well formed, else the first problem.
inline std::string check_exposition(const std::string& text) {
  std::map<std::string, std::string> types;
  std::map<std::string, bool> helped;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    if (line.rfind("# HELP ", 0) == 0) {
      const std::string rest = line.substr(7);
      const std::size_t sp = rest.find(' ');
      if (sp == std::string::npos || sp + 1 == rest.size()) return "HELP without text: " + line;
      helped[rest.substr(0, sp)] = true;
      continue;
    }
    if (line.rfind("# TYPE ", 0) == 0) {
      const std::string rest = line.substr(7);
      const std::size_t sp = rest.find(' ');
      if (sp == std::string::npos) return "TYPE without type: " + line;
      const std::string name = rest.substr(0, sp);
      const std::string type = rest.substr(sp + 1);
      if (type != "counter" && type != "gauge" && type != "histogram")
        return "unexpected type: " + line;
      if (!helped[name]) return "TYPE before HELP: " + line;
      types[name] = type;
      continue;
    }
    if (line[0] == '#') continue;
    const std::size_t name_end = line.find_first_of("{ ");
    std::string name = line.substr(0, name_end);
    std::string family = name;
    for (const char* suffix : {"_bucket", "_sum", "_count"}) {
      const std::string s(suffix);
      if (!types.count(family) && name.size() > s.size() &&
          name.compare(name.size() - s.size(), s.size(), s) == 0) {
        const std::string base = name.substr(0, name.size() - s.size());
        if (types.count(base) && types[base] == "histogram") family = base;
      }
    }
    if (!types.count(family)) return "sample without TYPE: " + line;
    const std::size_t value_at = line.rfind(' ');
    try {
      std::size_t used = 0;
      (void)std::stod(line.substr(value_at + 1), &used);
    } catch (...) {
      if (line.substr(value_at + 1) != "+Inf" && line.substr(value_at + 1) != "NaN")
        return "bad value: " + line;
    }
  }
  return "";
}
