// decode_bench FILE... : decodes whole binlog files with sluice::protocol::binlog_decoder, as
// the pipeline does (every frame split, CRC32 checked, every cell of every row decoded), and
// prints one line of figures. Used by bench/decode.sh; see bench/README.md.
//
// Output (one line, key=value, for the script to parse):
//   bytes=N events=N rows=N cells=N seconds=S cpu_seconds=C mb_per_s=X rows_per_s=Y
// seconds is wall time, cpu_seconds the process's CPU time (what a loaded machine distorts
// least); the rates use cpu_seconds. MB is 10^6 bytes. Files are mapped (and faulted in) before
// the clocks start, so the figure is the decoder's, not the disk's. Each event is dropped after
// counting, as a consumer would. Exit 1 on the first undecodable frame, naming file and offset.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <ctime>
#include <memory>
#include <span>
#include <string>
#include <variant>
#include <vector>

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "protocol/binlog_decoder.hpp"
#include "protocol/binlog_file.hpp"

#include "mapped_file.hpp"

namespace {

using namespace sluice::protocol;

struct totals {
  std::uint64_t bytes = 0;
  std::uint64_t events = 0;
  std::uint64_t rows = 0;
  std::uint64_t cells = 0;  // non-null cells: proof that values were decoded, not skipped
};

void count_rows(const rows_event& rows, totals& sum) {
  sum.rows += rows.rows.size();
  for (const auto& change : rows.rows) {
    for (const auto* image : {&change.before, &change.after}) {
      for (const auto& value : *image) {
        if (!std::holds_alternative<null_cell>(value)) ++sum.cells;
      }
    }
  }
}

void count_event(const event& ev, totals& sum) {
  ++sum.events;
  if (const auto* rows = std::get_if<rows_event>(&ev.body)) count_rows(*rows, sum);
  if (const auto* payload = std::get_if<transaction_payload_event>(&ev.body))
    for (const auto& inner : payload->events) count_event(inner, sum);
}

// Decodes one file; false (after printing why) on the first error.
[[gnu::noinline]] bool decode_file(const char* path, std::span<const std::byte> file, totals& sum) {
  auto frames = split_binlog_file(file);
  if (!frames) {
    const auto why = to_string(frames.error());
    std::fprintf(stderr, "decode_bench: %s: cannot split: %.*s\n", path, static_cast<int>(why.size()), why.data());
    return false;
  }
  binlog_decoder decoder;
  for (const auto frame : *frames) {
    auto ev = decoder.decode(frame);
    if (!ev) {
      const auto why = to_string(ev.error());
      std::fprintf(stderr, "decode_bench: %s: offset %td: %.*s\n", path, frame.data() - file.data(),
                   static_cast<int>(why.size()), why.data());
      return false;
    }
    count_event(*ev, sum);
  }
  sum.bytes += file.size();
  return true;
}

double cpu_now() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: decode_bench BINLOG_FILE...\n");
    return 2;
  }
  std::vector<std::unique_ptr<mapped_file>> files;
  for (int i = 1; i < argc; ++i) {
    files.push_back(std::make_unique<mapped_file>(argv[i]));
    if (!files.back()->ok()) {
      std::fprintf(stderr, "decode_bench: cannot map %s (missing or empty)\n", argv[i]);
      return 1;
    }
  }

  totals sum;
  const double cpu_start = cpu_now();
  const auto start = std::chrono::steady_clock::now();
  for (int i = 1; i < argc; ++i)
    if (!decode_file(argv[i], files[static_cast<std::size_t>(i - 1)]->bytes(), sum)) return 1;
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const double cpu_seconds = cpu_now() - cpu_start;

  std::printf("bytes=%llu events=%llu rows=%llu cells=%llu seconds=%.3f cpu_seconds=%.3f mb_per_s=%.1f "
              "rows_per_s=%.0f\n",
              static_cast<unsigned long long>(sum.bytes), static_cast<unsigned long long>(sum.events),
              static_cast<unsigned long long>(sum.rows), static_cast<unsigned long long>(sum.cells), seconds,
              cpu_seconds, static_cast<double>(sum.bytes) / 1e6 / cpu_seconds,
              static_cast<double>(sum.rows) / cpu_seconds);
  return 0;
}
