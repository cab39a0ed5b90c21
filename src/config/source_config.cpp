#include "config/source_config.hpp"

#include "config/load_yaml.hpp"
#include "config/section_readers.hpp"
#include "config/value_checks.hpp"

namespace sluice::config {

namespace {

constexpr std::size_t max_source_id_length = 32;  // DM's MaxSourceIDLength

void read_source(detail::map_reader& in, source_config& out) {
  detail::parse_context& ctx = in.context();
  in.read_required("source-id", out.source_id);
  if (ctx.ok() && out.source_id.size() > max_source_id_length)
    ctx.fail(in.mark_of("source-id"), "source-id: must be at most 32 characters, got " +
                                          std::to_string(out.source_id.size()));
  in.read("enable", out.enable);
  in.read("enable-gtid", out.enable_gtid);
  in.read("enable-relay", out.enable_relay);
  in.read("relay-binlog-name", out.relay_binlog_name);
  if (ctx.ok() && !out.relay_binlog_name.empty() && !detail::is_binlog_file_name(out.relay_binlog_name))
    ctx.fail(in.mark_of("relay-binlog-name"), "relay-binlog-name: expected a binlog file name such as "
                                              "\"mysql-bin.000001\", got \"" + out.relay_binlog_name + "\"");
  in.read("relay-binlog-gtid", out.relay_binlog_gtid);
  if (ctx.ok() && !detail::is_gtid_set(out.relay_binlog_gtid))
    ctx.fail(in.mark_of("relay-binlog-gtid"), "relay-binlog-gtid: expected a GTID set such as \"<server-uuid>:1-100\" "
                                              "(MySQL) or \"0-1-100\" (MariaDB), got \"" + out.relay_binlog_gtid + "\"");
  in.read("relay-dir", out.relay_dir);
  if (out.relay_dir.empty())
    out.relay_dir = "relay-dir";
  in.read_choice("flavor", out.flavor, {"mysql", "mariadb"});
  in.read("server-id", out.server_id, 0, 4294967295LL);
  in.read("case-sensitive", out.case_sensitive);

  detail::map_reader from = in.child("from");
  detail::read_db_config(from, out.from);
  from.finish();

  detail::map_reader purge = in.child("purge");
  purge.read("interval", out.purge.interval, 0, std::numeric_limits<std::int64_t>::max());
  purge.read("expires", out.purge.expires, 0, std::numeric_limits<std::int64_t>::max());
  purge.read("remain-space", out.purge.remain_space, 0, std::numeric_limits<std::int64_t>::max());
  purge.finish();

  detail::map_reader checker = in.child("checker");
  checker.read("check-enable", out.checker.check_enable);
  checker.read_duration("backoff-rollback", out.checker.backoff_rollback);
  checker.read_duration("backoff-max", out.checker.backoff_max);
  // Hidden keys: DM decodes them, then its Adjust() resets them to the defaults.
  std::chrono::nanoseconds hidden_duration{};
  checker.read_duration("check-interval", hidden_duration);
  checker.read_duration("backoff-min", hidden_duration);
  bool hidden_flag = false;
  checker.read("backoff-jitter", hidden_flag);
  double hidden_factor = 0;
  checker.read("backoff-factor", hidden_factor);
  if (ctx.ok() && out.checker.backoff_max < out.checker.backoff_min)
    ctx.fail(checker.mark_of("backoff-max"), "checker.backoff-max: must be at least the minimum backoff of 1s");
  checker.finish();

  in.for_each_item("filters", [&](std::size_t, const YAML::Node& node, const std::string& path) {
    detail::map_reader rule(ctx, node, path);
    event_filter_rule parsed;
    detail::read_event_filter_rule(rule, parsed);
    rule.finish();
    out.filters.push_back(std::move(parsed));
  });

  // Deprecated in DM and without effect; type-checked as DM decodes them.
  bool auto_fix_gtid = false;
  in.read("auto-fix-gtid", auto_fix_gtid);
  std::string unused;
  in.read("meta-dir", unused);
  in.read("charset", unused);
  in.ignore("tracer");
}

}  // namespace

tl::expected<source_config, config_error> parse_source_config(std::string_view yaml_text, std::string_view file_name) {
  detail::parse_context ctx(file_name);
  source_config out;
  detail::with_document(ctx, yaml_text, [&](const YAML::Node& root) {
    detail::map_reader in(ctx, root, "");
    read_source(in, out);
    in.finish();
  });
  if (!ctx.ok())
    return tl::unexpected(ctx.error());
  return out;
}

tl::expected<source_config, config_error> load_source_config(const std::filesystem::path& path) {
  auto text = detail::read_text_file(path);
  if (!text)
    return tl::unexpected(text.error());
  return parse_source_config(*text, path.string());
}

}  // namespace sluice::config
