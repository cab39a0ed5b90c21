// `sluicectl binlog decode` on every shared public vector: the facts each one's README lists,
// read back from the JSON lines. Vectors 12 and 13 (mysqlbinlog oracles) are in
// binlog_oracle_test.cpp; positions and corrupt files in binlog_decode_errors_test.cpp.
#include <algorithm>

#include <doctest/doctest.h>

#include "binlog_decode_support.hpp"

using nlohmann::json;
using namespace sluice::cli::test;

namespace {

// "0123456789" repeated, cut to `length`.
std::string digits(std::size_t length) {
  std::string out;
  while (out.size() < length) out += "0123456789";
  out.resize(length);
  return out;
}

// Top-level events (not inside a TRANSACTION_PAYLOAD).
std::vector<json> top_level(const decoded& d) {
  std::vector<json> out;
  for (const auto& line : d.lines)
    if (!line.contains("in_payload")) out.push_back(line);
  return out;
}

std::vector<json> in_payload(const decoded& d, std::uint64_t pos) {
  std::vector<json> out;
  for (const auto& line : d.lines)
    if (line.value("in_payload", std::uint64_t{0} - 1) == pos) out.push_back(line);
  return out;
}

std::vector<std::string> types(const std::vector<json>& events) {
  std::vector<std::string> out;
  for (const auto& e : events) out.push_back(e["type"]);
  return out;
}

}  // namespace

TEST_CASE("01 MySQL 8.0 ENUM/SET: values, names, GTIDs, update and delete images") {
  const auto d = decode({vector_path("01_rmc_mysql80_enum_set/mysql-enum-string-set.000001")});
  REQUIRE(d.exit_code == 0);
  const auto gtids = of_type(d, "GTID");
  REQUIRE(gtids.size() == 5);
  for (std::size_t i = 0; i < gtids.size(); ++i)
    CHECK(gtids[i]["gtid"] == "93e95066-a2f4-11ec-9b69-9657f0ae95e2:" + std::to_string(i + 1));
  CHECK(of_type(d, "PREVIOUS_GTIDS").size() == 1);

  const auto maps = of_type(d, "TABLE_MAP");
  REQUIRE_FALSE(maps.empty());
  CHECK(maps[0]["columns"] == json::array({"f1", "f2", "f3", "f4", "f5"}));
  CHECK(maps[0]["column_types"] == json::array({"STRING", "VARCHAR", "ENUM", "SET", "BLOB"}));

  const auto writes = of_type(d, "WRITE_ROWS");
  REQUIRE(writes.size() == 1);
  CHECK(writes[0]["schema"] == "mysql");
  CHECK(writes[0]["table"] == "t");
  CHECK_FALSE(writes[0].contains("after_columns"));  // a full image lists no column numbers
  REQUIRE(writes[0]["rows"].size() == 1);
  const json inserted = writes[0]["rows"][0]["after"];
  REQUIRE(inserted.size() == 5);
  CHECK(inserted[0] == digits(100));
  const std::string f2 = inserted[1];
  CHECK(f2.size() == 298);
  CHECK(f2.substr(0, 10) == "0123456789");
  CHECK(std::all_of(f2.begin(), f2.end(), [](char c) { return c >= '0' && c <= '9'; }));
  CHECK(inserted[2] == 1);       // 'var1'
  CHECK(inserted[3] == 0b0101);  // 'one,three'
  CHECK(inserted[4] == "0123456789");
  CHECK_FALSE(writes[0]["rows"][0].contains("before"));

  const auto updates = of_type(d, "UPDATE_ROWS");
  REQUIRE(updates.size() == 1);
  const json& change = updates[0]["rows"][0];
  CHECK(change["before"] == inserted);
  CHECK(change["after"][2] == 2);
  CHECK(change["after"][3] == 0b1010);

  const auto deletes = of_type(d, "DELETE_ROWS");
  REQUIRE(deletes.size() == 1);
  CHECK(deletes[0]["rows"][0]["before"] == change["after"]);
  CHECK_FALSE(deletes[0]["rows"][0].contains("after"));
  CHECK(of_type(d, "XID").size() == 3);
}

TEST_CASE("02 MySQL 8.0 BIT: numbers") {
  const auto d = decode({vector_path("02_rmc_mysql80_bit/mysql_type_bit.000001")});
  REQUIRE(d.exit_code == 0);
  const auto writes = of_type(d, "WRITE_ROWS");
  REQUIRE(writes.size() == 1);
  CHECK(writes[0]["rows"][0]["after"] == json::array({0b100, "foo", 0b100000}));
  CHECK(of_type(d, "TABLE_MAP")[0]["column_types"] == json::array({"BIT", "BLOB", "BIT"}));
}

TEST_CASE("03 MySQL 9 JSON opaque scalars: the JSON values themselves, 9.00 kept") {
  const auto d = decode({vector_path("03_rmc_mysql9_json_opaque/json-opaque.binlog")});
  REQUIRE(d.exit_code == 0);
  const std::vector<std::string> expected{
      R"({"a":"base64:type15:VQ=="})", R"({"b":"2012-03-18"})",
      R"({"c":"2012-03-18 11:30:45.000000"})", R"({"c":"87:31:46.654321"})",
      R"({"d":123.456})", R"({"e":9.00})", R"({"e":[0,1,true,false]})", R"({"e":null})"};
  const auto writes = of_type(d, "WRITE_ROWS");
  REQUIRE(writes.size() == expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    INFO("row ", i + 1);
    REQUIRE(writes[i]["rows"].size() == 1);
    CHECK(writes[i]["rows"][0]["after"] == json::array({json::parse(expected[i])}));
  }
  // The decimal's text is embedded verbatim, not re-formatted through a double.
  const auto decimal_line = std::find_if(d.raw.begin(), d.raw.end(), [](const std::string& l) {
    return l.find("\"e\"") != std::string::npos && l.find("WRITE_ROWS") != std::string::npos;
  });
  REQUIRE(decimal_line != d.raw.end());
  CHECK(decimal_line->find("9.00}") != std::string::npos);
}

TEST_CASE("04 MySQL 8.0 PARTIAL_UPDATE_ROWS: JSON diffs and partial images") {
  const auto d = decode({vector_path("04_rmc_mysql80_json_partial_update/json.binlog.000001")});
  REQUIRE(d.exit_code == 0);
  CHECK(of_type(d, "WRITE_ROWS").size() == 4);
  const auto updates = of_type(d, "UPDATE_ROWS");
  REQUIRE(updates.size() == 1);
  CHECK(updates[0]["rows"].size() == 6);
  CHECK(updates[0]["rows"][0]["before"][1] == json::parse(R"({"age":24,"data":"xxxxxxxxxx","name":"Joe"})"));
  CHECK(updates[0]["rows"][0]["after"][3] == 25);

  const auto partial = of_type(d, "PARTIAL_UPDATE_ROWS");
  REQUIRE(partial.size() == 1);
  CHECK(partial[0]["type_code"] == 39);
  CHECK(partial[0]["before_columns"] == json::array({1}));
  CHECK(partial[0]["after_columns"] == json::array({2, 3, 4}));
  const json& rows = partial[0]["rows"];
  REQUIRE(rows.size() == 6);
  const int ages[] = {26, 34, 42, 26, 34, 42};
  for (std::size_t i = 0; i < rows.size(); ++i) {
    INFO("row ", i + 1);
    CHECK(rows[i]["before"] == json::array({i + 1}));
    CHECK(rows[i]["after"][0] ==
          json::parse(R"({"json_diff":[{"op":"replace","path":"$.age","value":)" + std::to_string(ages[i]) + "}]}"));
    CHECK(rows[i]["after"][2] == ages[i]);
  }
}

TEST_CASE("05 MySQL 8.0 compressed transaction: inner events follow the payload") {
  const auto d = decode({vector_path("05_rmc_mysql80_tx_compression/transaction_compression.000001")});
  REQUIRE(d.exit_code == 0);
  const auto payloads = of_type(d, "TRANSACTION_PAYLOAD");
  REQUIRE(payloads.size() == 1);
  CHECK(payloads[0]["compression"] == "zstd");
  CHECK(payloads[0]["uncompressed_size"] == 179);
  CHECK(of_type(d, "ANONYMOUS_GTID").size() == 1);
  const std::uint64_t at = payloads[0]["pos"];
  const auto inner = in_payload(d, at);
  REQUIRE(types(inner) == std::vector<std::string>{"QUERY", "TABLE_MAP", "WRITE_ROWS", "XID"});
  CHECK(inner[0]["query"] == "BEGIN");
  CHECK(inner[1]["schema"] == "test");
  CHECK(inner[1]["table"] == "tb1");
  CHECK(inner[1]["column_types"] == json::array({"LONG"}));
  CHECK(inner[2]["rows"] == json::parse(R"([{"after":[1]}])"));
  CHECK(inner[0]["pos"] == 0);  // inner positions count from the payload's start
  // The inner events come right after their payload's line.
  const auto payload_line = std::find(d.lines.begin(), d.lines.end(), payloads[0]);
  REQUIRE(payload_line + 4 < d.lines.end());
  CHECK(*(payload_line + 1) == inner[0]);
  CHECK(*(payload_line + 4) == inner[3]);
}

TEST_CASE("06 MySQL 8.0 negative TIME2") {
  const auto d = decode({vector_path("06_rmc_mysql80_time2_negative/time_issue.000001")});
  REQUIRE(d.exit_code == 0);
  const auto writes = of_type(d, "WRITE_ROWS");
  REQUIRE(writes.size() == 1);
  CHECK(writes[0]["rows"] == json::parse(R"([{"after":["-507:48:27"]}])"));
}

TEST_CASE("07 MySQL 8.0 MINIMAL metadata: partial after image, unsigned INT, collation 255") {
  const auto d = decode({vector_path("07_rmc_mysql80_minimal_row_metadata/minimal_row_metadata.000001")});
  REQUIRE(d.exit_code == 0);
  const auto maps = of_type(d, "TABLE_MAP");
  REQUIRE(maps.size() == 1);
  CHECK(maps[0]["collations"][2] == 255);  // the 3rd column: utf8mb4_0900_ai_ci
  const auto writes = of_type(d, "WRITE_ROWS");
  REQUIRE(writes.size() == 1);
  CHECK(writes[0]["after_columns"] == json::array({1, 3, 5}));
  const json& after = writes[0]["rows"][0]["after"];
  REQUIRE(after.size() == 3);
  CHECK(after[2] == 3230202323ULL);  // the 5th column, unsigned via SIGNEDNESS metadata
  CHECK(after[2].is_number_unsigned());
}

TEST_CASE("08 MariaDB 10.5 FULL metadata: GTIDs, names, primary key, collations") {
  const auto d = decode({vector_path("08_rmc_mariadb105_full_metadata/mariadb-bin.000001")});
  REQUIRE(d.exit_code == 0);
  CHECK(of_type(d, "GTID_LIST").size() == 1);
  const auto checkpoints = of_type(d, "BINLOG_CHECKPOINT");
  REQUIRE(checkpoints.size() == 1);
  CHECK(checkpoints[0]["file"] == "mariadb-bin.000001");
  const auto gtids = of_type(d, "GTID");
  REQUIRE(gtids.size() == 2);
  CHECK(gtids[0]["gtid"] == "0-1-1");
  CHECK(gtids[1]["gtid"] == "0-1-2");
  CHECK(of_type(d, "ANNOTATE_ROWS").size() == 2);
  CHECK(of_type(d, "ROTATE").empty());

  const auto maps = of_type(d, "TABLE_MAP");
  REQUIRE(maps.size() == 2);
  CHECK(maps[0]["schema"] == "toddy_test");
  CHECK(maps[0]["table"] == "outbox");
  CHECK(maps[0]["columns"] == json::array({"id", "topic", "event_type", "event", "created"}));
  CHECK(maps[0]["primary_key"] == json::array({1}));
  CHECK(maps[0]["collations"] == json::parse("[null, 45, 45, 63, null]"));
  const auto writes = of_type(d, "WRITE_ROWS");
  REQUIRE(writes.size() == 2);
  CHECK(writes[0]["type_code"] == 23);
  // event is a BLOB in the binary collation: hex of {"foo":1}.
  CHECK(writes[0]["rows"][0]["after"] ==
        json::parse(R"([62, "foo", 2, {"hex": "7b22666f6f223a317d"}, "2022-04-20 22:18:04"])"));
}

TEST_CASE("09 MySQL 8.0 compressed transaction: 5 top-level events, 4 inside") {
  const auto d = decode({vector_path("09_osheroff_mysql80_tx_compression/mysql-bin.compressed")});
  REQUIRE(d.exit_code == 0);
  CHECK(types(top_level(d)) == std::vector<std::string>{"FORMAT_DESCRIPTION", "PREVIOUS_GTIDS", "ANONYMOUS_GTID",
                                                        "TRANSACTION_PAYLOAD", "ROTATE"});
  const auto payload = of_type(d, "TRANSACTION_PAYLOAD").at(0);
  CHECK(payload["uncompressed_size"] == 960);
  const auto inner = in_payload(d, payload["pos"]);
  REQUIRE(types(inner) == std::vector<std::string>{"QUERY", "TABLE_MAP", "UPDATE_ROWS", "XID"});
  CHECK(inner[0]["query"] == "BEGIN");
  CHECK(inner[1]["schema"] == "demo");
  CHECK(inner[1]["table"] == "movies");
  CHECK(inner[1]["column_types"].size() == 11);
  const json& after = inner[2]["rows"][0]["after"];
  CHECK(after[1] == "Once Upon a Time in the West");
  CHECK(after[3] == "Italy");
  CHECK(inner[2]["rows"][0]["before"][4] == "Western");
}

TEST_CASE("10 MySQL 5.7 CRC32: 303 events, every checksum and row decodes") {
  const auto d = decode({vector_path("10_osheroff_mysql57_crc32_types/mysql-bin.checksum-crc32")});
  REQUIRE(d.exit_code == 0);
  CHECK(d.lines.size() == 303);
  std::size_t rows = 0;
  for (const auto& line : d.lines) {
    const std::string type = line["type"];
    if (type.find("_ROWS") == std::string::npos) continue;
    CHECK_FALSE(line["rows"].empty());
    rows += line["rows"].size();
  }
  CHECK(rows > 0);
  // Spot values: the first insert and the last (a utf8 string).
  const auto writes = of_type(d, "WRITE_ROWS");
  REQUIRE_FALSE(writes.empty());
  CHECK(writes.front()["rows"][0]["after"] ==
        json::parse(R"([12300113,"test2","/",116103,"2018-05-04 08:31:59",906703,0,0,0,"2018-05-04 08:31:59",0,12200009])"));
  CHECK(writes.back()["rows"][0]["after"][1] == "OPPO\u5462");
}

TEST_CASE("11 MySQL 8.0 compressed transactions with ROWS_QUERY") {
  const auto d = decode({vector_path("11_apecloud_mysql80_compressed_rowsquery/mysql-bin.000057")});
  REQUIRE(d.exit_code == 0);
  CHECK(top_level(d).size() == 8);
  const auto payloads = of_type(d, "TRANSACTION_PAYLOAD");
  REQUIRE(payloads.size() == 2);
  const auto first = in_payload(d, payloads[0]["pos"]);
  const auto first_queries = std::count_if(first.begin(), first.end(), [](const json& e) {
    return e["type"] == "ROWS_QUERY" && e["query"] == "insert into b values(1)";
  });
  CHECK(first_queries == 1);
  const auto second = in_payload(d, payloads[1]["pos"]);
  std::vector<json> queries, updates, writes;
  for (const auto& e : second) {
    if (e["type"] == "ROWS_QUERY") queries.push_back(e);
    if (e["type"] == "UPDATE_ROWS") updates.push_back(e);
    if (e["type"] == "WRITE_ROWS") writes.push_back(e);
  }
  REQUIRE(queries.size() == 2);
  const std::string update_sql = queries[0]["query"];
  CHECK(update_sql.find("update test_table_3") != std::string::npos);
  CHECK(update_sql.find("product_item_2='product_3_value'") != std::string::npos);
  REQUIRE(updates.size() == 1);
  CHECK(updates[0]["table"] == "test_table_3");
  CHECK(updates[0]["rows"][0]["after"][10] == "product_3_value");
  CHECK(updates[0]["rows"][0]["before"][10] == "product_item_2_value");
  REQUIRE(writes.size() == 1);
  CHECK(writes[0]["rows"][0]["after"][0] == 6666);
  CHECK(writes[0]["rows"][0]["after"][1] == "product_item_value_2");
  CHECK(writes[0]["rows"][0]["after"][9] == json::parse(R"({"c": 1})"));
}

TEST_CASE("14 vitess bare TRANSACTION_PAYLOAD frame without its CRC32") {
  const auto d = decode({vector_path("14_vitess_mysql80_tx_payload_event/mysql80_tx_payload_event_small.bin")});
  REQUIRE(d.exit_code == 0);
  REQUIRE(d.lines.size() == 5);
  CHECK(d.lines[0]["type"] == "TRANSACTION_PAYLOAD");
  CHECK(d.lines[0]["pos"] == 0);
  CHECK(d.lines[0]["uncompressed_size"] == 254);
  const auto inner = in_payload(d, 0);
  REQUIRE(types(inner) == std::vector<std::string>{"QUERY", "TABLE_MAP", "WRITE_ROWS", "XID"});
  CHECK(inner[0]["query"] == "BEGIN");
  CHECK(inner[1]["schema"] == "vt_commerce");
  CHECK(inner[1]["table"] == "customer");
  CHECK(inner[1]["column_types"] == json::array({"LONGLONG", "VARCHAR"}));
  // The VARCHAR is VARBINARY (collation 63): its bytes are hex.
  CHECK(inner[2]["rows"] == json::parse(R"([
      {"after": [1, {"hex": "6d6c6f726440706c616e65747363616c652e636f6d"}]},
      {"after": [2, {"hex": "73757040706c616e65747363616c652e636f6d"}]}])"));
}

TEST_CASE("15 MySQL 8.0 GTIDs over two files in one run") {
  const auto d = decode({vector_path("15_percona_mysql80_gtid/gtid_binlog.000001"),
                         vector_path("15_percona_mysql80_gtid/gtid_binlog.000002")});
  REQUIRE(d.exit_code == 0);
  const std::string uuid = "396e294c-1ca4-11f1-9ae7-00155da79c6b";
  const auto gtids = of_type(d, "GTID");
  REQUIRE(gtids.size() == 6);
  for (std::size_t i = 0; i < gtids.size(); ++i) CHECK(gtids[i]["gtid"] == uuid + ":" + std::to_string(i + 1));
  const auto previous = of_type(d, "PREVIOUS_GTIDS");
  REQUIRE(previous.size() == 2);
  CHECK(previous[0]["gtid_set"] == "");
  CHECK(previous[1]["gtid_set"] == uuid + ":1-4");
  CHECK(of_type(d, "FORMAT_DESCRIPTION").size() == 2);
  CHECK(of_type(d, "FORMAT_DESCRIPTION")[1]["pos"] == 4);  // positions restart per file

  json inserted = json::array();
  for (const auto& w : of_type(d, "WRITE_ROWS"))
    for (const auto& row : w["rows"]) inserted.push_back(row["after"][0]);
  CHECK(inserted == json::array({1, 2, 3, 4, 5, 6}));
  const auto updates = of_type(d, "UPDATE_ROWS");
  REQUIRE(updates.size() == 1);
  CHECK(updates[0]["rows"] == json::parse(R"([{"before":[1],"after":[101]},{"before":[2],"after":[102]},
                                              {"before":[3],"after":[103]}])"));
  const auto deletes = of_type(d, "DELETE_ROWS");
  REQUIRE(deletes.size() == 1);
  CHECK(deletes[0]["rows"] == json::parse(R"([{"before":[4]},{"before":[5]},{"before":[6]}])"));
}
