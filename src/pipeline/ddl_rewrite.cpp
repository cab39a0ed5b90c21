#include "pipeline/ddl_rewrite.hpp"

#include <algorithm>
#include <numeric>

namespace sluice::pipeline {

namespace {

std::string slice(const std::string& text, std::size_t begin, std::size_t end) {
  return end > begin ? text.substr(begin, end - begin) : std::string();
}

// "`db`.`t`", or just "`t`" when the schema is unknown.
std::string qualified(const table_name& t) {
  return t.schema.empty() ? quote_identifier(t.table) : t.quoted();
}

std::vector<ddl_statement> reparse(const ddl_statement& ddl, const std::vector<std::string>& texts) {
  std::vector<ddl_statement> out;
  out.reserve(texts.size());
  for (const auto& text : texts)
    out.push_back(parse_ddl(ddl.current_schema, text, ddl.lexing));
  return out;
}

}  // namespace

tl::expected<std::string, std::string> rewrite_ddl(const ddl_statement& ddl, const name_router& route) {
  std::vector<std::size_t> order(ddl.names.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return ddl.names[a].begin < ddl.names[b].begin; });
  std::string out;
  out.reserve(ddl.query.size() + 32 * ddl.names.size());
  std::size_t copied = 0;
  for (auto i : order) {
    const auto& ref = ddl.names[i];
    auto target = route(ref.name);
    if (!target)
      return tl::unexpected(std::move(target.error()));
    const bool database = ref.name.table.empty();
    std::string replacement = database ? quote_identifier(target->schema) : qualified(*target);
    if (ref.begin == ref.end)
      replacement.insert(0, " ");
    out.append(ddl.query, copied, ref.begin - copied);
    out += replacement;
    copied = ref.end;
  }
  out.append(ddl.query, copied, std::string::npos);
  return out;
}

std::vector<ddl_statement> split_tables(const ddl_statement& ddl) {
  const auto& q = ddl.query;
  const auto& names = ddl.names;
  std::size_t per_piece = 0;
  if (ddl.kind == ddl_kind::drop_table)
    per_piece = 1;
  else if (ddl.kind == ddl_kind::rename_table)
    per_piece = 2;
  if (per_piece == 0 || names.size() <= per_piece || names.size() % per_piece != 0)
    return {ddl};
  const std::string prefix = slice(q, 0, names.front().begin);
  const std::string suffix = slice(q, names.back().end, q.size());
  std::vector<std::string> texts;
  for (std::size_t i = 0; i < names.size(); i += per_piece)
    texts.push_back(prefix + slice(q, names[i].begin, names[i + per_piece - 1].end) + suffix);
  return reparse(ddl, texts);
}

std::vector<ddl_statement> split_alter(const ddl_statement& ddl) {
  if (ddl.kind != ddl_kind::alter_table || ddl.changes.size() <= 1 || ddl.names.empty())
    return {ddl};
  const auto& q = ddl.query;
  const auto& table = ddl.names.front();
  const std::string before_name = slice(q, 0, table.begin);
  const std::string before_changes = slice(q, table.end, ddl.changes_begin);
  const std::string suffix = slice(q, ddl.changes_end, q.size());
  std::string name_text = slice(q, table.begin, table.end);
  std::vector<std::string> texts;
  for (const auto& change : ddl.changes) {
    texts.push_back(before_name + name_text + before_changes + change.text + suffix);
    if (change.renamed_to)
      name_text = qualified(*change.renamed_to);
  }
  return reparse(ddl, texts);
}

}  // namespace sluice::pipeline
