// Replays every input the fuzzer ever found (tests/fuzz/corpus) through the fuzz harness itself,
// so a fixed crash stays fixed in the ordinary test run too.
#include <cstdint>
#include <filesystem>

#include <doctest/doctest.h>

#include "test_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace sluice::protocol::test {

TEST_CASE("fuzz corpus inputs decode without crashing") {
  const std::filesystem::path corpus = std::filesystem::path(SLUICE_PROJECT_TESTDATA).parent_path() / "fuzz" / "corpus";
  REQUIRE(std::filesystem::is_directory(corpus));
  std::size_t replayed = 0;
  for (const auto& entry : std::filesystem::directory_iterator(corpus)) {
    if (!entry.is_regular_file() || entry.path().filename() == "README.md") continue;
    INFO(entry.path().string());
    const auto bytes = read_file(entry.path().string());
    CHECK(LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size()) == 0);
    ++replayed;
  }
  CHECK(replayed > 0);
}

}  // namespace sluice::protocol::test
