#include "actors/settings_builder.hpp"

#include <algorithm>

#include "config/password.hpp"

namespace sluice::actors {

db::endpoint to_endpoint(const config::db_config& cfg, bool applying) {
  db::endpoint ep;
  ep.host = cfg.host;
  ep.port = cfg.port;
  ep.user = cfg.user;
  ep.password = config::active_password_cipher().decrypt_or_plaintext(cfg.password);
  ep.ssl_ca = cfg.security.ssl_ca;
  ep.ssl_cert = cfg.security.ssl_cert;
  ep.ssl_key = cfg.security.ssl_key;
  if (applying) {
    // TIMESTAMP literals are rendered in UTC; zero values and explicit 0 ids must survive as written.
    ep.session.emplace_back("time_zone", "'+00:00'");
    // Not strict: the binlog only carries values the upstream already accepted (a non-strict
    // upstream may have stored ENUM's '' error value, which strict mode would refuse).
    ep.session.emplace_back("sql_mode", "'NO_AUTO_VALUE_ON_ZERO,NO_ENGINE_SUBSTITUTION'");
  }
  for (const auto& [name, value] : cfg.session) {
    if (applying && name == "time_zone")
      continue;  // see above: the applier's literals need UTC
    bool numeric = !value.empty() && std::all_of(value.begin(), value.end(), [](char c) {
      return (c >= '0' && c <= '9') || c == '.' || c == '-';
    });
    std::string quoted = numeric ? value : "'" + value + "'";
    ep.session.emplace_back(name, quoted);
  }
  return ep;
}

tl::expected<std::vector<settings_ptr>, std::string> build_subtask_settings(
    const config::task_config& task, const std::map<std::string, config::source_config>& sources,
    const std::string& worker) {
  std::vector<settings_ptr> out;
  for (const auto& inst : task.mysql_instances) {
    auto src = sources.find(inst.source_id);
    if (src == sources.end())
      return tl::unexpected("task " + task.name + ": source " + inst.source_id +
                            " is not registered (run operate-source create with its source.yaml first)");
    if (src->second.enable_relay)
      return tl::unexpected("task " + task.name + ": source " + inst.source_id +
                            " has enable-relay: true; the relay log is not supported yet by Sluice");
    auto s = std::make_shared<subtask_settings>();
    s->task = task.name;
    s->source_id = inst.source_id;
    s->worker = worker;
    s->upstream = to_endpoint(src->second.from, false);
    s->downstream = to_endpoint(task.target_database, true);
    s->server_id = src->second.server_id;
    if (inst.meta && !inst.meta->binlog_name.empty())
      s->meta_start = pipeline::binlog_position{inst.meta->binlog_name, inst.meta->binlog_pos};
    s->meta_schema = task.meta_schema;
    s->ba_rule = inst.ba_rule;
    s->case_sensitive = task.case_sensitive;
    s->syncer = inst.syncer;
    s->enable_gtid = src->second.enable_gtid;
    for (const auto& name : inst.route_rules)
      s->routes.push_back(task.routes.at(name));
    // Task filters first, then the source's own (DM: task rules are checked before source rules).
    for (const auto& name : inst.filter_rules)
      s->filters.push_back(task.filters.at(name));
    s->filters.insert(s->filters.end(), src->second.filters.begin(), src->second.filters.end());
    for (const auto& name : inst.expression_filters)
      s->expression_filters.push_back(
          pipeline::expression_filter_spec::from_config(name, task.expression_filters.at(name)));
    s->timezone = task.timezone;
    out.push_back(std::move(s));
  }
  return out;
}

}  // namespace sluice::actors
