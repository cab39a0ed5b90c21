#include "config/config_error.hpp"

namespace sluice::config {

std::string config_error::to_string() const {
  std::string out = file;
  if (line > 0) {
    out += (out.empty() ? "" : ":") + std::to_string(line);
    if (column > 0)
      out += ':' + std::to_string(column);
  }
  if (!out.empty())
    out += ": ";
  return out + message;
}

}  // namespace sluice::config
