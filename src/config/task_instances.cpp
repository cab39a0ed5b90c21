// The `mysql-instances` half of task.yaml: each entry is read, its references to
// task-level rules are resolved, and afterwards every unreferenced rule is an error
// (DM's ErrConfigGlobalConfigsUnused).

#include <algorithm>
#include <limits>

#include "config/section_readers.hpp"
#include "config/task_sections.hpp"
#include "config/value_checks.hpp"
#include "pipeline/wildcard.hpp"

namespace sluice::config::detail {

bool named_section::defines(const std::string& name) const {
  return std::any_of(names.begin(), names.end(), [&](const auto& entry) { return entry.first == name; });
}

void named_section::count_use(const std::string& name) {
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (names[i].first == name)
      ++uses[i];
  }
}

namespace {

constexpr std::int64_t int_max = std::numeric_limits<std::int32_t>::max();

struct name_ref {
  std::string name;
  YAML::Mark mark;
  std::string path;
};

std::string quote(const std::string& name) { return "\"" + name + "\""; }

std::vector<name_ref> read_refs(map_reader& in, std::string_view key) {
  std::vector<name_ref> out;
  in.for_each_item(key, [&](std::size_t, const YAML::Node& node, const std::string& path) {
    if (auto name = to_string(in.context(), node, path))
      out.push_back({std::move(*name), node.Mark(), path});
  });
  return out;
}

// Every name must be defined in `section` and listed only once (DM's ErrConfigDuplicateCfgItem).
void resolve_refs(parse_context& ctx, const std::vector<name_ref>& refs, named_section& section,
                  std::vector<std::string>& out) {
  for (std::size_t i = 0; i < refs.size() && ctx.ok(); ++i) {
    const name_ref& ref = refs[i];
    if (!section.defines(ref.name)) {
      ctx.fail(ref.mark, ref.path + ": " + quote(ref.name) + " is not defined in " + section.key);
      return;
    }
    for (std::size_t j = 0; j < i; ++j) {
      if (refs[j].name == ref.name) {
        ctx.fail(ref.mark, ref.path + ": " + quote(ref.name) + " is listed twice");
        return;
      }
    }
    section.count_use(ref.name);
    out.push_back(ref.name);
  }
}

// Two rules of one instance with the same patterns would collide in DM's selector trie.
template <class Rule>
void check_distinct_patterns(parse_context& ctx, const std::vector<name_ref>& refs,
                             const std::map<std::string, Rule>& rules, bool case_sensitive, std::string_view section) {
  auto key_of = [&](const Rule& rule) {
    std::string key = rule.schema_pattern + '\n' + rule.table_pattern;
    return case_sensitive ? key : pipeline::ascii_lower(key);
  };
  for (std::size_t i = 0; i < refs.size() && ctx.ok(); ++i) {
    for (std::size_t j = 0; j < i; ++j) {
      if (key_of(rules.at(refs[i].name)) == key_of(rules.at(refs[j].name))) {
        ctx.fail(refs[i].mark, refs[i].path + ": " + std::string(section) + " " + quote(refs[i].name) +
                                   " has the same schema-pattern and table-pattern as " + quote(refs[j].name));
        return;
      }
    }
  }
}

// A processing-unit config: a named one, an inline one, or DM's defaults.
template <class Unit, class ReadUnit>
void resolve_unit(map_reader& in, std::string_view name_key, std::string_view inline_key, named_section& section,
                  const std::map<std::string, Unit>& named, ReadUnit read_unit, std::string& name, Unit& out) {
  parse_context& ctx = in.context();
  in.read(name_key, name);
  if (!name.empty() && in.has(inline_key)) {
    in.ignore(inline_key);
    ctx.fail(in.key_mark_of(inline_key), in.path() + ": set either " + std::string(name_key) + " or " +
                                             std::string(inline_key) + ", not both");
    return;
  }
  if (name.empty()) {
    map_reader inline_config = in.child(inline_key);
    read_unit(inline_config, out);
    inline_config.finish();
    return;
  }
  in.ignore(inline_key);  // written with no value
  if (!section.defines(name)) {
    ctx.fail(in.mark_of(name_key), in.path_of(name_key) + ": " + quote(name) + " is not defined in " + section.key);
    return;
  }
  section.count_use(name);
  out = named.at(name);
}

void read_meta(map_reader& in, mysql_instance& inst) {
  if (!in.has("meta")) {
    in.ignore("meta");
    return;
  }
  parse_context& ctx = in.context();
  map_reader meta = in.child("meta");
  binlog_meta m;
  meta.read("binlog-name", m.binlog_name);
  meta.read("binlog-pos", m.binlog_pos, 0, std::numeric_limits<std::uint32_t>::max());
  meta.read("binlog-gtid", m.binlog_gtid);
  meta.finish();
  if (!ctx.ok())
    return;
  if (m.binlog_name.empty() && m.binlog_gtid.empty())
    ctx.fail(meta.mark(), meta.path() + ": set binlog-name (and binlog-pos) or binlog-gtid");
  else if (!m.binlog_name.empty() && !is_binlog_file_name(m.binlog_name))
    ctx.fail(meta.mark_of("binlog-name"), meta.path_of("binlog-name") + ": expected a binlog file name such as "
                                                                        "\"mysql-bin.000001\", got " +
                                              quote(m.binlog_name));
  else if (!is_gtid_set(m.binlog_gtid))
    ctx.fail(meta.mark_of("binlog-gtid"), meta.path_of("binlog-gtid") + ": expected a GTID set such as "
                                                                        "\"<server-uuid>:1-100\" (MySQL) or \"0-1-100\" "
                                                                        "(MariaDB), got " +
                                              quote(m.binlog_gtid));
  inst.meta = std::move(m);
}

void read_instance(map_reader& in, task_sections& sections, const task_config& task, mysql_instance& inst) {
  parse_context& ctx = in.context();
  in.read_required("source-id", inst.source_id);
  read_meta(in, inst);

  // block-allow-list, or the legacy black-white-list when it is not set.
  std::string ba_name;
  std::string bw_name;
  in.read("block-allow-list", ba_name);
  in.read("black-white-list", bw_name);
  const std::string_view ba_key = ba_name.empty() ? "black-white-list" : "block-allow-list";
  inst.block_allow_list = ba_name.empty() ? bw_name : ba_name;

  const auto routes = read_refs(in, "route-rules");
  const auto filters = read_refs(in, "filter-rules");
  const auto expressions = read_refs(in, "expression-filters");
  const auto column_mappings = read_refs(in, "column-mapping-rules");  // deprecated, no effect

  resolve_unit(in, "syncer-config-name", "syncer", sections.syncers, task.syncers, read_syncer_config,
               inst.syncer_config_name, inst.syncer);
  resolve_unit(in, "mydumper-config-name", "mydumper", sections.mydumpers, task.mydumpers, read_mydumper_config,
               inst.mydumper_config_name, inst.mydumper);
  resolve_unit(in, "loader-config-name", "loader", sections.loaders, task.loaders, read_loader_config,
               inst.loader_config_name, inst.loader);
  int threads = 0;  // *-thread keys override the unit's worker count
  in.read("syncer-thread", threads, 0, int_max);
  if (threads > 0)
    inst.syncer.worker_count = threads;
  threads = 0;
  in.read("mydumper-thread", threads, 0, int_max);
  if (threads > 0)
    inst.mydumper.threads = threads;
  threads = 0;
  in.read("loader-thread", threads, 0, int_max);
  if (threads > 0)
    inst.loader.pool_size = threads;
  in.read("validator-config-name", inst.validator_config_name);
  in.finish();
  if (!ctx.ok())
    return;

  if (!inst.block_allow_list.empty()) {
    if (!sections.block_allow_list.defines(inst.block_allow_list)) {
      ctx.fail(in.mark_of(ba_key), in.path_of(ba_key) + ": " + quote(inst.block_allow_list) + " is not defined in " +
                                       sections.block_allow_list.key);
      return;
    }
    sections.block_allow_list.count_use(inst.block_allow_list);
    inst.ba_rule = task.block_allow_list.at(inst.block_allow_list);
  }
  resolve_refs(ctx, routes, sections.routes, inst.route_rules);
  check_distinct_patterns(ctx, routes, task.routes, task.case_sensitive, "route");
  resolve_refs(ctx, filters, sections.filters, inst.filter_rules);
  check_distinct_patterns(ctx, filters, task.filters, task.case_sensitive, "filter");
  resolve_refs(ctx, expressions, sections.expression_filters, inst.expression_filters);
  for (std::size_t i = 0; i < column_mappings.size() && ctx.ok(); ++i) {
    for (std::size_t j = 0; j < i; ++j) {
      if (column_mappings[j].name == column_mappings[i].name)
        ctx.fail(column_mappings[i].mark, column_mappings[i].path + ": " + quote(column_mappings[i].name) +
                                              " is listed twice");
    }
  }
  if (!inst.validator_config_name.empty() && ctx.ok()) {
    if (!sections.validators.defines(inst.validator_config_name)) {
      ctx.fail(in.mark_of("validator-config-name"), in.path_of("validator-config-name") + ": " +
                                                        quote(inst.validator_config_name) + " is not defined in " +
                                                        sections.validators.key);
      return;
    }
    sections.validators.count_use(inst.validator_config_name);
    inst.validator = task.validators.at(inst.validator_config_name);
  }
}

}  // namespace

void read_instances(parse_context& ctx, const YAML::Node& node, const YAML::Mark& key_mark, task_sections& sections,
                    task_config& task) {
  if (!node.IsSequence()) {
    ctx.fail(node.Mark(), "mysql-instances: expected a list, got " + describe(node, "mysql-instances"));
    return;
  }
  if (node.size() == 0) {
    ctx.fail(key_mark, "mysql-instances: must list at least one source");
    return;
  }
  for (std::size_t i = 0; i < node.size() && ctx.ok(); ++i) {
    const std::string path = index_path("mysql-instances", i);
    map_reader in(ctx, node[i], path);
    mysql_instance inst;
    read_instance(in, sections, task, inst);
    if (!ctx.ok())
      return;
    for (std::size_t j = 0; j < task.mysql_instances.size(); ++j) {
      if (task.mysql_instances[j].source_id == inst.source_id) {
        ctx.fail(in.mark_of("source-id"), in.path_of("source-id") + ": " + quote(inst.source_id) +
                                              " is already used by " + index_path("mysql-instances", j));
        return;
      }
    }
    task.mysql_instances.push_back(std::move(inst));
  }

  // DM's ErrConfigGlobalConfigsUnused, checked in DM's order of sections.
  for (const named_section* section : {&sections.routes, &sections.filters, &sections.mydumpers, &sections.loaders,
                                       &sections.syncers, &sections.expression_filters, &sections.validators}) {
    for (std::size_t i = 0; i < section->names.size(); ++i) {
      if (section->uses[i] == 0) {
        ctx.fail(section->names[i].second, section->key + "." + section->names[i].first +
                                               ": defined but not used by any mysql-instances entry "
                                               "(reference it or remove it)");
        return;
      }
    }
  }
}

}  // namespace sluice::config::detail
