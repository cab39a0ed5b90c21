#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <tl/expected.hpp>

namespace sluice::cli {

/// --master-addr, split and checked. `text` is what the user wrote (minus any http:// or
/// https://); `tls` is set by an https:// prefix.
struct master_address {
  std::string host = "127.0.0.1";
  std::uint16_t port = 8261;
  std::string text = "127.0.0.1:8261";
  bool tls = false;
};
tl::expected<master_address, std::string> parse_master_addr(std::string_view value);

struct operate_source_create {
  std::vector<std::string> files;
};
struct operate_source_show {
  std::vector<std::string> sources;  // empty = all
};
struct operate_source_stop {
  std::vector<std::string> targets;  // each a config file or a source name
  std::vector<std::string> sources;  // from -s
};
struct start_task {
  std::string file;
};
struct check_task {
  std::string file;
};
/// `encrypt PLAINTEXT`: the server encrypts with its key (DM v8: an RPC to the master).
struct encrypt {
  std::string plaintext;
};
struct query_status {
  std::optional<std::string> task;
};
enum class task_op { pause, resume, stop };
struct operate_task {
  task_op op;
  std::string task;
};
struct show_help {};
/// `binlog decode`: runs locally (binlog_decode.hpp), no server involved.
struct binlog_decode {
  std::optional<std::uint64_t> start_position;  // applies to the first file, as in mysqlbinlog
  std::optional<std::uint64_t> stop_position;   // applies to the last file
  std::vector<std::string> files;
};

using command = std::variant<show_help, operate_source_create, operate_source_show,
                             operate_source_stop, start_task, check_task, encrypt, query_status,
                             operate_task, binlog_decode>;

/// A parsed command line: where to send it and what.
struct invocation {
  master_address master;
  command cmd;
  /// --auth-token-file: sent as `Authorization: Bearer <token>`; empty = no header.
  std::string auth_token_file;
  /// --tls-ca: with https://, the server certificate is verified against this PEM file.
  std::string tls_ca_file;
};

/// Parses sluicectl's arguments (without argv[0]), dmctl style: `--master-addr=HOST:PORT` or
/// `--master-addr HOST:PORT` anywhere, then `<command> ...`. Pure: touches no files. The error
/// is a one-line usage message (the caller prints `usage()` after it and exits 2).
tl::expected<invocation, std::string> parse_command_line(const std::vector<std::string>& args);

/// The help text.
std::string usage();

}  // namespace sluice::cli
