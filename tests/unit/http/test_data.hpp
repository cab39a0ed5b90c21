#pragma once
// Shared by the REST conversion tests: the files under tests/data.

#include <fstream>
#include <sstream>
#include <string>

#include <doctest/doctest.h>

namespace sluice::http::testing {

inline std::string read_test_file(const std::string& name) {
  const std::string path = std::string(SLUICE_PROJECT_TESTDATA) + "/" + name;
  std::ifstream in(path);
  REQUIRE_MESSAGE(in.good(), "cannot read " << path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace sluice::http::testing
