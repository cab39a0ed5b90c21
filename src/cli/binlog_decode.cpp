#include "cli/binlog_decode.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <span>
#include <utility>
#include <vector>

#include <tl/expected.hpp>

#include "cli/cell_json.hpp"
#include "cli/charset.hpp"
#include "cli/event_json.hpp"
#include "protocol/binlog_decoder.hpp"
#include "protocol/binlog_file.hpp"
#include "protocol/frame.hpp"

namespace sluice::cli {
namespace {

constexpr std::array<std::byte, protocol::binlog_magic_size> binlog_magic{
    std::byte{0xfe}, std::byte{'b'}, std::byte{'i'}, std::byte{'n'}};
constexpr std::size_t flush_threshold = std::size_t{1} << 20;
constexpr std::size_t event_size_offset = 9;  // in the common header

/// A whole file's bytes: mapped when it is a regular file (no copy, no page-cache duplicate),
/// read into memory otherwise (a pipe, /dev/stdin).
class file_bytes {
 public:
  static tl::expected<file_bytes, std::string> open(const std::string& path);
  file_bytes(file_bytes&& other) noexcept
      : map_(std::exchange(other.map_, nullptr)), size_(other.size_), copy_(std::move(other.copy_)) {}
  file_bytes& operator=(file_bytes&&) = delete;
  ~file_bytes() {
    if (map_ != nullptr) munmap(map_, size_);
  }
  std::span<const std::byte> bytes() const noexcept {
    return map_ != nullptr ? std::span(static_cast<const std::byte*>(map_), size_) : std::span(copy_);
  }

 private:
  file_bytes() = default;
  void* map_ = nullptr;
  std::size_t size_ = 0;
  std::vector<std::byte> copy_;
};

tl::expected<file_bytes, std::string> file_bytes::open(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return tl::unexpected(std::string(std::strerror(errno)));
  file_bytes file;
  struct stat st {};
  if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0) {
    void* map = mmap(nullptr, static_cast<std::size_t>(st.st_size), PROT_READ, MAP_PRIVATE, fd, 0);
    if (map != MAP_FAILED) {
      madvise(map, static_cast<std::size_t>(st.st_size), MADV_SEQUENTIAL);
      file.map_ = map;
      file.size_ = static_cast<std::size_t>(st.st_size);
      ::close(fd);
      return file;
    }
  }
  std::byte chunk[65536];
  for (;;) {
    const ssize_t n = ::read(fd, chunk, sizeof chunk);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      const int err = errno;  // e.g. EISDIR for a directory
      ::close(fd);
      return tl::unexpected(std::string(std::strerror(err)));
    }
    if (n == 0) break;
    file.copy_.insert(file.copy_.end(), chunk, chunk + n);
  }
  ::close(fd);
  return file;
}

/// Limits of one file: events starting before `start` are not printed, none at or after `stop`.
struct position_window {
  std::optional<std::uint64_t> start;
  std::optional<std::uint64_t> stop;
};

/// One `binlog decode` invocation: the decoder, the JSON writer and the output buffer.
class decode_run {
 public:
  explicit decode_run(std::ostream& out) : out_(out) { buffer_.reserve(flush_threshold + 65536); }

  bool decode_file(const std::string& path, const position_window& window);
  void finish() {
    flush();
    out_.flush();
  }

 private:
  bool decode_frames(std::span<const std::byte> data, bool bare, const std::string& path,
                     const position_window& window);
  bool print(const protocol::event& ev, std::uint64_t pos, const std::string& path);
  bool fail(std::string_view reason, std::uint64_t pos, const std::string& path);
  void flush() {
    out_.write(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
    buffer_.clear();
  }

  std::ostream& out_;
  std::string buffer_;
  protocol::binlog_decoder decoder_;
  event_json_writer writer_;
};

bool decode_run::fail(std::string_view reason, std::uint64_t pos, const std::string& path) {
  buffer_ += "{\"error\":";
  append_json_string(buffer_, reason);
  buffer_ += ",\"pos\":";
  buffer_ += std::to_string(pos);
  buffer_ += ",\"file\":";
  if (is_valid_utf8(path)) {
    append_json_string(buffer_, path);
  } else {
    append_hex_object(buffer_, path);
  }
  buffer_ += "}\n";
  return false;
}

bool decode_run::decode_file(const std::string& path, const position_window& window) {
  auto file = file_bytes::open(path);
  if (!file) return fail("cannot read the file: " + file.error(), 0, path);
  decoder_.reset();
  const std::span<const std::byte> bytes = file->bytes();
  if (bytes.empty()) return fail(protocol::to_string(protocol::decode_error::truncated), 0, path);
  const bool has_magic = bytes.size() >= binlog_magic.size() &&
                         std::equal(binlog_magic.begin(), binlog_magic.end(), bytes.begin());
  return decode_frames(bytes, !has_magic, path, window);
}

bool decode_run::decode_frames(std::span<const std::byte> data, bool bare, const std::string& path,
                               const position_window& window) {
  std::uint64_t pos = bare ? 0 : protocol::binlog_magic_size;
  std::vector<std::byte> repaired;
  while (pos < data.size()) {
    if (window.stop && pos >= *window.stop) break;
    const auto rest = data.subspan(pos);
    const auto header = protocol::decode_event_header(rest);
    if (!header) return fail(protocol::to_string(header.error()), pos, path);
    std::span<const std::byte> frame;
    if (header->event_size <= rest.size()) {
      frame = rest.first(header->event_size);
    } else if (bare && decoder_.format() == nullptr &&
               header->event_size - rest.size() == protocol::checksum_size) {
      // A frame saved without its CRC32 trailer: decode it as the checksum-less frame it is.
      repaired.assign(rest.begin(), rest.end());
      const auto size = static_cast<std::uint32_t>(rest.size());
      for (std::size_t i = 0; i < 4; ++i)
        repaired[event_size_offset + i] = static_cast<std::byte>(size >> (8 * i));
      frame = repaired;
    } else {
      return fail(protocol::to_string(protocol::decode_error::truncated), pos, path);
    }
    auto ev = decoder_.decode(frame);
    if (!ev) return fail(protocol::to_string(ev.error()), pos, path);
    if ((!window.start || pos >= *window.start) && !print(*ev, pos, path)) return false;
    if (buffer_.size() >= flush_threshold) flush();
    pos += frame.size();
  }
  return true;
}

bool decode_run::print(const protocol::event& ev, std::uint64_t pos, const std::string& path) {
  if (auto ok = writer_.append(buffer_, ev, pos); !ok) return fail(ok.error(), pos, path);
  const auto* payload = std::get_if<protocol::transaction_payload_event>(&ev.body);
  if (payload == nullptr) return true;
  std::uint64_t inner_pos = 0;  // offset inside the uncompressed payload
  for (const auto& inner : payload->events) {
    if (auto ok = writer_.append(buffer_, inner, inner_pos, pos); !ok) return fail(ok.error(), pos, path);
    inner_pos += inner.header.event_size;
  }
  return true;
}

}  // namespace

int run_binlog_decode(const binlog_decode& cmd, std::ostream& out) {
  decode_run run(out);
  bool ok = true;
  for (std::size_t i = 0; ok && i < cmd.files.size(); ++i) {
    position_window window;
    if (i == 0) window.start = cmd.start_position;
    if (i + 1 == cmd.files.size()) window.stop = cmd.stop_position;
    ok = run.decode_file(cmd.files[i], window);
  }
  run.finish();
  return ok ? 0 : 1;
}

}  // namespace sluice::cli
