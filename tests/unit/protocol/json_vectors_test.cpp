#include <doctest/doctest.h>

#include <map>
#include <memory>

#include <nlohmann/json.hpp>

#include "protocol/event_decoders.hpp"
#include "protocol/mysql_json.hpp"
#include "test_support.hpp"

namespace sluice::protocol::test {
namespace {

const json_cell& json_of(const cell& value) {
  REQUIRE_MESSAGE(std::holds_alternative<json_cell>(value), "cell holds " << to_display(value));
  return std::get<json_cell>(value);
}

std::string json_text(const std::string& binary) {
  auto converted = mysql_json_to_text(binary);
  REQUIRE_MESSAGE(converted.has_value(), "error " << to_string(converted.error()));
  return *converted;
}

std::string as_string(const cell& value) {
  REQUIRE_MESSAGE(std::holds_alternative<std::string>(value), "cell holds " << to_display(value));
  return std::get<std::string>(value);
}

std::int64_t as_int(const cell& value) {
  REQUIRE_MESSAGE(std::holds_alternative<std::int64_t>(value), "cell holds " << to_display(value));
  return std::get<std::int64_t>(value);
}

std::string text_of(std::initializer_list<int> values) {
  std::string out;
  for (const int v : values) out.push_back(static_cast<char>(v));
  return out;
}

// id INT, j1 JSON, j2 JSON, name VARCHAR(10): two JSON columns so that partial_bits has two bits.
std::shared_ptr<const table_map_event> two_json_table() {
  auto table = std::make_shared<table_map_event>();
  table->table_id = 9;
  table->schema = "s";
  table->table = "t";
  table->columns = {column_def{3, 0, false, false, {}, 0, {}, {}},
                    column_def{245, 4, true, false, {}, 0, {}, {}},
                    column_def{245, 4, true, false, {}, 0, {}, {}},
                    column_def{15, 10, true, false, {}, 0, {}, {}}};
  return table;
}

tl::expected<rows_event, decode_error> decode_partial_rows(const std::vector<std::byte>& rest) {
  detail::rows_prefix prefix{rows_kind::partial_update, 9, 0x0001, false, rest};
  return detail::decode_rows(prefix, two_json_table());
}

// Column count 4, before image = {id}, after image = {j2, name} (j1 left out).
const std::vector<int> partial_header{0x04, 0x01, 0x0c};
// Row 1: j2 partial (bit 1 of partial_bits; bit 0 is j1, absent from the image) with three diffs.
const std::vector<int> partial_row{
    0x00, 0x07, 0x00, 0x00, 0x00,  // before: no NULLs, id 7
    0x01, 0x02,                    // value_options PARTIAL_JSON_UPDATES, partial_bits: j2
    0x00,                          // after: no NULLs
    0x17, 0x00, 0x00, 0x00,        // 23 bytes of diffs
    0x02, 0x03, '$', '.', 'a',     // remove $.a
    0x01, 0x06, '$', '.', 'b', '[', '0', ']', 0x02, 0x04, 0x01,  // insert $.b[0] true
    0x00, 0x01, '$', 0x03, 0x0c, 0x01, 'x',                      // replace $ "x"
    0x02, 'h', 'i'};               // name
// Row 2: no partial columns: j2 is a whole document, name NULL.
const std::vector<int> full_row{0x00, 0x08, 0x00, 0x00, 0x00, 0x00, 0x02, 0x02, 0x00, 0x00, 0x00, 0x04, 0x01};

std::vector<std::byte> concat(std::initializer_list<std::vector<int>> parts) {
  std::vector<std::byte> out;
  for (const auto& part : parts)
    for (const int v : part) out.push_back(static_cast<std::byte>(v));
  return out;
}

}  // namespace

TEST_CASE("vector 03: MySQL 9 JSON opaque scalars print as MySQL prints them") {
  const auto file = decode_file(vector_path("03_rmc_mysql9_json_opaque/json-opaque.binlog"));
  const std::vector<std::string> expected{
      R"({"a": "base64:type15:VQ=="})", R"({"b": "2012-03-18"})", R"({"c": "2012-03-18 11:30:45.000000"})",
      R"({"c": "87:31:46.654321"})",    R"({"d": 123.456})",      R"({"e": 9.00})",
      R"({"e": [0, 1, true, false]})",  R"({"e": null})"};
  // The vector's README, written without spaces.
  const std::vector<std::string> readme{
      R"({"a":"base64:type15:VQ=="})", R"({"b":"2012-03-18"})", R"({"c":"2012-03-18 11:30:45.000000"})",
      R"({"c":"87:31:46.654321"})",    R"({"d":123.456})",      R"({"e":9.00})",
      R"({"e":[0,1,true,false]})",     R"({"e":null})"};
  std::vector<std::string> seen;
  for (const auto* ev : bodies<rows_event>(file.events)) {
    CHECK(ev->kind == rows_kind::write);
    for (const auto& row : ev->rows) {
      const auto& value = json_of(row.after.at(0));
      CHECK_FALSE(value.partial);
      seen.push_back(json_text(value.binary));
    }
  }
  CHECK(seen == expected);
  REQUIRE(seen.size() == readme.size());
  for (std::size_t i = 0; i < seen.size(); ++i)
    CHECK(nlohmann::json::parse(seen[i]) == nlohmann::json::parse(readme[i]));
}

TEST_CASE("vector 04: MySQL 8.0 PARTIAL_UPDATE_ROWS carries $.age diffs consistent with the table") {
  const auto file = decode_file(vector_path("04_rmc_mysql80_json_partial_update/json.binlog.000001"));
  const auto events = bodies<rows_event>(file.events);
  REQUIRE(events.size() == 6);
  for (std::size_t i = 0; i < 4; ++i) CHECK(events[i]->kind == rows_kind::write);
  CHECK(events[4]->kind == rows_kind::update);
  REQUIRE(events[5]->kind == rows_kind::partial_update);
  CHECK(file.events.at(file.events.size() - 2).header.type_code == 39);

  // t(id, json_col, name AS json_col->>'$.name', age AS json_col->'$.age'): every full document
  // converts and agrees with its generated columns.
  std::map<std::int64_t, nlohmann::json> latest;  // id -> document after the full UPDATE
  for (std::size_t e = 0; e < 5; ++e) {
    for (const auto& row : events[e]->rows) {
      for (const auto* image : {&row.before, &row.after}) {
        if (image->empty()) continue;
        const auto document = nlohmann::json::parse(json_text(json_of(image->at(1)).binary));
        CHECK(document.at("name") == as_string(image->at(2)));
        CHECK(document.at("age") == as_int(image->at(3)));
        if (image == &row.after) latest[as_int(image->at(0))] = document;
      }
    }
  }
  CHECK(json_text(json_of(events[0]->rows.at(0).after.at(1)).binary) ==
        R"({"age": 24, "data": "xxxxxxxxxx", "name": "Joe"})");
  REQUIRE(latest.size() == 6);

  // binlog_row_image=MINIMAL: the before image has the primary key only, the after image the rest.
  const auto& partial = *events[5];
  CHECK(partial.before_columns == std::vector<bool>{true, false, false, false});
  CHECK(partial.after_columns == std::vector<bool>{false, true, true, true});
  REQUIRE(partial.rows.size() == 6);
  for (const auto& row : partial.rows) {
    const std::int64_t id = as_int(row.before.at(0));
    CAPTURE(id);
    CHECK(std::holds_alternative<null_cell>(row.after.at(0)));
    const auto& value = json_of(row.after.at(1));
    CHECK(value.partial);
    CHECK(value.binary.empty());
    REQUIRE(value.diffs.size() == 1);
    CHECK(value.diffs[0].op == json_diff::operation::replace);
    CHECK(value.diffs[0].path == "$.age");
    // The statement added one to every age: the diff, the generated column and the previous
    // document agree.
    const auto new_age = nlohmann::json::parse(json_text(value.diffs[0].value));
    CHECK(new_age == as_int(row.after.at(3)));
    CHECK(new_age == latest.at(id).at("age").get<std::int64_t>() + 1);
    CHECK(as_string(row.after.at(2)) == latest.at(id).at("name").get<std::string>());
  }
}

TEST_CASE("PARTIAL_UPDATE_ROWS: diffs, partial_bits over every JSON column, whole documents") {
  auto ev = decode_partial_rows(concat({partial_header, partial_row, full_row}));
  REQUIRE_MESSAGE(ev.has_value(), to_string(ev.error()));
  REQUIRE(ev->rows.size() == 2);

  const auto& first = ev->rows[0];
  CHECK(as_int(first.before.at(0)) == 7);
  CHECK(std::holds_alternative<null_cell>(first.after.at(1)));  // j1: not in the image
  const auto& diffs = json_of(first.after.at(2));
  CHECK(diffs.partial);
  CHECK(diffs.diffs == std::vector<json_diff>{{json_diff::operation::remove, "$.a", ""},
                                              {json_diff::operation::insert, "$.b[0]", text_of({0x04, 0x01})},
                                              {json_diff::operation::replace, "$", text_of({0x0c, 0x01, 'x'})}});
  CHECK(json_text(diffs.diffs[1].value) == "true");
  CHECK(json_text(diffs.diffs[2].value) == R"("x")");
  CHECK(as_string(first.after.at(3)) == "hi");

  const auto& second = ev->rows[1];
  CHECK(as_int(second.before.at(0)) == 8);
  CHECK(json_of(second.after.at(2)) == json_cell{text_of({0x04, 0x01}), {}, false});
  CHECK(std::holds_alternative<null_cell>(second.after.at(3)));
}

TEST_CASE("PARTIAL_UPDATE_ROWS: malformed shared images and diffs are errors") {
  const auto with = [](std::size_t index, int value) {
    auto row = partial_row;
    row.at(index) = value;
    return decode_partial_rows(concat({partial_header, row}));
  };
  REQUIRE(with(5, 0x01).has_value());
  CHECK(with(5, 0x03).error() == decode_error::bad_value);  // unknown value_options bit
  CHECK(with(12, 0x03).error() == decode_error::bad_value);  // no such diff operation
  CHECK(with(8, 0x40).error() == decode_error::truncated);   // diff vector longer than the event
  CHECK(with(13, 0x30).error() == decode_error::truncated);  // path longer than the diff vector

  // Every cut inside a row is an error; only the cut between the two rows is a valid event.
  const auto whole = concat({partial_header, partial_row, full_row});
  const std::size_t boundary = partial_header.size() + partial_row.size();
  for (std::size_t cut = partial_header.size() + 1; cut < whole.size(); ++cut) {
    const std::vector<std::byte> part(whole.begin(), whole.begin() + static_cast<std::ptrdiff_t>(cut));
    CHECK_MESSAGE(decode_partial_rows(part).has_value() == (cut == boundary), "cut at " << cut);
  }
}

}  // namespace sluice::protocol::test
