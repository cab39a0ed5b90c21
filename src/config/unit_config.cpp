#include "config/unit_config.hpp"

#include <string_view>

#include "config/section_readers.hpp"

namespace sluice::config::detail {

namespace {

constexpr std::int64_t int_max = std::numeric_limits<std::int32_t>::max();
constexpr std::int64_t int64_max = std::numeric_limits<std::int64_t>::max();

// docker/go-units RAMInBytes: a decimal number, an optional space, then an optional
// k/m/g/t/p prefix (with an optional 'i') and an optional 'b': "500m", "1.5GiB", "1024".
bool is_ram_size(std::string_view text) {
  auto digit = [](char c) { return c >= '0' && c <= '9'; };
  std::size_t i = 0;
  const std::size_t whole = i;
  while (i < text.size() && digit(text[i]))
    ++i;
  if (i == whole)
    return false;
  if (i < text.size() && text[i] == '.') {
    const std::size_t fraction = ++i;
    while (i < text.size() && digit(text[i]))
      ++i;
    if (i == fraction)
      return false;
  }
  if (i < text.size() && text[i] == ' ')
    ++i;
  if (i < text.size() && std::string_view("kKmMgGtTpP").find(text[i]) != std::string_view::npos) {
    ++i;
    if (i < text.size() && (text[i] == 'i' || text[i] == 'I'))
      ++i;
  }
  if (i < text.size() && (text[i] == 'b' || text[i] == 'B'))
    ++i;
  return i == text.size();
}

// DM still decodes these keys (with their types) but they have no effect.
void ignore_deprecated_bool(map_reader& in, std::string_view key) {
  bool unused = false;
  in.read(key, unused);
}

}  // namespace

void read_syncer_config(map_reader& in, syncer_config& out) {
  in.read("worker-count", out.worker_count, 1, int_max);
  in.read("batch", out.batch, 1, int_max);
  in.read("queue-size", out.queue_size, 0, int_max);
  if (out.queue_size == 0)
    out.queue_size = 1024;
  in.read("checkpoint-flush-interval", out.checkpoint_flush_interval, 0, int_max);
  if (out.checkpoint_flush_interval == 0)
    out.checkpoint_flush_interval = 30;
  in.read("compact", out.compact);
  in.read("multiple-rows", out.multiple_rows);
  in.read("safe-mode", out.safe_mode);

  // Absent: DM's default "60s". Written but empty or null: 2 x checkpoint-flush-interval.
  std::string duration_text;
  const bool written = in.contains("safe-mode-duration");
  in.read("safe-mode-duration", duration_text);
  if (written && duration_text.empty()) {
    out.safe_mode_duration = std::chrono::seconds(2 * out.checkpoint_flush_interval);
  } else if (!duration_text.empty()) {
    std::chrono::nanoseconds d{};
    in.read_duration("safe-mode-duration", d);
    out.safe_mode_duration = std::chrono::ceil<std::chrono::seconds>(d);
    if (in.context().ok() && out.safe_mode && out.safe_mode_duration.count() == 0)
      in.context().fail(in.mark_of("safe-mode-duration"),
                        in.path_of("safe-mode-duration") + ": must be longer than 0s when safe-mode is true, got \"" +
                            duration_text + "\"");
  }

  std::string meta_file;
  in.read("meta-file", meta_file);
  int max_retry = 0;
  in.read("max-retry", max_retry, 0, int_max);
  for (std::string_view key : {"auto-fix-gtid", "enable-gtid", "disable-detect", "enable-ansi-quotes"})
    ignore_deprecated_bool(in, key);
}

void read_mydumper_config(map_reader& in, mydumper_config& out) {
  in.read("mydumper-path", out.mydumper_path);
  in.read("threads", out.threads, 0, int_max);
  in.read("chunk-filesize", out.chunk_filesize);
  if (out.chunk_filesize.empty())
    out.chunk_filesize = "64";
  in.read("statement-size", out.statement_size, 0, int64_max);
  in.read("rows", out.rows, 0, int64_max);
  in.read("where", out.where);
  in.read("skip-tz-utc", out.skip_tz_utc);
  in.read("extra-args", out.extra_args);
}

void read_loader_config(map_reader& in, loader_config& out) {
  in.read("pool-size", out.pool_size, 0, int_max);
  if (out.pool_size == 0)
    out.pool_size = 16;
  in.read("dir", out.dir);
  in.read("sorting-dir-physical", out.sorting_dir_physical);
  in.read_choice("import-mode", out.import_mode, {"logical", "physical", "sql", "loader"});
  if (out.import_mode == "sql" || out.import_mode == "loader")
    out.import_mode = "logical";  // deprecated names of the logical mode
  // on-duplicate is the deprecated name of on-duplicate-logical.
  in.read_choice("on-duplicate", out.on_duplicate_logical, {"replace", "error", "ignore"});
  in.read_choice("on-duplicate-logical", out.on_duplicate_logical, {"replace", "error", "ignore"});
  in.read_choice("on-duplicate-physical", out.on_duplicate_physical, {"none", "manual"});
  in.read("disk-quota-physical", out.disk_quota_physical);
  in.read_choice("checksum-physical", out.checksum_physical, {"required", "optional", "off"});
  in.read_choice("analyze", out.analyze, {"required", "optional", "off"});
  in.read("range-concurrency", out.range_concurrency, 0, int_max);
  in.read("compress-kv-pairs", out.compress_kv_pairs);
  in.read("pd-addr", out.pd_addr);
}

void read_validator_config(map_reader& in, validator_config& out) {
  in.read_choice("mode", out.mode, {"none", "fast", "full"});
  in.read("worker-count", out.worker_count, 0, int_max);
  if (out.worker_count == 0)
    out.worker_count = 4;
  auto read_interval = [&](std::string_view key, std::chrono::nanoseconds& target) {
    const std::chrono::nanoseconds fallback = target;
    in.read_duration(key, target);
    if (target.count() == 0)
      target = fallback;  // DM: zero means the default
  };
  read_interval("validate-interval", out.validate_interval);
  read_interval("check-interval", out.check_interval);
  read_interval("row-error-delay", out.row_error_delay);
  read_interval("meta-flush-interval", out.meta_flush_interval);
  in.read("batch-query-size", out.batch_query_size, 0, int_max);
  if (out.batch_query_size == 0)
    out.batch_query_size = 100;
  in.read("max-pending-row-size", out.max_pending_row_size);
  if (out.max_pending_row_size.empty())
    out.max_pending_row_size = "500m";
  if (in.context().ok() && !is_ram_size(out.max_pending_row_size))
    in.context().fail(in.mark_of("max-pending-row-size"), in.path_of("max-pending-row-size") +
                                                              ": expected a size such as \"500m\" or \"1GiB\", got \"" +
                                                              out.max_pending_row_size + "\"");
  in.read("max-pending-row-count", out.max_pending_row_count, 0, int_max);
  if (out.max_pending_row_count == 0)
    out.max_pending_row_count = static_cast<int>(int_max);
}

}  // namespace sluice::config::detail
