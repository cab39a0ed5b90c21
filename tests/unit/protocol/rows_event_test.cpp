#include <doctest/doctest.h>

#include <limits>

#include "protocol/event_decoders.hpp"
#include "protocol/frame.hpp"
#include "test_support.hpp"

namespace sluice::protocol::test {
namespace {

std::string repeat_digits(std::size_t n) {
  std::string out;
  while (out.size() < n) out += "0123456789";
  out.resize(n);
  return out;
}

template <typename T>
const T& as(const cell& value) {
  REQUIRE_MESSAGE(std::holds_alternative<T>(value), "cell holds " << to_display(value));
  return std::get<T>(value);
}

}  // namespace

TEST_CASE("vector 10: MySQL 5.7 CRC32, 303 events, every checksum verifies, every row decodes") {
  const auto file = decode_file(vector_path("10_osheroff_mysql57_crc32_types/mysql-bin.checksum-crc32"));
  CHECK(file.events.size() == 303);
  for (std::size_t i = 1; i < file.frames.size(); ++i) CHECK(has_valid_checksum(file.frames[i]));
  const auto rows = bodies<rows_event>(file.events);
  CHECK(rows.size() == 60);
  std::size_t total = 0;
  for (const auto* ev : rows) {
    REQUIRE(ev->table != nullptr);
    CHECK(ev->end_of_statement());
    for (const auto& row : ev->rows) {
      if (ev->kind != rows_kind::write) CHECK(row.before.size() == ev->table->columns.size());
      if (ev->kind != rows_kind::delete_) CHECK(row.after.size() == ev->table->columns.size());
      ++total;
    }
  }
  CHECK(total == 63);
}

TEST_CASE("vector 01: CHAR/VARCHAR/ENUM/SET/TEXT insert and update images") {
  const auto file = decode_file(vector_path("01_rmc_mysql80_enum_set/mysql-enum-string-set.000001"));
  const auto rows = bodies<rows_event>(file.events);
  REQUIRE(rows.size() == 3);
  REQUIRE(rows[0]->rows.size() == 1);
  const auto& inserted = rows[0]->rows[0].after;
  CHECK(as<std::string>(inserted[0]) == repeat_digits(100));
  // The README says "a 300-char string"; the server wrote 298 (two 129-digit runs and a 40-digit
  // one), which mariadb-binlog prints too.
  CHECK(as<std::string>(inserted[1]) == repeat_digits(129) + repeat_digits(129) + repeat_digits(40));
  CHECK(as<enum_cell>(inserted[2]).index == 1);
  CHECK(as<set_cell>(inserted[3]).bits == 0b0101);
  CHECK(as<std::string>(inserted[4]) == "0123456789");
  CHECK(rows[0]->rows[0].before.empty());

  REQUIRE(rows[1]->kind == rows_kind::update);
  const auto& update = rows[1]->rows.at(0);
  CHECK(update.before == inserted);
  CHECK(as<enum_cell>(update.after[2]).index == 2);
  CHECK(as<set_cell>(update.after[3]).bits == 0b1010);
  CHECK(rows[2]->kind == rows_kind::delete_);
  CHECK(rows[2]->rows.at(0).after.empty());
}

TEST_CASE("vector 02: BIT(3) and BIT(8)") {
  const auto file = decode_file(vector_path("02_rmc_mysql80_bit/mysql_type_bit.000001"));
  const auto rows = bodies<rows_event>(file.events);
  REQUIRE(rows.size() == 1);
  const auto& row = rows[0]->rows.at(0).after;
  CHECK(as<bit_cell>(row[0]) == bit_cell{0b100, 3});
  CHECK(as<std::string>(row[1]) == "foo");
  CHECK(as<bit_cell>(row[2]) == bit_cell{0b100000, 8});
}

TEST_CASE("vector 06: negative TIME2(0)") {
  const auto file = decode_file(vector_path("06_rmc_mysql80_time2_negative/time_issue.000001"));
  const auto rows = bodies<rows_event>(file.events);
  REQUIRE(rows.size() == 1);
  CHECK(as<temporal_cell>(rows[0]->rows.at(0).after[0]).text == "-507:48:27");
}

TEST_CASE("vector 07: partial after image and INT UNSIGNED from SIGNEDNESS metadata") {
  const auto file = decode_file(vector_path("07_rmc_mysql80_minimal_row_metadata/minimal_row_metadata.000001"));
  const auto rows = bodies<rows_event>(file.events);
  REQUIRE(rows.size() == 1);
  CHECK(rows[0]->after_columns == std::vector<bool>{true, false, true, false, true});
  const auto& row = rows[0]->rows.at(0).after;
  REQUIRE(row.size() == 5);
  CHECK(as<std::int64_t>(row[0]) == 1);
  CHECK(std::holds_alternative<null_cell>(row[1]));  // not in the image
  CHECK(as<std::string>(row[2]) == "a");
  CHECK(as<std::uint64_t>(row[4]) == 3230202323U);
}

TEST_CASE("vector 08: WRITE_ROWS v1 from MariaDB 10.5") {
  const auto file = decode_file(vector_path("08_rmc_mariadb105_full_metadata/mariadb-bin.000001"));
  const auto rows = bodies<rows_event>(file.events);
  REQUIRE(rows.size() == 2);
  CHECK(file.events[6].header.type_code == 23);
  const auto& row = rows[0]->rows.at(0).after;
  CHECK(as<std::int64_t>(row[0]) == 62);
  CHECK(as<std::string>(row[1]) == "foo");
  CHECK(as<enum_cell>(row[2]).index == 2);
  CHECK(rows[0]->table->columns[2].enum_values.at(1) == "JSON");
  CHECK(as<std::string>(row[3]) == R"({"foo":1})");
  CHECK(as<timestamp_cell>(row[4]) == timestamp_cell{1650493084, 0, 0});
}

TEST_CASE("vector 13: partial images carry only the columns in their bitmaps") {
  const auto file = decode_file(vector_path("13_mysqltest_ndb_partial_rows/update-partial-row.binlog"));
  bool saw_partial = false;
  for (const auto* ev : bodies<rows_event>(file.events)) {
    if (ev->kind != rows_kind::update || ev->table->table != "ba") continue;
    for (std::size_t i = 0; i < ev->after_columns.size(); ++i) {
      if (ev->after_columns[i]) continue;
      saw_partial = true;
      for (const auto& row : ev->rows) CHECK(std::holds_alternative<null_cell>(row.after[i]));
    }
  }
  CHECK(saw_partial);
}

TEST_CASE("MariaDB 10.11: integers, decimals, strings and temporals of the all-types rows") {
  const auto file = decode_file(project_data_path("protocol/mariadb1011_all_types.binlog"));
  const auto rows = bodies<rows_event>(file.events);
  REQUIRE(rows.size() == 11);
  REQUIRE(rows[0]->rows.size() == 4);
  const auto& r1 = rows[0]->rows[0].after;
  const auto& r2 = rows[0]->rows[1].after;
  const auto& r3 = rows[0]->rows[2].after;
  const auto& r4 = rows[0]->rows[3].after;

  CHECK(as<std::uint64_t>(r1[4]) == 40000);
  CHECK(as<std::uint64_t>(r1[10]) == 10000000000000000000ULL);
  CHECK(as<temporal_cell>(r1[11]).text == "2024");
  CHECK(as<float>(r1[12]) == 1.5F);
  CHECK(as<decimal_cell>(r1[14]).text == "12345678.91");
  CHECK(as<decimal_cell>(r1[15]).text == "123456789012345678901234567890.123456789012345678901234567891");
  CHECK(as<std::string>(r1[19]) == "h\xc3\xa9llo w\xc3\xb6rld");
  CHECK(as<std::string>(r1[21]) == std::string(300, 'x'));
  CHECK(as<std::string>(r1[22]) == std::string("\x00\x01\x02\x03", 4));
  CHECK(as<temporal_cell>(r1[32]).text == "2024-01-31");
  CHECK(as<temporal_cell>(r1[33]).text == "2024-01-31 10:00:00");
  CHECK(as<temporal_cell>(r1[35]).text == "2024-01-31 10:00:00.12");
  CHECK(as<temporal_cell>(r1[39]).text == "2024-01-31 10:00:00.123456");
  CHECK(as<timestamp_cell>(r1[40]) == timestamp_cell{1706695200, 0, 0});
  CHECK(as<timestamp_cell>(r1[43]) == timestamp_cell{1706695200, 123000, 3});
  CHECK(as<timestamp_cell>(r1[46]) == timestamp_cell{1706695200, 123456, 6});
  CHECK(as<temporal_cell>(r1[50]).text == "12:34:56.123");
  CHECK(as<enum_cell>(r1[54]).index == 2);
  CHECK(as<set_cell>(r1[55]).bits == 0b0101);
  CHECK(as<bit_cell>(r1[57]) == bit_cell{0b101010101010, 12});
  CHECK(as<bit_cell>(r1[58]) == bit_cell{~std::uint64_t{0}, 64});
  CHECK(as<std::string>(r1[59]) == R"({"k": [1, 2, "x"]})");  // MariaDB JSON is LONGTEXT
  CHECK(as<std::string>(r1[61]).size() == 25);                // POINT(1 2): SRID + WKB
  CHECK(as<std::int64_t>(r1[62]) == 7);                       // INVISIBLE column

  CHECK(as<std::int64_t>(r2[1]) == -128);
  CHECK(as<std::uint64_t>(r2[2]) == 255);
  CHECK(as<std::int64_t>(r2[5]) == -8388608);
  CHECK(as<std::int64_t>(r2[9]) == std::numeric_limits<std::int64_t>::min());
  CHECK(as<std::uint64_t>(r2[10]) == std::numeric_limits<std::uint64_t>::max());
  CHECK(as<double>(r2[13]) == -2.5e-300);
  CHECK(as<decimal_cell>(r2[14]).text == "-12345678.91");
  CHECK(as<decimal_cell>(r2[15]).text == "-0.000000000000000000000000000001");
  CHECK(as<decimal_cell>(r2[16]).text == "-99999");
  CHECK(as<std::string>(r2[18]).empty());
  CHECK(as<temporal_cell>(r2[47]).text == "-838:59:59");
  CHECK(as<temporal_cell>(r2[48]).text == "-00:00:01.5");
  CHECK(as<temporal_cell>(r2[52]).text == "-00:00:00.00001");
  CHECK(as<temporal_cell>(r2[53]).text == "-838:59:58.999999");
  CHECK(as<enum_cell>(r2[54]).index == 0);
  CHECK(as<timestamp_cell>(r2[41]) == timestamp_cell{1, 500000, 1});
  CHECK(as<std::int64_t>(r2[62]) == -1);

  CHECK(as<std::int64_t>(r3[0]) == 3);
  for (std::size_t i = 1; i < r3.size(); ++i) CHECK(std::holds_alternative<null_cell>(r3[i]));

  CHECK(as<temporal_cell>(r4[11]).text == "0000");
  CHECK(as<temporal_cell>(r4[32]).text == "0000-00-00");
  CHECK(as<temporal_cell>(r4[33]).text == "0000-00-00 00:00:00");
  CHECK(as<temporal_cell>(r4[39]).text == "0000-00-00 00:00:00.000000");
  CHECK(as<timestamp_cell>(r4[46]) == timestamp_cell{0, 0, 6});
  CHECK(as<temporal_cell>(r4[50]).text == "838:59:59.999");
  CHECK(as<decimal_cell>(r4[15]).text == "0.000000000000000000000000000000");
}

TEST_CASE("MariaDB 10.11: update/delete images, MINIMAL and NOBLOB row images") {
  const auto file = decode_file(project_data_path("protocol/mariadb1011_all_types.binlog"));
  const auto rows = bodies<rows_event>(file.events);
  REQUIRE(rows.size() == 11);
  const auto& update = *rows[1];
  REQUIRE(update.kind == rows_kind::update);
  CHECK(as<std::int64_t>(update.rows.at(0).before[7]) == 123456789);
  CHECK(as<std::int64_t>(update.rows.at(0).after[7]) == 123456790);
  CHECK(as<std::string>(update.rows.at(0).after[20]) == "updated");
  CHECK(as<temporal_cell>(update.rows.at(0).after[39]).text == "2025-06-07 08:09:10.000001");
  CHECK(as<set_cell>(update.rows.at(0).after[55]).bits == 0);

  const auto& removed = *rows[2];
  CHECK(removed.kind == rows_kind::delete_);
  CHECK(as<std::int64_t>(removed.rows.at(0).before[0]) == 2);

  const auto& minimal = *rows[4];  // UPDATE ... SET c_text = 'minimal' with binlog_row_image=MINIMAL
  REQUIRE(minimal.kind == rows_kind::update);
  std::vector<bool> only_id(63, false);
  only_id[0] = true;
  std::vector<bool> only_text(63, false);
  only_text[29] = true;
  CHECK(minimal.before_columns == only_id);
  CHECK(minimal.after_columns == only_text);
  CHECK(as<std::string>(minimal.rows.at(0).after[29]) == "minimal");
  CHECK(minimal.rows.at(0).after.size() == 63);
  CHECK(std::holds_alternative<null_cell>(minimal.rows.at(0).after[0]));

  const auto& noblob = *rows[7];  // binlog_row_image=NOBLOB leaves BLOB/TEXT columns out
  CHECK_FALSE(noblob.before_columns[24]);
  CHECK(noblob.before_columns[1]);
  CHECK(as<std::int64_t>(noblob.rows.at(0).after[3]) == 7);
}

TEST_CASE("rows prefix: v2 extra data is skipped, a too-short extra length is bad_value") {
  // table id 5, flags STMT_END, extra length 4 (2 bytes of extra data), then 1 column
  const auto body = bytes_of({5, 0, 0, 0, 0, 0, 1, 0, 4, 0, 0xaa, 0xbb, 1, 1});
  auto prefix = detail::decode_rows_prefix(body, 30, {});
  REQUIRE(prefix.has_value());
  CHECK(prefix->table_id == 5);
  CHECK(prefix->rest.size() == 2);
  const auto bad = bytes_of({5, 0, 0, 0, 0, 0, 1, 0, 1, 0, 1, 1});
  CHECK(detail::decode_rows_prefix(bad, 30, {}).error() == decode_error::bad_value);
}

TEST_CASE("rows: a width that disagrees with the TABLE_MAP is bad_length") {
  auto table = std::make_shared<table_map_event>();
  table->columns.resize(2, column_def{3, 0, true, false, std::nullopt, 0, {}, {}});
  // WRITE v1: table 1, flags, width 3, bitmap, one row: null bitmap + 3 ints
  const auto body = bytes_of({1, 0, 0, 0, 0, 0, 1, 0, 3, 0x07, 0x00, 1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0});
  auto prefix = detail::decode_rows_prefix(body, 23, {});
  REQUIRE(prefix.has_value());
  CHECK(detail::decode_rows(*prefix, table).error() == decode_error::bad_length);
  CHECK(detail::decode_rows(*prefix, nullptr).error() == decode_error::unknown_table);
}

}  // namespace sluice::protocol::test
