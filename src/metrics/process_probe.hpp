#pragma once
// The standard process_* metrics (client_golang's names and meanings), read from /proc.

#include <optional>
#include <string_view>
#include <vector>

#include <prometheus/metric_family.h>

namespace sluice::metrics {

/// The fields of /proc/<pid>/stat the process metrics need, in the kernel's units.
struct proc_stat {
  double cpu_ticks = 0;       // utime + stime, clock ticks
  double start_ticks = 0;     // starttime, clock ticks after boot
  double virtual_bytes = 0;   // vsize
  double resident_pages = 0;  // rss
};

/// Parses the text of /proc/<pid>/stat (proc(5)); the command name may hold spaces and ")".
std::optional<proc_stat> parse_proc_stat(std::string_view text);
/// The "btime" line of /proc/stat: boot time in Unix seconds.
std::optional<double> parse_boot_time(std::string_view text);
/// The soft "Max open files" limit of /proc/<pid>/limits; nullopt when unlimited or absent.
std::optional<double> parse_max_open_files(std::string_view text);

/// One reading; a value that could not be read is left out of the exposition, not reported as 0.
struct process_sample {
  std::optional<double> cpu_seconds;
  std::optional<double> resident_bytes;
  std::optional<double> virtual_bytes;
  std::optional<double> open_fds;
  std::optional<double> max_fds;
  std::optional<double> start_time_seconds;
};

/// process_cpu_seconds_total, process_resident_memory_bytes, process_virtual_memory_bytes,
/// process_open_fds, process_max_fds and process_start_time_seconds of this process, and
/// sluice_build_info{version} (always 1). Owned by
/// the registry, which calls collect() on every serialize(): the values are read then, so the
/// hot paths never pay for them. Thread-safe (collect() only reads files).
class process_probe {
 public:
  process_probe();

  std::vector<prometheus::MetricFamily> collect() const;
  /// This process, now.
  process_sample sample() const;
  static std::vector<prometheus::MetricFamily> families_of(const process_sample& s);

 private:
  double ticks_per_second_;
  double page_size_;
  std::optional<double> start_time_;  // fixed for the process's life: computed once
};

}  // namespace sluice::metrics
