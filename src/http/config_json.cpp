#include "http/config_json.hpp"

#include "config/duration.hpp"

namespace sluice::http {

using json = nlohmann::ordered_json;

namespace {

std::string secret(const std::string& value, bool mask) {
  return mask && !value.empty() ? std::string(masked_secret) : value;
}

void put_if_set(json& out, const char* key, const std::string& value) {
  if (!value.empty())
    out[key] = value;
}

const char* action_name(config::filter_action a) {
  switch (a) {
    case config::filter_action::ignore:
      return "Ignore";
    case config::filter_action::error:
      return "Error";
    case config::filter_action::do_:
      break;
  }
  return "Do";
}

json filter_rule_json(const config::event_filter_rule& rule) {
  json out{{"schema-pattern", rule.schema_pattern}};
  put_if_set(out, "table-pattern", rule.table_pattern);
  out["events"] = rule.events;
  out["sql-pattern"] = rule.sql_patterns;
  out["action"] = action_name(rule.action);
  return out;
}

json table_patterns_json(const std::vector<pipeline::table_pattern>& tables) {
  json out = json::array();
  for (const auto& t : tables)
    out.push_back({{"db-name", t.db_name}, {"tbl-name", t.tbl_name}});
  return out;
}

json block_allow_json(const pipeline::block_allow_rule& rule) {
  return {{"do-dbs", rule.do_dbs},
          {"ignore-dbs", rule.ignore_dbs},
          {"do-tables", table_patterns_json(rule.do_tables)},
          {"ignore-tables", table_patterns_json(rule.ignore_tables)}};
}

json route_json(const config::route_rule& rule) {
  json out{{"schema-pattern", rule.schema_pattern}};
  put_if_set(out, "table-pattern", rule.table_pattern);
  out["target-schema"] = rule.target_schema;
  put_if_set(out, "target-table", rule.target_table);
  const std::tuple<const char*, const char*, const std::optional<config::route_extractor>*> extractors[] = {
      {"extract-table", "table-regexp", &rule.extract_table},
      {"extract-schema", "schema-regexp", &rule.extract_schema},
      {"extract-source", "source-regexp", &rule.extract_source}};
  for (const auto& [key, regexp_key, extractor] : extractors)
    if (*extractor)
      out[key] = {{regexp_key, (*extractor)->regexp}, {"target-column", (*extractor)->target_column}};
  return out;
}

json expression_json(const config::expression_filter_rule& rule) {
  json out{{"schema", rule.schema}, {"table", rule.table}};
  put_if_set(out, "insert-value-expr", rule.insert_value_expr);
  put_if_set(out, "update-old-value-expr", rule.update_old_value_expr);
  put_if_set(out, "update-new-value-expr", rule.update_new_value_expr);
  put_if_set(out, "delete-value-expr", rule.delete_value_expr);
  return out;
}

json syncer_json(const config::syncer_config& s) {
  return {{"worker-count", s.worker_count},
          {"batch", s.batch},
          {"queue-size", s.queue_size},
          {"checkpoint-flush-interval", s.checkpoint_flush_interval},
          {"compact", s.compact},
          {"multiple-rows", s.multiple_rows},
          {"safe-mode", s.safe_mode},
          {"safe-mode-duration", config::format_go_duration(s.safe_mode_duration)}};
}

json mydumper_json(const config::mydumper_config& m) {
  return {{"mydumper-path", m.mydumper_path}, {"threads", m.threads},         {"chunk-filesize", m.chunk_filesize},
          {"statement-size", m.statement_size}, {"rows", m.rows},           {"where", m.where},
          {"skip-tz-utc", m.skip_tz_utc},       {"extra-args", m.extra_args}};
}

json loader_json(const config::loader_config& l) {
  return {{"pool-size", l.pool_size},
          {"dir", l.dir},
          {"import-mode", l.import_mode},
          {"on-duplicate-logical", l.on_duplicate_logical},
          {"on-duplicate-physical", l.on_duplicate_physical},
          {"checksum-physical", l.checksum_physical},
          {"analyze", l.analyze},
          {"sorting-dir-physical", l.sorting_dir_physical},
          {"disk-quota-physical", l.disk_quota_physical},
          {"range-concurrency", l.range_concurrency},
          {"compress-kv-pairs", l.compress_kv_pairs},
          {"pd-addr", l.pd_addr}};
}

json validator_json(const config::validator_config& v) {
  return {{"mode", v.mode},
          {"worker-count", v.worker_count},
          {"validate-interval", config::format_go_duration(v.validate_interval)},
          {"check-interval", config::format_go_duration(v.check_interval)},
          {"row-error-delay", config::format_go_duration(v.row_error_delay)},
          {"meta-flush-interval", config::format_go_duration(v.meta_flush_interval)},
          {"batch-query-size", v.batch_query_size},
          {"max-pending-row-size", v.max_pending_row_size},
          {"max-pending-row-count", v.max_pending_row_count}};
}

template <class Rule, class ToJson>
json named_json(const std::map<std::string, Rule>& rules, ToJson to_json) {
  json out = json::object();
  for (const auto& [name, rule] : rules)
    out[name] = to_json(rule);
  return out;
}

// A unit config as the file gave it: by name (plus the *-thread override when it changed the
// count) or inline.
template <class Unit, class ToJson, class Count>
void unit_json(json& out, const std::string& name, const std::map<std::string, Unit>& named, const Unit& resolved,
               const char* name_key, const char* inline_key, const char* thread_key, ToJson to_json, Count count) {
  if (name.empty()) {
    out[inline_key] = to_json(resolved);
    return;
  }
  out[name_key] = name;
  if (auto it = named.find(name); it != named.end() && count(it->second) != count(resolved))
    out[thread_key] = count(resolved);
}

json instance_json(const config::task_config& task, const config::mysql_instance& inst) {
  json out{{"source-id", inst.source_id}};
  if (inst.meta)
    out["meta"] = {{"binlog-name", inst.meta->binlog_name},
                   {"binlog-pos", inst.meta->binlog_pos},
                   {"binlog-gtid", inst.meta->binlog_gtid}};
  put_if_set(out, "block-allow-list", inst.block_allow_list);
  out["route-rules"] = inst.route_rules;
  out["filter-rules"] = inst.filter_rules;
  out["expression-filters"] = inst.expression_filters;
  unit_json(out, inst.syncer_config_name, task.syncers, inst.syncer, "syncer-config-name", "syncer", "syncer-thread",
            syncer_json, [](const config::syncer_config& s) { return s.worker_count; });
  unit_json(out, inst.mydumper_config_name, task.mydumpers, inst.mydumper, "mydumper-config-name", "mydumper",
            "mydumper-thread", mydumper_json, [](const config::mydumper_config& m) { return m.threads; });
  unit_json(out, inst.loader_config_name, task.loaders, inst.loader, "loader-config-name", "loader", "loader-thread",
            loader_json, [](const config::loader_config& l) { return l.pool_size; });
  put_if_set(out, "validator-config-name", inst.validator_config_name);
  return out;
}

}  // namespace

json db_config_json(const config::db_config& db, bool mask_secrets) {
  json out{{"host", db.host}, {"port", db.port}, {"user", db.user}, {"password", secret(db.password, mask_secrets)}};
  out["session"] = json::object();
  for (const auto& [name, value] : db.session)
    out["session"][name] = value;
  const auto& tls = db.security;
  if (tls.enabled() || !tls.cert_allowed_cn.empty()) {
    json sec = json::object();
    put_if_set(sec, "ssl-ca", tls.ssl_ca);
    put_if_set(sec, "ssl-cert", tls.ssl_cert);
    put_if_set(sec, "ssl-key", tls.ssl_key);
    if (!tls.cert_allowed_cn.empty())
      sec["cert-allowed-cn"] = tls.cert_allowed_cn;
    put_if_set(sec, "ssl-ca-bytes", tls.ssl_ca_pem);
    put_if_set(sec, "ssl-cert-bytes", tls.ssl_cert_pem);
    put_if_set(sec, "ssl-key-bytes", secret(tls.ssl_key_pem, mask_secrets));
    out["security"] = std::move(sec);
  }
  return out;
}

json task_config_json(const config::task_config& task, bool mask_secrets) {
  json out{{"name", task.name},
           {"task-mode", task.task_mode},
           {"shard-mode", task.shard_mode},
           {"strict-optimistic-shard-mode", task.strict_optimistic_shard_mode},
           {"meta-schema", task.meta_schema},
           {"timezone", task.timezone},
           {"case-sensitive", task.case_sensitive},
           {"collation_compatible", task.collation_compatible},
           {"online-ddl", task.online_ddl},
           {"shadow-table-rules", task.shadow_table_rules},
           {"trash-table-rules", task.trash_table_rules},
           {"clean-dump-file", task.clean_dump_file},
           {"ignore-checking-items", task.ignore_checking_items},
           {"experimental", {{"async-checkpoint-flush", task.async_checkpoint_flush}}},
           {"mariadb2tidb",
            {{"mode", task.mariadb2tidb.mode},
             {"enabled-rules", task.mariadb2tidb.enabled_rules},
             {"disabled-rules", task.mariadb2tidb.disabled_rules},
             {"strict-mode", task.mariadb2tidb.strict_mode}}},
           {"target-database", db_config_json(task.target_database, mask_secrets)}};
  out["block-allow-list"] = named_json(task.block_allow_list, block_allow_json);
  out["routes"] = named_json(task.routes, route_json);
  out["filters"] = named_json(task.filters, filter_rule_json);
  out["expression-filter"] = named_json(task.expression_filters, expression_json);
  out["mydumpers"] = named_json(task.mydumpers, mydumper_json);
  out["loaders"] = named_json(task.loaders, loader_json);
  out["syncers"] = named_json(task.syncers, syncer_json);
  out["validators"] = named_json(task.validators, validator_json);
  json instances = json::array();
  for (const auto& inst : task.mysql_instances)
    instances.push_back(instance_json(task, inst));
  out["mysql-instances"] = std::move(instances);
  return out;
}

json source_config_json(const config::source_config& source, bool mask_secrets) {
  json out{{"source-id", source.source_id},
           {"enable", source.enable},
           {"enable-gtid", source.enable_gtid},
           {"enable-relay", source.enable_relay},
           {"relay-binlog-name", source.relay_binlog_name},
           {"relay-binlog-gtid", source.relay_binlog_gtid},
           {"relay-dir", source.relay_dir}};
  put_if_set(out, "flavor", source.flavor);
  out["server-id"] = source.server_id;
  out["case-sensitive"] = source.case_sensitive;
  out["from"] = db_config_json(source.from, mask_secrets);
  out["purge"] = {{"interval", source.purge.interval},
                  {"expires", source.purge.expires},
                  {"remain-space", source.purge.remain_space}};
  out["checker"] = {{"check-enable", source.checker.check_enable},
                    {"backoff-rollback", config::format_go_duration(source.checker.backoff_rollback)},
                    {"backoff-max", config::format_go_duration(source.checker.backoff_max)}};
  json filters = json::array();
  for (const auto& rule : source.filters)
    filters.push_back(filter_rule_json(rule));
  out["filters"] = std::move(filters);
  return out;
}

}  // namespace sluice::http
