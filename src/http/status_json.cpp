#include "http/status_json.hpp"

#include <cmath>

namespace sluice::http {

using json = nlohmann::ordered_json;

namespace {

std::string integer_text(double v) {
  return std::to_string(static_cast<std::int64_t>(std::llround(v)));
}

json errors_json(const std::vector<actors::subtask_error>& errors) {
  if (errors.empty())
    return nullptr;
  json list = json::array();
  for (const auto& e : errors)
    list.push_back({{"ErrCode", e.code},
                    {"ErrClass", e.error_class},
                    {"ErrScope", e.scope},
                    {"ErrLevel", "high"},
                    {"Message", e.message},
                    {"RawCause", e.raw_cause},
                    {"Workaround", e.workaround}});
  return {{"isCanceled", false}, {"errors", list}};
}

json sync_json(const subtask_report& r) {
  const auto& s = r.snapshot;
  std::string master = r.master_binlog ? r.master_binlog->to_string() : "";
  bool synced = r.enable_gtid ? (!r.master_gtid.empty() && r.master_gtid == s.syncer_gtid)
                              : (r.master_binlog && *r.master_binlog == s.syncer_binlog);
  return {{"totalEvents", std::to_string(s.total_events)},
          {"totalTps", integer_text(s.total_tps)},
          {"recentTps", integer_text(s.recent_tps)},
          {"masterBinlog", master},
          {"masterBinlogGtid", r.master_gtid},
          {"syncerBinlog", s.syncer_binlog.empty() ? "" : s.syncer_binlog.to_string()},
          {"syncerBinlogGtid", r.enable_gtid ? s.syncer_gtid : ""},
          {"blockingDDLs", json::array()},
          {"unresolvedGroups", json::array()},
          {"synced", synced},
          {"binlogType", "remote"},
          {"secondsBehindMaster", std::to_string(s.seconds_behind)}};
}

}  // namespace

json query_status_json(const std::vector<subtask_report>& reports) {
  json sources = json::array();
  for (const auto& r : reports) {
    const auto& s = r.snapshot;
    json sub = {{"name", s.task},
                {"stage", actors::stage_name(s.current)},
                {"unit", "Sync"},
                {"result", errors_json(s.errors)},
                {"unresolvedDDLLockID", ""},
                {"sync", sync_json(r)}};
    sources.push_back({{"result", true},
                       {"msg", ""},
                       {"sourceStatus",
                        {{"source", s.source_id}, {"worker", s.worker}, {"result", nullptr}, {"relayStatus", nullptr}}},
                       {"subTaskStatus", json::array({sub})}});
  }
  return {{"result", true}, {"msg", ""}, {"sources", sources}};
}

json command_json(const std::vector<source_result>& sources, std::string msg, std::optional<std::string> op) {
  bool ok = msg.empty();
  json list = json::array();
  for (const auto& s : sources) {
    ok = ok && s.result;
    list.push_back({{"result", s.result}, {"msg", s.msg}, {"source", s.source}, {"worker", s.worker}});
  }
  json out = {{"result", ok}, {"msg", msg}};
  if (op)
    out["op"] = *op;
  out["sources"] = list;
  return out;
}

json failure_json(const std::string& msg) {
  return {{"result", false}, {"msg", msg}, {"sources", json::array()}};
}

}  // namespace sluice::http
