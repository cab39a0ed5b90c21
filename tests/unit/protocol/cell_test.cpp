#include <doctest/doctest.h>

#include "protocol/cell.hpp"

namespace sluice::protocol {

TEST_CASE("to_display renders every cell kind") {
  CHECK(to_display(null_cell{}) == "NULL");
  CHECK(to_display(std::int64_t{-42}) == "-42");
  CHECK(to_display(std::uint64_t{18446744073709551615ULL}) == "18446744073709551615");
  CHECK(to_display(1.5F) == "1.5");
  CHECK(to_display(-2.25) == "-2.25");
  CHECK(to_display(decimal_cell{"-12.340"}) == "-12.340");
  CHECK(to_display(std::string("a\0b", 3)) == std::string("a\0b", 3));
  CHECK(to_display(temporal_cell{"2024-01-31"}) == "2024-01-31");
  CHECK(to_display(timestamp_cell{1706695200, 0, 0}) == "1706695200");
  CHECK(to_display(timestamp_cell{1706695200, 120000, 3}) == "1706695200.120");
  CHECK(to_display(timestamp_cell{1, 5, 6}) == "1.000005");
  CHECK(to_display(bit_cell{0b100, 3}) == "b'100'");
  CHECK(to_display(bit_cell{0b100000, 8}) == "b'00100000'");
  CHECK(to_display(enum_cell{2}) == "2");
  CHECK(to_display(set_cell{0b1010}) == "10");
  CHECK(to_display(json_cell{std::string("\x00\x01\xff", 3), {}, false}) == "x'0001ff'");
}

TEST_CASE("cells compare by value") {
  CHECK(cell{decimal_cell{"1.0"}} == cell{decimal_cell{"1.0"}});
  CHECK(cell{decimal_cell{"1.0"}} != cell{decimal_cell{"1.00"}});
  CHECK(cell{std::int64_t{1}} != cell{std::uint64_t{1}});
  CHECK(cell{bit_cell{1, 1}} != cell{bit_cell{1, 2}});
}

}  // namespace sluice::protocol
