#include "binlog_decode_support.hpp"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <doctest/doctest.h>

#include "cli/sluicectl.hpp"

namespace sluice::cli::test {

std::string vector_path(const std::string& relative) {
  return std::string(SLUICE_TESTDATA) + "/binlog-vectors/" + relative;
}

decoded decode(const std::vector<std::string>& args) {
  std::vector<std::string> full{"binlog", "decode"};
  full.insert(full.end(), args.begin(), args.end());
  std::ostringstream out, err;
  decoded d;
  d.exit_code = run(full, out, err);
  d.err = err.str();
  std::istringstream lines(out.str());
  for (std::string line; std::getline(lines, line);) {
    d.raw.push_back(line);
    auto parsed = nlohmann::json::parse(line, nullptr, false);
    INFO("line: ", line);
    REQUIRE_FALSE(parsed.is_discarded());
    d.lines.push_back(std::move(parsed));
  }
  return d;
}

std::vector<nlohmann::json> of_type(const decoded& d, const std::string& type) {
  std::vector<nlohmann::json> out;
  for (const auto& line : d.lines)
    if (line.value("type", "") == type) out.push_back(line);
  return out;
}

std::string scratch_dir() {
  static const std::string dir = [] {
    std::string templ = (std::filesystem::temp_directory_path() / "binlog_decode_test.XXXXXX").string();
    REQUIRE(mkdtemp(templ.data()) != nullptr);
    static const std::string created = templ;
    std::atexit([] { std::filesystem::remove_all(created); });
    return templ;
  }();
  return dir;
}

void write_file(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  REQUIRE(out.good());
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  REQUIRE(in.good());
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace sluice::cli::test
