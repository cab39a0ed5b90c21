#include "http/openapi_input.hpp"

#include <algorithm>
#include <map>

namespace sluice::http {

using json = nlohmann::ordered_json;
using input = nlohmann::json;

namespace {

tl::unexpected<std::string> fail(std::string message) { return tl::unexpected(std::move(message)); }

// The member `key` of `obj` when it has `type`; nullptr when absent or null; an error otherwise.
tl::expected<const input*, std::string> member(const input& obj, const char* key, input::value_t type,
                                               const std::string& path) {
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null())
    return nullptr;
  const bool ok = it->type() == type || (type == input::value_t::number_integer && it->is_number_integer());
  if (!ok) {
    const char* expected = type == input::value_t::object  ? "an object"
                           : type == input::value_t::array ? "a list"
                           : type == input::value_t::string ? "a string"
                                                            : "an integer";
    return fail(path + "." + key + ": expected " + expected);
  }
  return &*it;
}

// Copies obj[from] to out[to] when present, as given (the YAML parser checks the value).
void copy(json& out, const char* to, const input& obj, const char* from) {
  if (auto it = obj.find(from); it != obj.end() && !it->is_null())
    out[to] = *it;
}

tl::expected<std::string, std::string> required_string(const input& obj, const char* key, const std::string& path) {
  auto value = member(obj, key, input::value_t::string, path);
  if (!value)
    return fail(value.error());
  if (*value == nullptr || (*value)->get_ref<const std::string&>().empty())
    return fail(path + "." + key + ": required");
  return (*value)->get<std::string>();
}

tl::expected<json, std::string> db_json(const input& db, const std::string& path) {
  json out = json::object();
  copy(out, "host", db, "host");
  copy(out, "port", db, "port");
  copy(out, "user", db, "user");
  copy(out, "password", db, "password");
  auto sec = member(db, "security", input::value_t::object, path);
  if (!sec)
    return fail(sec.error());
  if (*sec) {
    json tls = json::object();
    for (auto [to, from] : {std::pair{"ssl-ca-bytes", "ssl_ca_content"}, std::pair{"ssl-cert-bytes", "ssl_cert_content"},
                            std::pair{"ssl-key-bytes", "ssl_key_content"}, std::pair{"cert-allowed-cn", "cert_allowed_cn"}})
      copy(tls, to, **sec, from);
    out["security"] = std::move(tls);
  }
  return out;
}

// One migrate rule's filter: the named templates merged into one Ignore rule over its tables.
tl::expected<json, std::string> merged_filter(const input& names, const input* templates, const std::string& schema,
                                              const std::string& table, const std::string& path) {
  json events = json::array();
  json sql = json::array();
  for (const auto& name : names) {
    if (!name.is_string())
      return fail(path + ".binlog_filter_rule: expected a list of rule names");
    const auto& key = name.get_ref<const std::string&>();
    if (templates == nullptr || !templates->contains(key) || !(*templates)[key].is_object())
      return fail(path + ".binlog_filter_rule: filter rule name " + key + " not found in binlog_filter_rule");
    const input& t = (*templates)[key];
    for (auto [field, into] : {std::pair{"ignore_event", &events}, std::pair{"ignore_sql", &sql}}) {
      auto list = member(t, field, input::value_t::array, "binlog_filter_rule." + key);
      if (!list)
        return fail(list.error());
      if (*list)
        for (const auto& item : **list)
          into->push_back(json(item));
    }
  }
  json rule{{"schema-pattern", schema}};
  if (!table.empty())
    rule["table-pattern"] = table;
  rule["events"] = std::move(events);
  rule["sql-pattern"] = std::move(sql);
  rule["action"] = "Ignore";
  return rule;
}

}  // namespace

tl::expected<std::string, std::string> task_yaml_from_openapi(const input& task) {
  if (!task.is_object())
    return fail("task: expected an object");
  json doc = json::object();
  auto name = required_string(task, "name", "task");
  if (!name)
    return fail(name.error());
  doc["name"] = *name;
  copy(doc, "task-mode", task, "task_mode");
  copy(doc, "shard-mode", task, "shard_mode");
  copy(doc, "strict-optimistic-shard-mode", task, "strict_optimistic_shard_mode");
  copy(doc, "meta-schema", task, "meta_schema");
  copy(doc, "online-ddl", task, "enhance_online_schema_change");
  copy(doc, "ignore-checking-items", task, "ignore_checking_items");

  auto target = member(task, "target_config", input::value_t::object, "task");
  if (!target)
    return fail(target.error());
  if (*target == nullptr)
    return fail("task.target_config: required");
  auto target_db = db_json(**target, "task.target_config");
  if (!target_db)
    return fail(target_db.error());
  doc["target-database"] = std::move(*target_db);

  auto templates = member(task, "binlog_filter_rule", input::value_t::object, "task");
  auto rules = member(task, "table_migrate_rule", input::value_t::array, "task");
  auto sources = member(task, "source_config", input::value_t::object, "task");
  for (const auto* r : {&templates, &rules, &sources})
    if (!*r)
      return fail(r->error());
  if (*sources == nullptr)
    return fail("task.source_config: required");
  auto confs = member(**sources, "source_conf", input::value_t::array, "task.source_config");
  auto full = member(**sources, "full_migrate_conf", input::value_t::object, "task.source_config");
  auto incr = member(**sources, "incr_migrate_conf", input::value_t::object, "task.source_config");
  for (const auto* r : {&confs, &full, &incr})
    if (!*r)
      return fail(r->error());
  if (*confs == nullptr || (*confs)->empty())
    return fail("task.source_config.source_conf: must list at least one source");

  // DM silently drops a migrate rule of a source the task does not list; that is a typo worth an error.
  for (std::size_t j = 0; *rules && j < (*rules)->size(); ++j) {
    const input& rule = (**rules)[j];
    const input* from = rule.is_object() && rule.contains("source") ? &rule["source"] : nullptr;
    const input* name_of = from && from->is_object() && from->contains("source_name") ? &(*from)["source_name"] : nullptr;
    const bool listed = name_of && std::any_of((*confs)->begin(), (*confs)->end(), [&](const input& c) {
      return c.is_object() && c.contains("source_name") && c["source_name"] == *name_of;
    });
    if (!listed)
      return fail("task.table_migrate_rule[" + std::to_string(j) +
                  "].source.source_name: required, and must be one of source_config.source_conf");
  }

  json routes = json::object(), filters = json::object(), ba_lists = json::object(), instances = json::array();
  for (std::size_t i = 0; i < (*confs)->size(); ++i) {
    const input& conf = (**confs)[i];
    const std::string conf_path = "task.source_config.source_conf[" + std::to_string(i) + "]";
    if (!conf.is_object())
      return fail(conf_path + ": expected an object");
    auto source = required_string(conf, "source_name", conf_path);
    if (!source)
      return fail(source.error());
    json inst{{"source-id", *source}};
    if (conf.contains("binlog_name") || conf.contains("binlog_pos") || conf.contains("binlog_gtid")) {
      json meta = json::object();
      copy(meta, "binlog-name", conf, "binlog_name");
      copy(meta, "binlog-pos", conf, "binlog_pos");
      copy(meta, "binlog-gtid", conf, "binlog_gtid");
      inst["meta"] = std::move(meta);
    }
    json do_dbs = json::array(), do_tables = json::array(), route_names = json::array(), filter_names = json::array();
    for (std::size_t j = 0; *rules && j < (*rules)->size(); ++j) {
      const input& rule = (**rules)[j];
      const std::string rule_path = "task.table_migrate_rule[" + std::to_string(j) + "]";
      auto from = member(rule, "source", input::value_t::object, rule_path);
      if (!from || *from == nullptr)
        return fail(from ? rule_path + ".source: required" : from.error());
      auto rule_source = required_string(**from, "source_name", rule_path + ".source");
      if (!rule_source)
        return fail(rule_source.error());
      if (*rule_source != *source)
        continue;
      auto schema = required_string(**from, "schema", rule_path + ".source");
      if (!schema)
        return fail(schema.error());
      auto table_field = member(**from, "table", input::value_t::string, rule_path + ".source");
      if (!table_field)
        return fail(table_field.error());
      const std::string table = *table_field ? (*table_field)->get<std::string>() : "";
      auto to = member(rule, "target", input::value_t::object, rule_path);
      if (!to)
        return fail(to.error());
      if (*to && ((*to)->contains("schema") || (*to)->contains("table"))) {
        json route{{"schema-pattern", *schema}};
        if (!table.empty())
          route["table-pattern"] = table;
        copy(route, "target-schema", **to, "schema");
        copy(route, "target-table", **to, "table");
        const std::string route_name = *source + "-route-" + std::to_string(route_names.size());
        routes[route_name] = std::move(route);
        route_names.push_back(route_name);
      }
      auto names = member(rule, "binlog_filter_rule", input::value_t::array, rule_path);
      if (!names)
        return fail(names.error());
      if (*names && !(*names)->empty()) {
        auto filter = merged_filter(**names, *templates, *schema, table, rule_path);
        if (!filter)
          return fail(filter.error());
        const std::string filter_name = *source + "-filter-" + std::to_string(filter_names.size());
        filters[filter_name] = std::move(*filter);
        filter_names.push_back(filter_name);
      }
      if (!table.empty())
        do_tables.push_back({{"db-name", *schema}, {"tbl-name", table}});
      else if (std::find(do_dbs.begin(), do_dbs.end(), json(*schema)) == do_dbs.end())
        do_dbs.push_back(*schema);
    }
    if (!do_dbs.empty() || !do_tables.empty()) {
      const std::string ba_name = *source + "-ba-list";
      ba_lists[ba_name] = {{"do-dbs", do_dbs}, {"do-tables", do_tables}};
      inst["block-allow-list"] = ba_name;
    }
    inst["route-rules"] = std::move(route_names);
    inst["filter-rules"] = std::move(filter_names);

    json syncer = json::object(), mydumper = json::object(), loader = json::object();
    if (*incr) {
      copy(syncer, "worker-count", **incr, "repl_threads");
      copy(syncer, "batch", **incr, "repl_batch");
    }
    copy(loader, "on-duplicate-logical", task, "on_duplicate");
    if (*full) {
      copy(mydumper, "threads", **full, "export_threads");
      if (auto c = (*full)->find("consistency"); c != (*full)->end() && c->is_string())
        mydumper["extra-args"] = "--consistency " + c->get<std::string>();
      for (auto [to, from] : {std::pair{"pool-size", "import_threads"}, std::pair{"dir", "data_dir"},
                              std::pair{"import-mode", "import_mode"}, std::pair{"pd-addr", "pd_addr"},
                              std::pair{"on-duplicate-logical", "on_duplicate_logical"},
                              std::pair{"on-duplicate-physical", "on_duplicate_physical"},
                              std::pair{"sorting-dir-physical", "sorting_dir"},
                              std::pair{"disk-quota-physical", "disk_quota"},
                              std::pair{"checksum-physical", "checksum"}, std::pair{"analyze", "analyze"},
                              std::pair{"range-concurrency", "range_concurrency"},
                              std::pair{"compress-kv-pairs", "compress_kv_pairs"}})
        copy(loader, to, **full, from);
    }
    inst["syncer"] = std::move(syncer);
    inst["mydumper"] = std::move(mydumper);
    inst["loader"] = std::move(loader);
    instances.push_back(std::move(inst));
  }
  doc["block-allow-list"] = std::move(ba_lists);
  doc["routes"] = std::move(routes);
  doc["filters"] = std::move(filters);
  doc["mysql-instances"] = std::move(instances);
  return doc.dump(2);
}

tl::expected<std::string, std::string> source_yaml_from_openapi(const input& source) {
  if (!source.is_object())
    return fail("source: expected an object");
  auto name = required_string(source, "source_name", "source");
  if (!name)
    return fail(name.error());
  json doc{{"source-id", *name}, {"enable", source.value("enable", input(true))}};
  copy(doc, "enable-gtid", source, "enable_gtid");
  copy(doc, "flavor", source, "flavor");
  auto from = db_json(source, "source");
  if (!from)
    return fail(from.error());
  doc["from"] = std::move(*from);
  auto purge = member(source, "purge", input::value_t::object, "source");
  auto relay = member(source, "relay_config", input::value_t::object, "source");
  for (const auto* r : {&purge, &relay})
    if (!*r)
      return fail(r->error());
  if (*purge) {
    json p = json::object();
    copy(p, "interval", **purge, "interval");
    copy(p, "expires", **purge, "expires");
    copy(p, "remain-space", **purge, "remain_space");
    doc["purge"] = std::move(p);
  }
  if (*relay) {
    copy(doc, "enable-relay", **relay, "enable_relay");
    copy(doc, "relay-binlog-name", **relay, "relay_binlog_name");
    copy(doc, "relay-binlog-gtid", **relay, "relay_binlog_gtid");
    copy(doc, "relay-dir", **relay, "relay_dir");
  }
  return doc.dump(2);
}

}  // namespace sluice::http
