#include <doctest/doctest.h>

#include "protocol/column_type.hpp"
#include "protocol/event_decoders.hpp"
#include "test_support.hpp"

namespace sluice::protocol::test {
namespace {

const table_map_event& first_table(const decoded_file& file, std::string_view name) {
  for (const auto* table : bodies<table_map_event>(file.events))
    if (table->table == name) return *table;
  FAIL("no TABLE_MAP for " << name);
  throw std::logic_error("unreachable");
}

std::vector<std::string> names(const table_map_event& table) {
  std::vector<std::string> out;
  for (const auto& column : table.columns) out.push_back(column.name.value_or("?"));
  return out;
}

}  // namespace

TEST_CASE("vector 08: MariaDB 10.5 full metadata for toddy_test.outbox") {
  const auto file = decode_file(vector_path("08_rmc_mariadb105_full_metadata/mariadb-bin.000001"));
  const auto& t = first_table(file, "outbox");
  CHECK(t.schema == "toddy_test");
  CHECK(names(t) == std::vector<std::string>{"id", "topic", "event_type", "event", "created"});
  CHECK(t.primary_key == std::vector<std::uint32_t>{0});
  CHECK(t.primary_key_prefix == std::vector<std::uint32_t>{0});
  // Collations: -, utf8mb4_general_ci, utf8mb4_general_ci, binary, -
  CHECK(t.columns[0].charset == 0);
  CHECK(t.columns[1].charset == 45);
  CHECK(t.columns[2].charset == 45);
  CHECK(t.columns[3].charset == 63);
  CHECK(is_binary(t.columns[3]));
  CHECK(t.columns[4].charset == 0);
  CHECK(column_real_type(t.columns[2]) == column_type::enum_);
  CHECK(t.columns[2].enum_values.size() == 3);
  CHECK_FALSE(t.columns[0].nullable);
  CHECK(t.columns[2].nullable);
}

TEST_CASE("vector 01: MySQL 8.0 names, ENUM/SET values and default charset") {
  const auto file = decode_file(vector_path("01_rmc_mysql80_enum_set/mysql-enum-string-set.000001"));
  const auto& t = first_table(file, "t");
  CHECK(names(t) == std::vector<std::string>{"f1", "f2", "f3", "f4", "f5"});
  CHECK(t.columns[2].enum_values == std::vector<std::string>{"var1", "variant2", "foo"});
  CHECK(t.columns[3].set_values == std::vector<std::string>{"one", "two", "three", "four"});
  CHECK(column_real_type(t.columns[0]) == column_type::string);
  CHECK(column_real_type(t.columns[2]) == column_type::enum_);
  CHECK(column_real_type(t.columns[3]) == column_type::set);
  for (const auto& column : t.columns) {
    CHECK(column.charset == 255);  // utf8mb4_0900_ai_ci
    CHECK(column.visible);
  }
  CHECK(t.primary_key.empty());
}

TEST_CASE("vector 07: MINIMAL metadata still carries signedness and charsets") {
  const auto file = decode_file(vector_path("07_rmc_mysql80_minimal_row_metadata/minimal_row_metadata.000001"));
  const auto& t = first_table(file, "t1");
  REQUIRE(t.columns.size() == 5);
  CHECK_FALSE(t.columns[0].name.has_value());
  // The vector README counts columns from 0 here: index 4 is the INT UNSIGNED, index 2 the CHAR.
  CHECK_FALSE(t.columns[3].is_unsigned);
  CHECK(t.columns[4].is_unsigned);
  CHECK(t.columns[2].charset == 255);
  CHECK(t.columns[1].charset == 63);
}

TEST_CASE("MariaDB 10.11: every column type, signedness incl. YEAR, geometry, charsets") {
  const auto file = decode_file(project_data_path("protocol/mariadb1011_all_types.binlog"));
  const auto& t = first_table(file, "all_types");
  REQUIRE(t.columns.size() == 63);
  CHECK(t.columns[0].name == "id");
  CHECK(t.columns[62].name == "c_hidden");
  CHECK(t.primary_key == std::vector<std::uint32_t>{0});
  const auto col = [&t](std::string_view name) -> const column_def& {
    for (const auto& c : t.columns)
      if (c.name == name) return c;
    FAIL("no column " << name);
    throw std::logic_error("unreachable");
  };
  for (const char* name : {"c_utiny", "c_ushort", "c_uint24", "c_ulong", "c_ulonglong", "c_year", "c_dec_udec"})
    CHECK_MESSAGE(col(name).is_unsigned, name);
  for (const char* name : {"id", "c_tiny", "c_long", "c_float", "c_double", "c_dec", "c_hidden"})
    CHECK_MESSAGE(!col(name).is_unsigned, name);
  CHECK(col("c_char").charset == 33);       // utf8mb3_general_ci (table default)
  CHECK(col("c_char_mb").charset == 45);    // utf8mb4_general_ci
  CHECK(col("c_varchar").charset == 8);     // latin1_swedish_ci
  CHECK(col("c_text").charset == 46);       // utf8mb4_bin
  CHECK(col("c_binary").charset == 63);
  CHECK(col("c_geom").charset == 63);       // MariaDB lists GEOMETRY among string columns
  CHECK(col("c_enum").charset == 33);
  CHECK(col("c_enum").enum_values == std::vector<std::string>{"red", "green", "blue"});
  CHECK(col("c_set").set_values == std::vector<std::string>{"a", "b", "c", "d"});
  CHECK(col("c_geom").geometry_type == 0);  // GEOMETRY
  CHECK(col("c_point").geometry_type == 1); // POINT
  CHECK(col("c_char_mb").meta == 61072);    // CHAR(100) utf8mb4: 400 bytes, length bits in the type byte
  CHECK(column_real_type(col("c_char_mb")) == column_type::string);
  CHECK(col("c_bit12").meta == 0x0104);
  CHECK(col("c_dec_wide").meta == (65 << 8 | 30));
  CHECK(col("c_dt6").type == column_type::datetime2);
  CHECK(col("c_dt6").meta == 6);
}

TEST_CASE("MariaDB 10.11: primary key with a prefix, ENUM/SET charsets") {
  const auto file = decode_file(project_data_path("protocol/mariadb1011_all_types.binlog"));
  const auto& t = first_table(file, "pk_prefix");
  CHECK(t.primary_key == std::vector<std::uint32_t>{1, 0});
  CHECK(t.primary_key_prefix == std::vector<std::uint32_t>{0, 10});
  CHECK(t.columns[3].charset == 8);   // ENUM ... CHARACTER SET latin1
  CHECK(t.columns[4].charset == 45);  // SET ... CHARACTER SET utf8mb4
  CHECK(t.columns[0].charset == 8);
}

TEST_CASE("TABLE_MAP rejects unknown column types and inconsistent metadata") {
  // table id 1, flags 0, "d", "t", 1 column of type 0x14 (MySQL TYPED_ARRAY), no metadata, null bits
  const auto unknown = bytes_of({1, 0, 0, 0, 0, 0, 0, 0, 1, 'd', 0, 1, 't', 0, 1, 0x14, 0, 0});
  CHECK(detail::decode_table_map(unknown, {}).error() == decode_error::unsupported_type);
  // One LONG column with a stray metadata byte.
  const auto stray = bytes_of({1, 0, 0, 0, 0, 0, 0, 0, 1, 'd', 0, 1, 't', 0, 1, 3, 1, 9, 0});
  CHECK(detail::decode_table_map(stray, {}).error() == decode_error::bad_length);
  // A column count far beyond the body.
  const auto wide = bytes_of({1, 0, 0, 0, 0, 0, 0, 0, 1, 'd', 0, 1, 't', 0, 0xfc, 0xff, 0xff});
  CHECK(detail::decode_table_map(wide, {}).error() == decode_error::bad_length);
  // An optional-metadata TLV longer than what is left.
  const auto tlv = bytes_of({1, 0, 0, 0, 0, 0, 0, 0, 1, 'd', 0, 1, 't', 0, 1, 3, 0, 0, 4, 9, 'i'});
  CHECK(detail::decode_table_map(tlv, {}).error() == decode_error::bad_length);
  // A primary key naming a column that does not exist.
  const auto pk = bytes_of({1, 0, 0, 0, 0, 0, 0, 0, 1, 'd', 0, 1, 't', 0, 1, 3, 0, 0, 8, 1, 5});
  CHECK(detail::decode_table_map(pk, {}).error() == decode_error::bad_value);
}

}  // namespace sluice::protocol::test
