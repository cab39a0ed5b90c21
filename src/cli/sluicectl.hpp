#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace sluice::cli {

/// The whole of sluicectl: parse `args` (argv without argv[0]), read the named files, call the
/// server, print its JSON to `out` (usage errors and help to `err`/`out`), return the exit
/// status (0 result true, 1 result false or unreachable, 2 usage error).
int run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace sluice::cli
