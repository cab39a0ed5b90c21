#include "actors/state_store.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace sluice::actors {

namespace fs = std::filesystem;

namespace {

tl::expected<void, std::string> write_atomically(const fs::path& path, const std::string& text) {
  auto tmp = path;
  tmp += ".tmp";
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0)
    return tl::unexpected("cannot write " + tmp.string() + ": " + std::strerror(errno));
  const char* p = text.data();
  std::size_t left = text.size();
  while (left > 0) {
    auto n = ::write(fd, p, left);
    if (n < 0) {
      if (errno == EINTR)
        continue;
      std::string err = std::strerror(errno);
      ::close(fd);
      return tl::unexpected("cannot write " + tmp.string() + ": " + err);
    }
    p += n;
    left -= static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0 || ::close(fd) != 0)
    return tl::unexpected("cannot sync " + tmp.string() + ": " + std::strerror(errno));
  std::error_code ec;
  fs::rename(tmp, path, ec);
  if (ec)
    return tl::unexpected("cannot rename " + tmp.string() + ": " + ec.message());
  return {};
}

std::string read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

tl::expected<void, std::string> remove_file(const fs::path& path) {
  std::error_code ec;
  fs::remove(path, ec);
  if (ec)
    return tl::unexpected("cannot remove " + path.string() + ": " + ec.message());
  return {};
}

}  // namespace

state_store::state_store(fs::path dir) : dir_(std::move(dir)) {}

tl::expected<void, std::string> state_store::open() {
  std::error_code ec;
  fs::create_directories(dir_ / "sources", ec);
  if (!ec)
    fs::create_directories(dir_ / "tasks", ec);
  if (ec)
    return tl::unexpected("cannot create data dir " + dir_.string() + ": " + ec.message());
  return {};
}

tl::expected<void, std::string> state_store::save_source(const std::string& id, const std::string& text) {
  return write_atomically(dir_ / "sources" / (id + ".yaml"), text);
}

tl::expected<void, std::string> state_store::remove_source(const std::string& id) {
  return remove_file(dir_ / "sources" / (id + ".yaml"));
}

tl::expected<void, std::string> state_store::save_task(const std::string& name, const std::string& text) {
  return write_atomically(dir_ / "tasks" / (name + ".yaml"), text);
}

tl::expected<void, std::string> state_store::save_task_stage(const std::string& name, const std::string& stage) {
  return write_atomically(dir_ / "tasks" / (name + ".stage"), stage);
}

tl::expected<void, std::string> state_store::remove_task(const std::string& name) {
  if (auto r = remove_file(dir_ / "tasks" / (name + ".yaml")); !r)
    return r;
  return remove_file(dir_ / "tasks" / (name + ".stage"));
}

std::vector<stored_file> state_store::sources() const {
  std::vector<stored_file> out;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir_ / "sources", ec))
    if (e.path().extension() == ".yaml")
      out.push_back({e.path().stem().string(), read_text(e.path()), {}});
  return out;
}

std::vector<stored_file> state_store::tasks() const {
  std::vector<stored_file> out;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir_ / "tasks", ec)) {
    if (e.path().extension() != ".yaml")
      continue;
    auto stage_path = e.path();
    stage_path.replace_extension(".stage");
    auto stage = fs::exists(stage_path) ? read_text(stage_path) : std::string("Running");
    out.push_back({e.path().stem().string(), read_text(e.path()), stage});
  }
  return out;
}

}  // namespace sluice::actors
