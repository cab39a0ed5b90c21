#pragma once

// Helpers for the `sluicectl binlog decode` tests: run the command in-process, parse its lines.

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace sluice::cli::test {

/// A shared public binlog vector: `SLUICE_TESTDATA/binlog-vectors/<relative>`.
std::string vector_path(const std::string& relative);

/// What one `sluicectl binlog decode ...` printed.
struct decoded {
  int exit_code = -1;
  std::vector<std::string> raw;      // stdout, one entry per line
  std::vector<nlohmann::json> lines;  // the same lines parsed (every line must be JSON)
  std::string err;                   // stderr
};

/// Runs `sluicectl binlog decode ARGS...` through cli::run and parses every output line.
decoded decode(const std::vector<std::string>& args);

/// Events of a decode with the given "type", in order (top level and in payloads alike).
std::vector<nlohmann::json> of_type(const decoded& d, const std::string& type);

/// A scratch directory for copies of vectors, removed at exit; created on first use.
std::string scratch_dir();

/// Writes `bytes` to `path`.
void write_file(const std::string& path, const std::string& bytes);
/// The whole file.
std::string read_file(const std::string& path);

}  // namespace sluice::cli::test
