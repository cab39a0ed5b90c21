// Writes a libFuzzer seed corpus for binlog_decoder_fuzz (see its mode byte) into OUT_DIR:
//
//   binlog_fuzz_seeds OUT_DIR PATH...
//
// PATH is a binlog file or a directory searched recursively; files are read in place (the
// public vectors are never copied into the project). For every binlog file it writes the whole
// file (mode 1: rewrite CRCs, the file's own FDE) and, per event, a short input on the built-in
// FDE of the file's server family: the event alone, or for a rows event the TABLE_MAPs of its
// statement plus the rows event. A headerless single event (a .bin frame without magic or CRC)
// becomes one input on the MySQL 8.0 FDE without checksum. Every JSON value decoded from the
// rows becomes one JSON-mode input, every GTID set text (and a few written here) one GTID-mode
// input. Seeds are named by a hash of their bytes, so identical
// inputs collapse.
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "protocol/binlog_decoder.hpp"
#include "protocol/binlog_file.hpp"
#include "protocol/event_type.hpp"
#include "protocol/frame.hpp"

namespace {

namespace fs = std::filesystem;
using namespace sluice::protocol;
using bytes = std::vector<std::byte>;

constexpr unsigned fix_crc = 1;
constexpr unsigned no_checksum = 8;
constexpr unsigned json_mode = 16;
constexpr unsigned gtid_mode = 32;
constexpr unsigned mysql80 = 1 << 1, mariadb105 = 2 << 1, mysql57 = 3 << 1;

bytes read_all(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  bytes out(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) out[i] = static_cast<std::byte>(text[i]);
  return out;
}

class seed_writer {
 public:
  explicit seed_writer(fs::path dir) : dir_(std::move(dir)) { fs::create_directories(dir_); }

  void write(unsigned mode, std::initializer_list<std::span<const std::byte>> parts) {
    bytes seed{static_cast<std::byte>(mode)};
    for (const auto part : parts) seed.insert(seed.end(), part.begin(), part.end());
    std::uint64_t hash = 1469598103934665603ULL;  // FNV-1a
    for (const auto b : seed) hash = (hash ^ std::to_integer<std::uint64_t>(b)) * 1099511628211ULL;
    char name[32];
    std::snprintf(name, sizeof name, "seed-%016llx", static_cast<unsigned long long>(hash));
    const fs::path path = dir_ / name;
    if (fs::exists(path)) return;
    std::ofstream(path, std::ios::binary).write(reinterpret_cast<const char*>(seed.data()),
                                                static_cast<std::streamsize>(seed.size()));
    ++count_;
  }
  std::size_t count() const noexcept { return count_; }

 private:
  fs::path dir_;
  std::size_t count_ = 0;
};

unsigned family_mode(const format_description_event& fde) {
  unsigned mode = fde.is_mariadb() ? mariadb105 : fde.server_version.starts_with("5.") ? mysql57 : mysql80;
  return mode | (fde.checksum == checksum_alg::crc32 ? 0U : no_checksum) | fix_crc;
}

bool is_rows(std::uint8_t type) {
  return (type >= event_type::write_rows_v1 && type <= event_type::delete_rows_v1) ||
         (type >= event_type::write_rows_v2 && type <= event_type::delete_rows_v2) ||
         type == event_type::partial_update_rows ||
         (type >= event_type::write_rows_compressed_v1 && type <= event_type::delete_rows_compressed_v2);
}

void write_text(unsigned mode, std::string_view text, seed_writer& out) {
  out.write(mode, {std::as_bytes(std::span(text.data(), text.size()))});
}

// One GTID-mode seed per PREVIOUS_GTIDS or GTID_LIST text.
void seed_gtid(const event& ev, seed_writer& out) {
  if (const auto* previous = std::get_if<previous_gtids_event>(&ev.body)) {
    if (!previous->gtid_set.empty()) write_text(gtid_mode, previous->gtid_set, out);
  } else if (const auto* list = std::get_if<gtid_list_event>(&ev.body)) {
    std::string text;
    for (const auto& gtid : list->gtids) text += (text.empty() ? "" : ",") + to_string(gtid);
    if (!text.empty()) write_text(gtid_mode, text, out);
  }
}

// One JSON-mode seed per JSON value (document or diff value) in the rows of `ev`.
void seed_json(const event& ev, seed_writer& out) {
  const auto write = [&out](const std::string& binary) {
    out.write(json_mode, {std::as_bytes(std::span(binary.data(), binary.size()))});
  };
  if (const auto* payload = std::get_if<transaction_payload_event>(&ev.body)) {
    for (const auto& inner : payload->events) seed_json(inner, out);
  } else if (const auto* rows = std::get_if<rows_event>(&ev.body)) {
    for (const auto& row : rows->rows)
      for (const auto* image : {&row.before, &row.after})
        for (const auto& value : *image)
          if (const auto* json = std::get_if<json_cell>(&value)) {
            if (!json->partial) write(json->binary);
            for (const auto& diff : json->diffs)
              if (!diff.value.empty()) write(diff.value);
          }
  }
}

void seed_binlog(const bytes& file, seed_writer& out) {
  auto frames = split_binlog_file(file);
  if (!frames) return;
  out.write(fix_crc, {file});
  binlog_decoder decoder;
  std::vector<std::span<const std::byte>> maps;  // TABLE_MAPs of the current statement
  bool statement_ended = false;
  for (const auto frame : *frames) {
    const auto type = std::to_integer<std::uint8_t>(frame[4]);
    const auto ev = decoder.decode(frame);
    if (ev) seed_json(*ev, out);
    if (ev) seed_gtid(*ev, out);
    if (type == event_type::format_description || decoder.format() == nullptr) continue;
    const unsigned mode = family_mode(*decoder.format());
    if (type == event_type::table_map) {
      if (statement_ended) maps.clear();
      statement_ended = false;
      maps.push_back(frame);
    } else if (is_rows(type)) {
      bytes statement;
      for (const auto map : maps) statement.insert(statement.end(), map.begin(), map.end());
      out.write(mode, {statement, frame});
      if (ev && std::get<rows_event>(ev->body).end_of_statement()) statement_ended = true;
    } else {
      out.write(mode, {frame});
    }
  }
}

// One event with no magic and no CRC trailer; its event_size is set to what the file holds.
void seed_bare_event(bytes frame, seed_writer& out) {
  const auto size = static_cast<std::uint32_t>(frame.size());
  for (std::size_t i = 0; i < 4; ++i) frame[9 + i] = static_cast<std::byte>((size >> (8 * i)) & 0xffU);
  out.write(mysql80 | no_checksum | fix_crc, {frame});
}

void seed_path(const fs::path& path, seed_writer& out) {
  const bytes file = read_all(path);
  if (file.size() >= binlog_magic_size && file[0] == std::byte{0xfe} && file[1] == std::byte{'b'} &&
      file[2] == std::byte{'i'} && file[3] == std::byte{'n'}) {
    seed_binlog(file, out);
  } else if (path.extension() == ".bin" && file.size() >= event_header_size) {
    seed_bare_event(file, out);
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: %s OUT_DIR PATH...\n", argv[0]);
    return 2;
  }
  seed_writer out(argv[1]);
  // "A|B": the fuzz target checks the algebra of the two sets against each other.
  for (const char* text : {"3E11FA47-71CA-11E1-9E33-C80AA9429562:1-5:7:tag_a:1-3:9,\n"
                           "93e95066a2f411ec9b699657f0ae95e2:1-9:20-30|"
                           "93e95066-a2f4-11ec-9b69-9657f0ae95e2:4-12:x:2,"
                           "3e11fa47-71ca-11e1-9e33-c80aa9429562:5:tag_a:2-8",
                           "0-1-100, 1-2-5,4294967295-7-18446744073709551615|0-3-7"})
    write_text(gtid_mode, text, out);
  for (int i = 2; i < argc; ++i) {
    const fs::path root(argv[i]);
    if (fs::is_regular_file(root)) {
      seed_path(root, out);
    } else if (fs::is_directory(root)) {
      for (const auto& entry : fs::recursive_directory_iterator(root))
        if (entry.is_regular_file()) seed_path(entry.path(), out);
    } else {
      std::fprintf(stderr, "binlog_fuzz_seeds: %s: no such file or directory\n", argv[i]);
      return 1;
    }
  }
  std::printf("%zu seeds in %s\n", out.count(), argv[1]);
  return 0;
}
