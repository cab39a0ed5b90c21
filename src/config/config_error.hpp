#pragma once
// The one error type of src/config: where in which file, and what was wrong.

#include <string>

namespace sluice::config {

/// A configuration problem, located at a 1-based line and column of a file. Messages name
/// the key path and the expected form, and never contain a password.
struct config_error {
  std::string file;
  int line = 0;    // 1-based; 0 when the error has no position (e.g. an empty file)
  int column = 0;  // 1-based; 0 when unknown
  std::string message;

  /// "file:line:col: message"; the position is left out when line is 0.
  std::string to_string() const;
};

}  // namespace sluice::config
