#include "oracle.hpp"

#include <cstdlib>
#include <sstream>

#include <doctest/doctest.h>

#include "protocol/column_type.hpp"

namespace sluice::protocol::test {
namespace {

std::string strip_backticks(std::string_view name) {
  std::string out;
  for (const char c : name)
    if (c != '`') out.push_back(c);
  return out;
}

// "@12=value /* TYPE meta=... */" -> (12, "value")
std::pair<int, std::string> parse_assignment(std::string_view line) {
  const auto at = line.find('@');
  const auto eq = line.find('=', at);
  const int column = std::atoi(std::string(line.substr(at + 1, eq - at - 1)).c_str());
  std::string_view value = line.substr(eq + 1);
  // The type comment starts after the value; strings never contain " /* " unescaped in tests.
  if (const auto comment = value.rfind(" /* "); comment != std::string_view::npos)
    value = value.substr(0, comment);
  while (!value.empty() && value.back() == ' ') value.remove_suffix(1);
  return {column, std::string(value)};
}

std::string unquote(std::string_view printed) {
  std::string out;
  if (printed.size() < 2 || printed.front() != '\'' || printed.back() != '\'') return std::string(printed);
  printed = printed.substr(1, printed.size() - 2);
  for (std::size_t i = 0; i < printed.size(); ++i) {
    if (printed[i] == '\\' && i + 1 < printed.size()) {
      if (printed[i + 1] == 'x' && i + 3 < printed.size()) {
        out.push_back(static_cast<char>(std::stoi(std::string(printed.substr(i + 2, 2)), nullptr, 16)));
        i += 3;
        continue;
      }
      out.push_back(printed[i + 1]);
      ++i;
      continue;
    }
    out.push_back(printed[i]);
  }
  return out;
}

std::uint64_t parse_bits(std::string_view printed) {  // b'0101'
  std::uint64_t v = 0;
  for (const char c : printed)
    if (c == '0' || c == '1') v = (v << 1) | static_cast<std::uint64_t>(c - '0');
  return v;
}

}  // namespace

std::vector<oracle_row> parse_oracle(std::string_view text) {
  std::vector<oracle_row> rows;
  bool in_set = false;
  std::istringstream in{std::string(text)};
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.rfind("### ", 0) != 0) continue;
    const std::string_view rest = std::string_view(line).substr(4);
    for (const std::string_view verb : {"INSERT INTO ", "UPDATE ", "DELETE FROM "}) {
      if (rest.rfind(verb, 0) == 0) {
        rows.push_back({std::string(verb.substr(0, verb.size() - 1)), strip_backticks(rest.substr(verb.size())), {}, {}});
        in_set = false;
      }
    }
    if (rest == "SET") in_set = true;
    if (rest == "WHERE") in_set = false;
    if (rest.find('@') != std::string_view::npos && rest.rfind("  @", 0) == 0 && !rows.empty())
      (in_set ? rows.back().set : rows.back().where).push_back(parse_assignment(rest));
  }
  return rows;
}

bool cell_matches(const cell& value, const column_def& column, std::string_view printed) {
  if (std::holds_alternative<null_cell>(value)) return printed == "NULL";
  if (const auto* v = std::get_if<std::int64_t>(&value)) {
    return printed.substr(0, printed.find(' ')) == std::to_string(*v);
  }
  if (const auto* v = std::get_if<std::uint64_t>(&value)) {
    const std::string expected = std::to_string(*v);
    const auto open = printed.find('(');
    if (open != std::string_view::npos) return printed.substr(open + 1, printed.find(')') - open - 1) == expected;
    return printed == expected;
  }
  if (const auto* v = std::get_if<float>(&value)) return std::strtof(std::string(printed).c_str(), nullptr) == *v;
  if (const auto* v = std::get_if<double>(&value)) return std::strtod(std::string(printed).c_str(), nullptr) == *v;
  if (const auto* v = std::get_if<std::string>(&value)) return unquote(printed) == *v;
  if (const auto* v = std::get_if<set_cell>(&value)) return parse_bits(printed) == v->bits;
  if (const auto* v = std::get_if<temporal_cell>(&value)) {
    std::string expected = unquote(printed);
    if (column.type == column_type::date || column.type == column_type::newdate) {
      for (char& c : expected) c = c == ':' ? '-' : c;  // mysqlbinlog prints DATE as 2024:01:31
    }
    if (column.type == column_type::year && v->text == "0000") return expected == "1900";  // it adds 1900 blindly
    return expected == v->text;
  }
  return printed == to_display(value);  // decimals, timestamps, enums, bits
}

std::size_t check_against_oracle(const std::vector<event>& events, const std::vector<oracle_row>& oracle) {
  std::size_t next = 0;
  const auto compare_image = [](const std::vector<cell>& image, const std::vector<bool>& present,
                                const table_map_event& table, const std::vector<std::pair<int, std::string>>& expected) {
    std::size_t k = 0;
    for (std::size_t i = 0; i < image.size(); ++i) {
      if (!present[i]) continue;
      INFO("column @" << i + 1 << " (" << column_type_name(table.columns[i].type) << ")");
      REQUIRE(k < expected.size());
      CHECK(expected[k].first == static_cast<int>(i + 1));
      CHECK_MESSAGE(cell_matches(image[i], table.columns[i], expected[k].second),
                    "decoded " << to_display(image[i]) << ", mysqlbinlog printed " << expected[k].second);
      ++k;
    }
    CHECK(k == expected.size());
  };
  for (const auto& ev : events) {
    const auto* rows = std::get_if<rows_event>(&ev.body);
    if (rows == nullptr) continue;
    for (const auto& row : rows->rows) {
      INFO("oracle row " << next + 1 << " at end_log_pos " << ev.header.next_pos);
      REQUIRE(next < oracle.size());
      const oracle_row& want = oracle[next++];
      const char* verb = rows->kind == rows_kind::write ? "INSERT INTO" : rows->kind == rows_kind::update ? "UPDATE" : "DELETE FROM";
      CHECK(want.verb == verb);
      CHECK(want.table == rows->table->schema + "." + rows->table->table);
      if (rows->kind != rows_kind::write) compare_image(row.before, rows->before_columns, *rows->table, want.where);
      if (rows->kind != rows_kind::delete_) compare_image(row.after, rows->after_columns, *rows->table, want.set);
    }
  }
  CHECK(next == oracle.size());
  return next;
}

}  // namespace sluice::protocol::test
