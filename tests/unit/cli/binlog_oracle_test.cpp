// `sluicectl binlog decode` against the server vendors' own mysqlbinlog output: vector 12's
// `mysqlbinlog -vv` files (every `# at`, end_log_pos, server id, Xid, table id and `###` value)
// and vector 13's `mysqlbinlog --verbose` result (every `###` line, partial images included).
#include <ctime>
#include <map>
#include <optional>
#include <sstream>

#include <doctest/doctest.h>

#include "binlog_decode_support.hpp"

using nlohmann::json;
using namespace sluice::cli::test;

namespace {

using image = std::vector<std::pair<int, std::string>>;  // (1-based column, printed value)

/// One row change as mysqlbinlog prints it.
struct statement {
  std::string kind;  // INSERT, UPDATE, DELETE
  std::string table;  // db.table
  image before, after;
  friend bool operator==(const statement&, const statement&) = default;
};

std::ostream& operator<<(std::ostream& os, const statement& s) {
  os << s.kind << " " << s.table << " where";
  for (const auto& [n, v] : s.before) os << " @" << n << "=" << v;
  os << " set";
  for (const auto& [n, v] : s.after) os << " @" << n << "=" << v;
  return os;
}

// The number right after `marker` in `line`, if the marker is there.
std::optional<std::uint64_t> number_after(const std::string& line, const std::string& marker) {
  const auto at = line.find(marker);
  if (at == std::string::npos) return std::nullopt;
  std::size_t end = at + marker.size();
  while (end < line.size() && line[end] == ' ') ++end;
  const std::size_t digits = line.find_first_not_of("0123456789", end);
  if (digits == end) return std::nullopt;
  return std::stoull(line.substr(end, digits - end));
}

std::string without_backticks(std::string name) {
  std::erase(name, '`');
  return name;
}

// The `###` lines of mysqlbinlog -v/-vv output.
std::vector<statement> parse_oracle(const std::string& text) {
  std::vector<statement> out;
  image* section = nullptr;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.rfind("###", 0) != 0) continue;
    const std::size_t at = line.find('@');
    const std::size_t eq = line.find('=');
    if (line.rfind("### INSERT INTO ", 0) == 0) {
      out.push_back({"INSERT", without_backticks(line.substr(16)), {}, {}});
    } else if (line.rfind("### UPDATE ", 0) == 0) {
      out.push_back({"UPDATE", without_backticks(line.substr(11)), {}, {}});
    } else if (line.rfind("### DELETE FROM ", 0) == 0) {
      out.push_back({"DELETE", without_backticks(line.substr(16)), {}, {}});
    } else if (line == "### WHERE") {
      section = &out.back().before;
    } else if (line == "### SET") {
      section = &out.back().after;
    } else if (line.rfind("###   @", 0) == 0 && eq != std::string::npos) {
      std::string value = line.substr(eq + 1);
      if (const auto comment = value.find(" /* "); comment != std::string::npos) value.resize(comment);
      // -vv prints a negative integer's unsigned reading after it: "-1 (4294967295)".
      if (const auto alt = value.find(" ("); alt != std::string::npos && value[0] != '\'') value.resize(alt);
      REQUIRE(section != nullptr);
      section->emplace_back(std::stoi(line.substr(at + 1, eq - at - 1)), value);
    } else {
      FAIL("unexpected oracle line: ", line);
    }
  }
  return out;
}

// A decoded cell as mysqlbinlog prints it: strings quoted, TIMESTAMP as epoch seconds.
std::string oracle_text(const json& value, const std::string& column_type) {
  if (value.is_null()) return "NULL";
  if (value.is_number()) return value.dump();
  REQUIRE(value.is_string());
  const std::string text = value;
  if (column_type == "TIMESTAMP" || column_type == "TIMESTAMP2") {
    std::tm tm{};
    REQUIRE(strptime(text.c_str(), "%Y-%m-%d %H:%M:%S", &tm) != nullptr);
    return std::to_string(timegm(&tm));
  }
  return "'" + text + "'";
}

image image_of(const json& cells, const json* numbers, const json& types) {
  image out;
  for (std::size_t i = 0; i < cells.size(); ++i) {
    const int column = numbers ? (*numbers)[i].get<int>() : static_cast<int>(i + 1);
    out.emplace_back(column, oracle_text(cells[i], types[column - 1]));
  }
  return out;
}

std::vector<statement> statements_of(const decoded& d) {
  std::map<std::uint64_t, json> column_types;  // table id -> TABLE_MAP column_types
  std::vector<statement> out;
  const std::map<std::string, std::string> kinds{
      {"WRITE_ROWS", "INSERT"}, {"UPDATE_ROWS", "UPDATE"}, {"DELETE_ROWS", "DELETE"}};
  for (const auto& e : d.lines) {
    if (e["type"] == "TABLE_MAP") column_types[e["table_id"]] = e["column_types"];
    const auto kind = kinds.find(e["type"]);
    if (kind == kinds.end()) continue;
    const json& types = column_types.at(e["table_id"]);
    const json* before_numbers = e.contains("before_columns") ? &e["before_columns"] : nullptr;
    const json* after_numbers = e.contains("after_columns") ? &e["after_columns"] : nullptr;
    for (const auto& row : e["rows"]) {
      statement s{kind->second, e["schema"].get<std::string>() + "." + e["table"].get<std::string>(), {}, {}};
      if (row.contains("before")) s.before = image_of(row["before"], before_numbers, types);
      if (row.contains("after")) s.after = image_of(row["after"], after_numbers, types);
      out.push_back(std::move(s));
    }
  }
  return out;
}

void check_statements(const decoded& d, const std::string& oracle_text_file) {
  const auto expected = parse_oracle(oracle_text_file);
  const auto actual = statements_of(d);
  REQUIRE(!expected.empty());
  CHECK(actual.size() == expected.size());
  for (std::size_t i = 0; i < std::min(actual.size(), expected.size()); ++i) {
    INFO("statement ", i + 1);
    CHECK(actual[i] == expected[i]);
  }
}

// `# at N` then `#... server id S  end_log_pos E ...` for every event of a -vv file.
void check_headers(const decoded& d, const std::string& oracle) {
  std::istringstream lines(oracle);
  std::vector<json> expected;
  for (std::string line; std::getline(lines, line);) {
    const auto server_id = number_after(line, " server id ");
    if (line.rfind("# at ", 0) == 0) {
      expected.push_back(json{{"pos", std::stoull(line.substr(5))}});
    } else if (line.rfind('#', 0) == 0 && server_id) {
      REQUIRE_FALSE(expected.empty());
      json& e = expected.back();
      e["server_id"] = *server_id;
      e["next_pos"] = number_after(line, "end_log_pos").value();
      if (const auto xid = number_after(line, "Xid = ")) e["xid"] = *xid;
      if (const auto id = number_after(line, "mapped to number ")) e["table_id"] = *id;
      if (const auto gtid = line.find("\tGTID "); gtid != std::string::npos)
        e["gtid"] = line.substr(gtid + 6, line.find_first_not_of("0123456789-", gtid + 6) - gtid - 6);
    }
  }
  REQUIRE(d.lines.size() == expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    INFO("event ", i + 1, ": ", d.raw[i]);
    for (const auto& [field, value] : expected[i].items()) CHECK(d.lines[i][field] == value);
  }
}

}  // namespace

TEST_CASE("12 mysqlbinlog -vv oracle: every position, header and ### value") {
  for (const std::string n : {"01", "06", "07"}) {
    INFO("mysql-bin.", n);
    const std::string dir = "12_zalora_mysqlbinlog_vv_oracle/";
    const auto d = decode({vector_path(dir + "mysql-bin." + n)});
    REQUIRE(d.exit_code == 0);
    const std::string oracle = read_file(vector_path(dir + "plaintext-mysql-bin." + n));
    check_headers(d, oracle);
    check_statements(d, oracle);
  }
}

TEST_CASE("13 mysqlbinlog --verbose oracle: every ### line, partial images as column lists") {
  const std::string dir = "13_mysqltest_ndb_partial_rows/";
  const std::string result = read_file(vector_path(dir + "binlog_row_mysqlbinlog_verbose.result"));
  const std::string marker = "Verbose statements from : ";
  std::size_t at = result.find(marker);
  int files = 0;
  while (at != std::string::npos) {
    const std::size_t name_end = result.find('\n', at);
    const std::string name = result.substr(at + marker.size(), name_end - at - marker.size());
    const std::size_t next = result.find(marker, name_end);
    const std::string section = result.substr(name_end, next == std::string::npos ? std::string::npos : next - name_end);
    INFO("file ", name);
    const auto d = decode({vector_path(dir + name)});
    REQUIRE(d.exit_code == 0);
    check_statements(d, section.substr(0, section.find("drop table raw_binlog_rows")));
    ++files;
    at = next;
  }
  CHECK(files == 4);
}
