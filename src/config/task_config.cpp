#include "config/task_config.hpp"

#include <algorithm>
#include <iterator>

#include "config/load_yaml.hpp"
#include "config/section_readers.hpp"
#include "config/task_sections.hpp"
#include "config/value_checks.hpp"
#include "pipeline/wildcard.hpp"

namespace sluice::config {

namespace {

using detail::map_reader;
using detail::named_section;

// dm/config/checking_item.go AllCheckingItems.
constexpr std::string_view checking_items[] = {
    "all", "dump_privilege", "replication_privilege", "version", "server_id", "binlog_enable", "binlog_format",
    "binlog_row_image", "table_schema", "schema_of_shard_tables", "auto_increment_ID", "online_ddl", "binlog_db",
    "meta_position", "conn_number", "target_privilege", "empty_region", "region_distribution", "downstream_version",
    "free_space", "downstream_mutex_features"};

// Reads every `<section>.<name>` mapping with `read_one`, remembering where each name is.
template <class Rule, class ReadOne>
void read_section(map_reader& root, named_section& section, std::map<std::string, Rule>& out, ReadOne read_one) {
  root.for_each_named(section.key, [&](const std::string& name, const YAML::Node& value, const YAML::Mark& name_mark,
                                       const std::string& path) {
    map_reader in(root.context(), value, path);
    Rule rule;
    read_one(in, rule);
    in.finish();
    out.emplace(name, std::move(rule));
    section.names.emplace_back(name, name_mark);
    section.uses.push_back(0);
  });
}

void check_one_of(map_reader& in, std::string_view key, const std::string& value,
                  std::initializer_list<std::string_view> allowed, std::string_view expected) {
  if (!in.context().ok() || std::find(allowed.begin(), allowed.end(), value) != allowed.end())
    return;
  in.context().fail(in.mark_of(key), in.path_of(key) + ": expected " + std::string(expected) + ", got \"" + value + "\"");
}

void read_modes(map_reader& in, task_config& out) {
  detail::parse_context& ctx = in.context();
  in.read_required("name", out.name);
  in.read_required("task-mode", out.task_mode);
  // "load&sync" is DM-internal but accepted by its parser, so it is accepted here too.
  check_one_of(in, "task-mode", out.task_mode, {"full", "incremental", "all", "dump", "load", "load&sync"},
               "one of full, incremental, all, dump or load");

  bool is_sharding = false;
  in.read("is-sharding", is_sharding);
  in.read("shard-mode", out.shard_mode);
  check_one_of(in, "shard-mode", out.shard_mode, {"", "pessimistic", "optimistic"}, "pessimistic or optimistic");
  if (out.shard_mode.empty() && is_sharding)
    out.shard_mode = "pessimistic";  // DM's meaning of the deprecated is-sharding
  in.read("strict-optimistic-shard-mode", out.strict_optimistic_shard_mode);
  if (ctx.ok() && out.strict_optimistic_shard_mode && out.shard_mode != "optimistic")
    ctx.fail(in.mark_of("strict-optimistic-shard-mode"), "strict-optimistic-shard-mode: only allowed with "
                                                         "shard-mode: optimistic");

  in.read("meta-schema", out.meta_schema);
  if (out.meta_schema.empty())
    out.meta_schema = "dm_meta";
  in.read("timezone", out.timezone);
  if (ctx.ok() && !out.timezone.empty() && !detail::is_time_zone(out.timezone))
    ctx.fail(in.mark_of("timezone"), "timezone: expected a time zone such as \"UTC\", \"Asia/Shanghai\" or "
                                     "\"+08:00\", got \"" + out.timezone + "\"");
  in.read("case-sensitive", out.case_sensitive);
  in.read("collation_compatible", out.collation_compatible);
  if (out.collation_compatible.empty())
    out.collation_compatible = "loose";
  check_one_of(in, "collation_compatible", out.collation_compatible, {"loose", "strict"}, "loose or strict");
}

void read_online_ddl(map_reader& in, task_config& out) {
  in.read("online-ddl", out.online_ddl);
  std::string scheme;  // deprecated: "pt" or "gh-ost" switches online-ddl on
  in.read("online-ddl-scheme", scheme);
  check_one_of(in, "online-ddl-scheme", scheme, {"", "pt", "gh-ost"}, "pt or gh-ost");
  if (!scheme.empty())
    out.online_ddl = true;
  // Empty or absent rule lists keep DM's defaults (gh-ost and pt-osc table names).
  for (auto [key, rules] : {std::pair{"shadow-table-rules", &out.shadow_table_rules},
                            std::pair{"trash-table-rules", &out.trash_table_rules}}) {
    std::vector<std::string> given;
    in.for_each_item(key, [&](std::size_t, const YAML::Node& node, const std::string& path) {
      auto text = detail::to_string(in.context(), node, path);
      if (!text)
        return;
      if (auto re = pipeline::compile_go_regex(*text, false); !re)
        in.context().fail(node.Mark(), path + ": invalid regular expression \"" + *text + "\": " + re.error());
      given.push_back(std::move(*text));
    });
    if (!given.empty())
      *rules = std::move(given);
  }
}

void read_misc(map_reader& in, task_config& out) {
  in.read("clean-dump-file", out.clean_dump_file);
  in.for_each_item("ignore-checking-items", [&](std::size_t, const YAML::Node& node, const std::string& path) {
    auto item = detail::to_string(in.context(), node, path);
    if (!item)
      return;
    if (std::find(std::begin(checking_items), std::end(checking_items), *item) == std::end(checking_items))
      in.context().fail(node.Mark(), path + ": unknown checking item \"" + *item +
                                         "\" (expected e.g. all, version, binlog_enable, binlog_format, meta_position)");
    out.ignore_checking_items.push_back(std::move(*item));
  });

  map_reader experimental = in.child("experimental");
  experimental.read("async-checkpoint-flush", out.async_checkpoint_flush);
  experimental.finish();

  map_reader conversion = in.child("mariadb2tidb");
  conversion.read_choice("mode", out.mariadb2tidb.mode, {"auto", "on", "off"});
  conversion.read("enabled-rules", out.mariadb2tidb.enabled_rules);
  conversion.read("disabled-rules", out.mariadb2tidb.disabled_rules);
  conversion.read("strict-mode", out.mariadb2tidb.strict_mode);
  conversion.finish();

  // Deprecated in DM and without effect; type-checked as DM decodes them.
  bool flag = false;
  int interval = 0;
  in.read("enable-heartbeat", flag);
  in.read("heartbeat-update-interval", interval, 0, std::numeric_limits<std::int32_t>::max());
  in.read("heartbeat-report-interval", interval, 0, std::numeric_limits<std::int32_t>::max());
  in.read("ansi-quotes", flag);
  in.read("remove-meta", flag);
}

void read_rule_sections(map_reader& in, detail::task_sections& sections, task_config& out) {
  const bool cs = out.case_sensitive;
  read_section(in, sections.block_allow_list, out.block_allow_list,
               [cs](map_reader& r, pipeline::block_allow_rule& rule) { detail::read_block_allow_rule(r, cs, rule); });
  // The legacy black-white-list is used only when block-allow-list is empty (DM's rule).
  named_section legacy{"black-white-list", {}, {}};
  std::map<std::string, pipeline::block_allow_rule> legacy_rules;
  read_section(in, legacy, legacy_rules,
               [cs](map_reader& r, pipeline::block_allow_rule& rule) { detail::read_block_allow_rule(r, cs, rule); });
  if (!out.block_allow_list.empty() && !legacy_rules.empty()) {
    // DM would silently ignore black-white-list here; a rule the user wrote is never ignored silently.
    in.context().fail(in.mark_of("black-white-list"),
                      "black-white-list: set either block-allow-list or the legacy black-white-list, not both "
                      "(DM would ignore black-white-list; move its rules into block-allow-list)");
    return;
  }
  if (out.block_allow_list.empty() && !legacy_rules.empty()) {
    out.block_allow_list = std::move(legacy_rules);
    sections.block_allow_list = std::move(legacy);
  }

  read_section(in, sections.routes, out.routes, detail::read_route_rule);
  read_section(in, sections.filters, out.filters, detail::read_event_filter_rule);
  read_section(in, sections.expression_filters, out.expression_filters, detail::read_expression_filter);
  read_section(in, sections.mydumpers, out.mydumpers, detail::read_mydumper_config);
  read_section(in, sections.loaders, out.loaders, detail::read_loader_config);
  read_section(in, sections.syncers, out.syncers, detail::read_syncer_config);
  read_section(in, sections.validators, out.validators, detail::read_validator_config);

  // DM rejects a non-empty column-mappings (ErrConfigColumnMappingDeprecated).
  const YAML::Node mappings = in.take_node("column-mappings");
  if (mappings.IsDefined() && !mappings.IsNull() && !(mappings.IsMap() && mappings.size() == 0))
    in.context().fail(in.mark_of("column-mappings"), "column-mappings: column mapping is no longer supported "
                                                     "(DM removed it); remove this section");
}

void read_task(map_reader& in, task_config& out) {
  read_modes(in, out);
  read_online_ddl(in, out);
  read_misc(in, out);

  const bool has_target = in.has("target-database");
  map_reader target = in.child("target-database");
  detail::read_db_config(target, out.target_database);
  target.finish();

  detail::task_sections sections;
  read_rule_sections(in, sections, out);

  const YAML::Mark instances_mark = in.key_mark_of("mysql-instances");
  const bool has_instances = in.has("mysql-instances");
  const YAML::Node instances = in.take_node("mysql-instances");
  in.finish();  // unknown top-level keys are reported before any reference problem

  detail::parse_context& ctx = in.context();
  if (!ctx.ok())
    return;
  if (!has_target) {
    ctx.fail(in.mark(), "missing required key \"target-database\"");
    return;
  }
  if (!has_instances) {
    ctx.fail(in.contains("mysql-instances") ? instances_mark : in.mark(),
             "missing required key \"mysql-instances\" (at least one source)");
    return;
  }
  detail::read_instances(ctx, instances, instances_mark, sections, out);
}

}  // namespace

tl::expected<task_config, config_error> parse_task_config(std::string_view yaml_text, std::string_view file_name) {
  detail::parse_context ctx(file_name);
  task_config out;
  detail::with_document(ctx, yaml_text, [&](const YAML::Node& root) {
    map_reader in(ctx, root, "");
    read_task(in, out);
  });
  if (!ctx.ok())
    return tl::unexpected(ctx.error());
  return out;
}

tl::expected<task_config, config_error> load_task_config(const std::filesystem::path& path) {
  auto text = detail::read_text_file(path);
  if (!text)
    return tl::unexpected(text.error());
  return parse_task_config(*text, path.string());
}

}  // namespace sluice::config
