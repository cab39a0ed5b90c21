#include "metrics/process_probe.hpp"

#include <unistd.h>

#include <charconv>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <system_error>

// The project version, from meson.build (src/metrics/meson.build passes it).
#ifndef SLUICE_VERSION
#define SLUICE_VERSION "unknown"
#endif

namespace sluice::metrics {

namespace {

std::optional<std::string> read_file(const char* path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

std::optional<double> to_number(std::string_view token) {
  double value = 0;
  const auto [end, ec] = std::from_chars(token.data(), token.data() + token.size(), value);
  if (ec != std::errc{} || end != token.data() + token.size()) return std::nullopt;
  return value;
}

// Splits on spaces and tabs, dropping empty tokens.
std::vector<std::string_view> tokens_of(std::string_view text) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && (text[i] == ' ' || text[i] == '\t')) ++i;
    const std::size_t start = i;
    while (i < text.size() && text[i] != ' ' && text[i] != '\t' && text[i] != '\n') ++i;
    if (i > start) out.push_back(text.substr(start, i - start));
    if (i < text.size() && text[i] == '\n') break;
  }
  return out;
}

// The line of `text` starting with `prefix`, without the prefix.
std::optional<std::string_view> line_after(std::string_view text, std::string_view prefix) {
  std::size_t at = 0;
  while (at < text.size()) {
    const std::size_t end = std::min(text.find('\n', at), text.size());
    const std::string_view line = text.substr(at, end - at);
    if (line.substr(0, prefix.size()) == prefix) return line.substr(prefix.size());
    at = end + 1;
  }
  return std::nullopt;
}

std::optional<double> open_fd_count() {
  std::error_code ec;
  std::filesystem::directory_iterator it("/proc/self/fd", ec);
  if (ec) return std::nullopt;
  double n = 0;
  // Counts the iterator's own descriptor too, as client_golang's reading of the same directory does.
  for (; it != std::filesystem::directory_iterator(); it.increment(ec)) {
    if (ec) return std::nullopt;
    ++n;
  }
  return n;
}

prometheus::MetricFamily family(const char* name, const char* help, prometheus::MetricType type,
                                double value) {
  prometheus::MetricFamily f;
  f.name = name;
  f.help = help;
  f.type = type;
  prometheus::ClientMetric m;
  if (type == prometheus::MetricType::Counter)
    m.counter.value = value;
  else
    m.gauge.value = value;
  f.metric.push_back(std::move(m));
  return f;
}

}  // namespace

std::optional<proc_stat> parse_proc_stat(std::string_view text) {
  // "pid (comm) state ppid ...": comm may contain anything, so fields start after the last ')'.
  const std::size_t close = text.rfind(')');
  if (close == std::string_view::npos) return std::nullopt;
  const std::vector<std::string_view> f = tokens_of(text.substr(close + 1));
  // f[0] is field 3 (state); field n of proc(5) is f[n - 3].
  if (f.size() < 22) return std::nullopt;
  const auto utime = to_number(f[11]), stime = to_number(f[12]), start = to_number(f[19]),
             vsize = to_number(f[20]), rss = to_number(f[21]);
  if (!utime || !stime || !start || !vsize || !rss) return std::nullopt;
  return proc_stat{*utime + *stime, *start, *vsize, *rss};
}

std::optional<double> parse_boot_time(std::string_view text) {
  const auto rest = line_after(text, "btime ");
  if (!rest) return std::nullopt;
  const auto t = tokens_of(*rest);
  if (t.empty()) return std::nullopt;
  return to_number(t[0]);
}

std::optional<double> parse_max_open_files(std::string_view text) {
  const auto rest = line_after(text, "Max open files");
  if (!rest) return std::nullopt;
  const auto t = tokens_of(*rest);  // soft, hard, "files"
  if (t.empty()) return std::nullopt;
  return to_number(t[0]);  // "unlimited" is not a number
}

process_probe::process_probe()
    : ticks_per_second_(static_cast<double>(sysconf(_SC_CLK_TCK))),
      page_size_(static_cast<double>(sysconf(_SC_PAGESIZE))) {
  const auto stat = read_file("/proc/self/stat");
  const auto boot = read_file("/proc/stat");
  if (!stat || !boot || ticks_per_second_ <= 0) return;
  const auto fields = parse_proc_stat(*stat);
  const auto boot_time = parse_boot_time(*boot);
  if (fields && boot_time) start_time_ = *boot_time + fields->start_ticks / ticks_per_second_;
}

process_sample process_probe::sample() const {
  process_sample s;
  s.start_time_seconds = start_time_;
  if (const auto text = read_file("/proc/self/stat")) {
    if (const auto f = parse_proc_stat(*text)) {
      if (ticks_per_second_ > 0) s.cpu_seconds = f->cpu_ticks / ticks_per_second_;
      if (page_size_ > 0) s.resident_bytes = f->resident_pages * page_size_;
      s.virtual_bytes = f->virtual_bytes;
    }
  }
  if (const auto text = read_file("/proc/self/limits")) s.max_fds = parse_max_open_files(*text);
  s.open_fds = open_fd_count();
  return s;
}

std::vector<prometheus::MetricFamily> process_probe::collect() const {
  return families_of(sample());
}

std::vector<prometheus::MetricFamily> process_probe::families_of(const process_sample& s) {
  using prometheus::MetricType;
  std::vector<prometheus::MetricFamily> out;
  auto add = [&](const std::optional<double>& v, const char* name, const char* help,
                 MetricType type) {
    if (v) out.push_back(family(name, help, type, *v));
  };
  add(s.cpu_seconds, "process_cpu_seconds_total", "Total user and system CPU time spent in seconds.",
      MetricType::Counter);
  add(s.open_fds, "process_open_fds", "Number of open file descriptors.", MetricType::Gauge);
  add(s.max_fds, "process_max_fds", "Maximum number of open file descriptors.", MetricType::Gauge);
  add(s.virtual_bytes, "process_virtual_memory_bytes", "Virtual memory size in bytes.",
      MetricType::Gauge);
  add(s.resident_bytes, "process_resident_memory_bytes", "Resident memory size in bytes.",
      MetricType::Gauge);
  add(s.start_time_seconds, "process_start_time_seconds",
      "Start time of the process since unix epoch in seconds.", MetricType::Gauge);
  // Always present, so a dashboard finds a Sluice instance before it runs any task.
  prometheus::MetricFamily info =
      family("sluice_build_info", "Always 1; the labels say which Sluice build this is.",
             MetricType::Gauge, 1);
  info.metric[0].label.push_back({"version", SLUICE_VERSION});
  out.push_back(std::move(info));
  return out;
}

}  // namespace sluice::metrics
