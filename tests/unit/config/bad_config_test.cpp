// The corpus in tests/data/bad-config: every file is refused with its own message, which must
// name the file, the line and column (where YAML has them), the key and the expected form.
// expected.tsv holds "file<TAB>message after the file name".
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include "config/source_config.hpp"
#include "config/task_config.hpp"

namespace fs = std::filesystem;
using namespace sluice::config;

namespace {

const fs::path corpus = fs::path(SLUICE_PROJECT_TESTDATA) / "bad-config";

std::map<std::string, std::string> expected_messages() {
  std::map<std::string, std::string> out;
  std::ifstream in(corpus / "expected.tsv");
  for (std::string line; std::getline(in, line);) {
    const auto tab = line.find('\t');
    if (tab != std::string::npos) out[line.substr(0, tab)] = line.substr(tab + 1);
  }
  return out;
}

std::string error_of(const fs::path& file) {
  const auto name = file.filename().string();
  if (name.rfind("source-", 0) == 0) {
    auto parsed = load_source_config(file);
    return parsed ? std::string("(accepted)") : parsed.error().to_string();
  }
  auto parsed = load_task_config(file);
  return parsed ? std::string("(accepted)") : parsed.error().to_string();
}

}  // namespace

TEST_CASE("every bad config file is refused with its specific message") {
  const auto expected = expected_messages();
  std::size_t files = 0;
  for (const auto& entry : fs::directory_iterator(corpus)) {
    if (entry.path().extension() != ".yaml") continue;
    ++files;
    const auto name = entry.path().filename().string();
    CAPTURE(name);
    const auto it = expected.find(name);
    REQUIRE_MESSAGE(it != expected.end(), "no expected message for " << name << " in expected.tsv");
    CHECK(error_of(entry.path()) == entry.path().string() + it->second);
  }
  CHECK(files == expected.size());
  CHECK(files >= 30);
}
