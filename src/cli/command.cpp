#include "cli/command.hpp"

#include <charconv>

namespace sluice::cli {

namespace {

using args_t = std::vector<std::string>;

tl::unexpected<std::string> fail(std::string message) {
  return tl::unexpected(std::move(message));
}

bool is_flag(const std::string& arg) { return arg.size() > 1 && arg.front() == '-'; }

// dmctl's --source takes a list: repeated flags and comma-separated values both work.
void append_sources(std::vector<std::string>& out, std::string_view value) {
  while (!value.empty()) {
    const std::size_t comma = value.find(',');
    if (comma != 0) out.emplace_back(value.substr(0, comma));
    if (comma == std::string_view::npos) break;
    value.remove_prefix(comma + 1);
  }
}

// Splits `rest` into positionals and -s/--source values; any other flag is an error.
tl::expected<std::pair<args_t, args_t>, std::string> positionals_and_sources(
    const args_t& rest, const std::string& context, bool sources_allowed) {
  args_t positionals;
  args_t sources;
  for (std::size_t i = 0; i < rest.size(); ++i) {
    const std::string& arg = rest[i];
    if (!is_flag(arg)) {
      positionals.push_back(arg);
      continue;
    }
    std::string_view name = arg;
    std::optional<std::string_view> value;
    if (const std::size_t eq = name.find('='); eq != std::string_view::npos) {
      value = name.substr(eq + 1);
      name = name.substr(0, eq);
    }
    if (!sources_allowed || (name != "-s" && name != "--source")) {
      return fail(context + ": unknown flag " + std::string(name));
    }
    if (!value) {
      if (i + 1 >= rest.size()) {
        return fail(context + ": " + std::string(name) + " needs a source name");
      }
      value = rest[++i];
    }
    if (value->empty()) return fail(context + ": " + std::string(name) + " needs a source name");
    append_sources(sources, *value);
  }
  return std::make_pair(std::move(positionals), std::move(sources));
}

tl::expected<command, std::string> parse_operate_source(const args_t& rest) {
  if (rest.empty()) return fail("operate-source needs create, show or stop");
  const std::string& sub = rest.front();
  const args_t tail(rest.begin() + 1, rest.end());
  const std::string context = "operate-source " + sub;
  if (sub == "create") {
    auto parts = positionals_and_sources(tail, context, false);
    if (!parts) return fail(parts.error());
    if (parts->first.empty()) {
      return fail("operate-source create needs at least one source config file");
    }
    return operate_source_create{std::move(parts->first)};
  }
  if (sub == "show") {
    auto parts = positionals_and_sources(tail, context, true);
    if (!parts) return fail(parts.error());
    if (!parts->first.empty()) {
      return fail("operate-source show takes sources with -s, not " + parts->first.front());
    }
    return operate_source_show{std::move(parts->second)};
  }
  if (sub == "stop") {
    auto parts = positionals_and_sources(tail, context, true);
    if (!parts) return fail(parts.error());
    if (parts->first.empty() && parts->second.empty())
      return fail("operate-source stop needs source config files or source names");
    return operate_source_stop{std::move(parts->first), std::move(parts->second)};
  }
  return fail("operate-source " + sub + " is not supported (use create, show or stop)");
}

tl::expected<std::string, std::string> exactly_one(const args_t& rest, const std::string& command,
                                                   const std::string& what) {
  auto parts = positionals_and_sources(rest, command, false);
  if (!parts) return fail(parts.error());
  if (parts->first.size() != 1) return fail(command + " needs exactly one " + what);
  return parts->first.front();
}

// binlog decode [--start-position N] [--stop-position N] FILE...
tl::expected<command, std::string> parse_binlog(const args_t& rest) {
  if (rest.empty() || rest.front() != "decode") return fail("binlog needs decode");
  binlog_decode cmd;
  for (std::size_t i = 1; i < rest.size(); ++i) {
    const std::string& arg = rest[i];
    if (!is_flag(arg)) {
      cmd.files.push_back(arg);
      continue;
    }
    const std::size_t eq = arg.find('=');
    const std::string name = arg.substr(0, eq);
    std::optional<std::uint64_t>* target = name == "--start-position"  ? &cmd.start_position
                                           : name == "--stop-position" ? &cmd.stop_position
                                                                       : nullptr;
    if (target == nullptr) return fail("binlog decode: unknown flag " + name);
    if (eq == std::string::npos && i + 1 >= rest.size()) return fail("binlog decode: " + name + " needs a number");
    const std::string value = eq == std::string::npos ? rest[++i] : arg.substr(eq + 1);
    std::uint64_t number = 0;
    const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), number);
    if (value.empty() || ec != std::errc{} || end != value.data() + value.size())
      return fail("binlog decode: " + name + " needs a number, not \"" + value + "\"");
    *target = number;
  }
  if (cmd.files.empty()) return fail("binlog decode needs at least one binlog file");
  return cmd;
}

tl::expected<command, std::string> parse_command(const std::string& name, const args_t& rest) {
  if (name == "operate-source") return parse_operate_source(rest);
  if (name == "binlog") return parse_binlog(rest);
  if (name == "start-task") {
    auto file = exactly_one(rest, name, "task config file");
    if (!file) return fail(file.error());
    return start_task{std::move(*file)};
  }
  if (name == "check-task") {
    auto file = exactly_one(rest, name, "task config file");
    if (!file) return fail(file.error());
    return check_task{std::move(*file)};
  }
  if (name == "encrypt") {
    auto plaintext = exactly_one(rest, name, "plaintext password");
    if (!plaintext) return fail(plaintext.error());
    return encrypt{std::move(*plaintext)};
  }
  if (name == "query-status") {
    auto parts = positionals_and_sources(rest, name, false);
    if (!parts) return fail(parts.error());
    if (parts->first.size() > 1) return fail("query-status takes at most one task name");
    query_status q;
    if (!parts->first.empty()) q.task = parts->first.front();
    return q;
  }
  const std::pair<const char*, task_op> task_ops[] = {{"pause-task", task_op::pause},
                                                      {"resume-task", task_op::resume},
                                                      {"stop-task", task_op::stop}};
  for (const auto& [op_name, op] : task_ops) {
    if (name != op_name) continue;
    auto task = exactly_one(rest, name, "task name");
    if (!task) return fail(task.error());
    return operate_task{op, std::move(*task)};
  }
  return fail("unknown command " + name);
}

}  // namespace

tl::expected<master_address, std::string> parse_master_addr(std::string_view value) {
  const std::string original(value);
  bool tls = false;
  for (std::string_view scheme : {"http://", "https://"}) {
    if (value.substr(0, scheme.size()) != scheme) continue;
    value.remove_prefix(scheme.size());
    tls = scheme == "https://";
  }
  if (!value.empty() && value.back() == '/') value.remove_suffix(1);
  const std::size_t colon = value.rfind(':');
  if (colon == std::string_view::npos || colon == 0) {
    return fail("--master-addr \"" + original + "\": expected HOST:PORT, e.g. 127.0.0.1:8261");
  }
  const std::string_view port_text = value.substr(colon + 1);
  unsigned port = 0;
  const char* last = port_text.data() + port_text.size();
  const auto [end, ec] = std::from_chars(port_text.data(), last, port);
  if (port_text.empty() || ec != std::errc{} || end != last || port == 0 || port > 65535) {
    return fail("--master-addr \"" + original + "\": port must be a number 1-65535");
  }
  master_address out;
  out.host = std::string(value.substr(0, colon));
  out.port = static_cast<std::uint16_t>(port);
  out.text = std::string(value);
  out.tls = tls;
  return out;
}

tl::expected<invocation, std::string> parse_command_line(const std::vector<std::string>& args) {
  invocation inv;
  args_t rest;
  bool help = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "--master-addr" || arg == "-master-addr") {
      if (i + 1 >= args.size()) return fail("--master-addr needs HOST:PORT");
      auto addr = parse_master_addr(args[++i]);
      if (!addr) return fail(addr.error());
      inv.master = std::move(*addr);
    } else if (arg.rfind("--master-addr=", 0) == 0 || arg.rfind("-master-addr=", 0) == 0) {
      auto addr = parse_master_addr(arg.substr(arg.find('=') + 1));
      if (!addr) return fail(addr.error());
      inv.master = std::move(*addr);
    } else if (arg == "--auth-token-file" || arg == "--tls-ca") {
      if (i + 1 >= args.size() || args[i + 1].empty()) return fail(arg + " needs a file name");
      (arg == "--tls-ca" ? inv.tls_ca_file : inv.auth_token_file) = args[++i];
    } else if (arg.rfind("--auth-token-file=", 0) == 0 || arg.rfind("--tls-ca=", 0) == 0) {
      const std::string name = arg.substr(0, arg.find('='));
      const std::string file = arg.substr(arg.find('=') + 1);
      if (file.empty()) return fail(name + " needs a file name");
      (name == "--tls-ca" ? inv.tls_ca_file : inv.auth_token_file) = file;
    } else if (arg == "-h" || arg == "--help") {
      help = true;
    } else {
      rest.push_back(arg);
    }
  }
  if (help) {
    inv.cmd = show_help{};
    return inv;
  }
  if (rest.empty()) return fail("no command given");
  if (rest.front() == "help") {
    inv.cmd = show_help{};
    return inv;
  }
  if (is_flag(rest.front())) return fail("unknown flag " + rest.front());
  auto cmd = parse_command(rest.front(), args_t(rest.begin() + 1, rest.end()));
  if (!cmd) return fail(cmd.error());
  inv.cmd = std::move(*cmd);
  return inv;
}

std::string usage() {
  return R"(sluicectl: control a sluice server (dmctl's commands and output)

Usage: sluicectl [--master-addr=HOST:PORT] [--auth-token-file FILE] <command> [args]
  --master-addr HOST:PORT   sluice's address (default 127.0.0.1:8261); https://HOST:PORT
                            when sluice serves TLS
  --auth-token-file FILE    send the bearer token in FILE (sluice --auth-token-file)
  --tls-ca FILE             with https://, verify sluice's certificate against this PEM
                            (without it the certificate is not verified)

Commands:
  operate-source create FILE...          register sources from source config files
  operate-source show [-s SOURCE]...     show registered sources (all without -s)
  operate-source stop FILE|SOURCE...     remove sources, by config file or source name
  start-task FILE                        start the task in a task config file (after check-task)
  check-task FILE                        validate a task config file and precheck its servers
  encrypt PLAINTEXT                      encrypt a password with the server's secret key
  query-status [TASK]                    status of one task, or a list of all tasks
  pause-task TASK                        pause a task
  resume-task TASK                       resume a paused task
  stop-task TASK                         stop and remove a task
  binlog decode [--start-position N] [--stop-position N] FILE...
                                         print binlog files' events as JSON lines (local,
                                         no server; positions as in mysqlbinlog)

Prints the server's JSON reply. Exit status: 0 when "result" is true, 1 when it is false
or sluice cannot be reached, 2 on a usage error. binlog decode exits 1 on a corrupt file.
)";
}

}  // namespace sluice::cli
