#include "http/openapi_json.hpp"

#include <charconv>
#include <set>
#include <tuple>

#include "http/config_json.hpp"

namespace sluice::http {

using json = nlohmann::ordered_json;

namespace {

// DM's Security as returned to users: certificate contents are never sent back.
json security_json(const config::tls_config& tls) {
  return {{"ssl_ca_content", ""},
          {"ssl_cert_content", ""},
          {"ssl_key_content", ""},
          {"cert_allowed_cn", tls.cert_allowed_cn}};
}

json target_json(const config::db_config& db) {
  json out{{"host", db.host},
           {"port", db.port},
           {"user", db.user},
           {"password", db.password.empty() ? "" : masked_secret}};
  if (db.security.enabled() || !db.security.cert_allowed_cn.empty())
    out["security"] = security_json(db.security);
  return out;
}

bool is_ignore_rule(const config::task_config& task, const std::string& name) {
  auto it = task.filters.find(name);
  return it != task.filters.end() && it->second.action == config::filter_action::ignore;
}

json binlog_filter_rules(const config::task_config& task) {
  json out = json::object();
  for (const auto& inst : task.mysql_instances)
    for (const auto& name : inst.filter_rules) {
      if (!is_ignore_rule(task, name))
        continue;
      const auto& rule = task.filters.at(name);
      json r = json::object();
      if (!rule.events.empty())
        r["ignore_event"] = rule.events;
      if (!rule.sql_patterns.empty())
        r["ignore_sql"] = rule.sql_patterns;
      out[name] = std::move(r);
    }
  return out;
}

json table_migrate_rules(const config::task_config& task) {
  json out = json::array();
  std::set<std::tuple<std::string, std::string, std::string>> seen;
  for (const auto& inst : task.mysql_instances) {
    std::vector<std::string> filters;
    for (const auto& name : inst.filter_rules)
      if (is_ignore_rule(task, name))
        filters.push_back(name);
    auto add = [&](const std::string& schema, const std::string& table, const config::route_rule* route) {
      if (!seen.emplace(inst.source_id, schema, table).second)
        return;
      json rule{{"source", {{"source_name", inst.source_id}, {"schema", schema}, {"table", table}}}};
      if (route) {
        rule["target"] = {{"schema", route->target_schema}};
        if (!route->target_table.empty())
          rule["target"]["table"] = route->target_table;
      }
      if (!filters.empty())
        rule["binlog_filter_rule"] = filters;
      out.push_back(std::move(rule));
    };
    for (const auto& name : inst.route_rules) {
      const auto& route = task.routes.at(name);
      add(route.schema_pattern, route.table_pattern, &route);
    }
    for (const auto& db : inst.ba_rule.do_dbs)
      add(db, "", nullptr);
    for (const auto& t : inst.ba_rule.do_tables)
      add(t.db_name, t.tbl_name, nullptr);
  }
  return out;
}

json source_config_of(const config::task_config& task) {
  json confs = json::array();
  for (const auto& inst : task.mysql_instances) {
    json conf{{"source_name", inst.source_id}};
    if (inst.meta) {
      conf["binlog_name"] = inst.meta->binlog_name;
      conf["binlog_pos"] = inst.meta->binlog_pos;
      conf["binlog_gtid"] = inst.meta->binlog_gtid;
    }
    confs.push_back(std::move(conf));
  }
  json out = json::object();
  if (!task.mysql_instances.empty()) {
    const auto& first = task.mysql_instances.front();
    json full{{"export_threads", first.mydumper.threads},
              {"import_threads", first.loader.pool_size},
              {"data_dir", first.loader.dir}};
    constexpr std::string_view consistency_flag = "--consistency ";
    if (first.mydumper.extra_args.rfind(consistency_flag, 0) == 0)
      full["consistency"] = first.mydumper.extra_args.substr(consistency_flag.size());
    full["import_mode"] = first.loader.import_mode;
    if (first.loader.import_mode == "physical")
      full["pd_addr"] = first.loader.pd_addr;
    out["full_migrate_conf"] = std::move(full);
    out["incr_migrate_conf"] = {{"repl_threads", first.syncer.worker_count}, {"repl_batch", first.syncer.batch}};
  }
  out["source_conf"] = std::move(confs);
  return out;
}

// dmctl prints int64 fields as quoted strings; DM's OpenAPI wants numbers.
std::int64_t integer_of(const json& v) {
  if (v.is_number_integer())
    return v.get<std::int64_t>();
  if (!v.is_string())
    return 0;
  const auto& s = v.get_ref<const std::string&>();
  std::int64_t out = 0;
  std::from_chars(s.data(), s.data() + s.size(), out);
  return out;
}

std::string text_of(const json& obj, const char* key) {
  auto it = obj.find(key);
  return it != obj.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// DM's openapi_controller handleProcessError, one line per error.
std::string error_text(const json& result) {
  std::string out;
  if (!result.is_object() || !result.contains("errors"))
    return out;
  for (const auto& e : result["errors"]) {
    std::string line = "[code=" + std::to_string(integer_of(e.value("ErrCode", json(0)))) +
                       ":class=" + text_of(e, "ErrClass") + ":scope=" + text_of(e, "ErrScope") +
                       ":level=" + text_of(e, "ErrLevel") + "], Message: " + text_of(e, "Message");
    if (auto cause = text_of(e, "RawCause"); !cause.empty())
      line += ", RawCause: " + cause;
    if (auto workaround = text_of(e, "Workaround"); !workaround.empty())
      line += ", Workaround: " + workaround;
    out += line + ".\n";
  }
  return out;
}

json sync_status_json(const json& sync) {
  return {{"total_events", integer_of(sync.value("totalEvents", json()))},
          {"total_tps", integer_of(sync.value("totalTps", json()))},
          {"recent_tps", integer_of(sync.value("recentTps", json()))},
          {"master_binlog", text_of(sync, "masterBinlog")},
          {"master_binlog_gtid", text_of(sync, "masterBinlogGtid")},
          {"syncer_binlog", text_of(sync, "syncerBinlog")},
          {"syncer_binlog_gtid", text_of(sync, "syncerBinlogGtid")},
          {"blocking_ddls", sync.value("blockingDDLs", json::array())},
          {"unresolved_groups", json::array()},
          {"synced", sync.value("synced", false)},
          {"binlog_type", text_of(sync, "binlogType")},
          {"seconds_behind_master", integer_of(sync.value("secondsBehindMaster", json()))}};
}

}  // namespace

json openapi_task_json(const config::task_config& task) {
  json out{{"name", task.name}, {"task_mode", task.task_mode}};
  if (!task.shard_mode.empty())
    out["shard_mode"] = task.shard_mode;
  out["strict_optimistic_shard_mode"] = task.strict_optimistic_shard_mode;
  out["meta_schema"] = task.meta_schema;
  out["enhance_online_schema_change"] = task.online_ddl;
  out["on_duplicate"] =
      task.mysql_instances.empty() ? std::string("replace") : task.mysql_instances.front().loader.on_duplicate_logical;
  out["target_config"] = target_json(task.target_database);
  if (json filters = binlog_filter_rules(task); !filters.empty())
    out["binlog_filter_rule"] = std::move(filters);
  out["table_migrate_rule"] = table_migrate_rules(task);
  out["source_config"] = source_config_of(task);
  if (!task.ignore_checking_items.empty())
    out["ignore_checking_items"] = task.ignore_checking_items;
  out["task_config"] = task_config_json(task, true);
  return out;
}

json openapi_source_json(const config::source_config& source) {
  json out{{"source_name", source.source_id},
           {"host", source.from.host},
           {"port", source.from.port},
           {"user", source.from.user},
           {"password", masked_secret},
           {"enable_gtid", source.enable_gtid},
           {"enable", source.enable}};
  if (!source.flavor.empty())
    out["flavor"] = source.flavor;
  if (source.from.security.enabled() || !source.from.security.cert_allowed_cn.empty())
    out["security"] = security_json(source.from.security);
  out["purge"] = {{"interval", source.purge.interval},
                  {"expires", source.purge.expires},
                  {"remain_space", source.purge.remain_space}};
  out["relay_config"] = {{"enable_relay", source.enable_relay},
                         {"relay_binlog_name", source.relay_binlog_name},
                         {"relay_binlog_gtid", source.relay_binlog_gtid},
                         {"relay_dir", source.relay_dir}};
  out["source_config"] = source_config_json(source, true);
  return out;
}

json openapi_subtask_statuses(const json& query_status) {
  json out = json::array();
  if (!query_status.contains("sources"))
    return out;
  for (const auto& src : query_status["sources"]) {
    const json& source_status = src.value("sourceStatus", json::object());
    for (const auto& sub : src.value("subTaskStatus", json::array())) {
      json s{{"name", text_of(sub, "name")},
             {"source_name", text_of(source_status, "source")},
             {"worker_name", text_of(source_status, "worker")},
             {"stage", text_of(sub, "stage")},
             {"unit", text_of(sub, "unit")},
             {"unresolved_ddl_lock_id", text_of(sub, "unresolvedDDLLockID")}};
      if (auto it = sub.find("sync"); it != sub.end() && it->is_object())
        s["sync_status"] = sync_status_json(*it);
      if (auto errors = error_text(sub.value("result", json())); !errors.empty())
        s["error_msg"] = errors;
      out.push_back(std::move(s));
    }
  }
  return out;
}

}  // namespace sluice::http
