#include "db/schema_loader.hpp"

#include <map>

namespace sluice::db {

tl::expected<std::optional<pipeline::table_schema>, db_error> load_table_schema(connection& conn,
                                                                               const pipeline::table_name& name) {
  const std::string where = " WHERE TABLE_SCHEMA = " + conn.quote(name.schema) +
                            " AND TABLE_NAME = " + conn.quote(name.table);
  auto cols = conn.query("SELECT COLUMN_NAME, IS_NULLABLE, EXTRA, COLUMN_TYPE FROM information_schema.COLUMNS" + where +
                         " ORDER BY ORDINAL_POSITION");
  if (!cols)
    return tl::unexpected(cols.error());
  if (cols->empty())
    return std::optional<pipeline::table_schema>{};
  pipeline::table_schema schema;
  schema.name = name;
  std::map<std::string, std::size_t> position;
  for (const auto& r : *cols) {
    pipeline::column_info c;
    c.name = r[0].value_or("");
    c.nullable = r[1].value_or("YES") == "YES";
    auto extra = r[2].value_or("");
    c.generated = extra.find("GENERATED") != std::string::npos;
    c.is_unsigned = r[3].value_or("").find("unsigned") != std::string::npos;
    position[c.name] = schema.columns.size();
    schema.columns.push_back(std::move(c));
  }
  auto keys = conn.query("SELECT INDEX_NAME, COLUMN_NAME FROM information_schema.STATISTICS" + where +
                         " AND NON_UNIQUE = 0 ORDER BY INDEX_NAME = 'PRIMARY' DESC, INDEX_NAME, SEQ_IN_INDEX");
  if (!keys)
    return tl::unexpected(keys.error());
  std::string current;
  for (const auto& r : *keys) {
    auto index = r[0].value_or("");
    auto it = position.find(r[1].value_or(""));
    if (it == position.end())
      continue;
    if (schema.unique_keys.empty() || index != current) {
      schema.unique_keys.emplace_back();
      current = index;
      if (index == "PRIMARY" && schema.unique_keys.size() == 1)
        schema.has_primary_key = true;
    }
    schema.unique_keys.back().push_back(it->second);
  }
  return std::optional<pipeline::table_schema>{std::move(schema)};
}

}  // namespace sluice::db
