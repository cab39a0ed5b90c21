#include "cli/request_builder.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>

#include <nlohmann/json.hpp>

namespace sluice::cli {

namespace {

using json = nlohmann::ordered_json;

tl::expected<json, std::string> file_entry(const std::string& path, const file_reader& read) {
  auto text = read(path);
  if (!text) return tl::unexpected("cannot read " + path + ": " + text.error().reason);
  return json{{"name", path}, {"content", std::move(*text)}};
}

tl::expected<json, std::string> file_entries(const std::vector<std::string>& paths,
                                             const file_reader& read) {
  json files = json::array();
  for (const std::string& path : paths) {
    auto entry = file_entry(path, read);
    if (!entry) return tl::unexpected(entry.error());
    files.push_back(std::move(*entry));
  }
  return files;
}

// A source id as DM allows it; a path-looking argument that is missing is a typo'd file name.
bool looks_like_source_name(const std::string& arg) {
  if (arg.find('/') != std::string::npos) return false;
  for (const char* ext : {".yaml", ".yml"}) {
    const std::size_t n = std::strlen(ext);
    if (arg.size() > n && arg.compare(arg.size() - n, n, ext) == 0) return false;
  }
  return true;
}

std::string dump(const json& body) {
  return body.dump(-1, ' ', false, json::error_handler_t::replace);
}

struct builder {
  const file_reader& read;

  tl::expected<api_request, std::string> operator()(const show_help&) const {
    return tl::unexpected(std::string("help is not a server call"));
  }
  tl::expected<api_request, std::string> operator()(const binlog_decode&) const {
    return tl::unexpected(std::string("binlog decode runs locally, not on the server"));
  }
  tl::expected<api_request, std::string> operator()(const operate_source_create& c) const {
    auto files = file_entries(c.files, read);
    if (!files) return tl::unexpected(files.error());
    return post("operate-source", json{{"op", "create"}, {"files", std::move(*files)}});
  }
  tl::expected<api_request, std::string> operator()(const operate_source_show& c) const {
    return post("operate-source", json{{"op", "show"}, {"sources", c.sources}});
  }
  tl::expected<api_request, std::string> operator()(const operate_source_stop& c) const {
    json files = json::array();
    json sources = json(c.sources);
    for (const std::string& target : c.targets) {
      auto text = read(target);
      if (text) {
        files.push_back(json{{"name", target}, {"content", std::move(*text)}});
      } else if (text.error().missing && looks_like_source_name(target)) {
        sources.push_back(target);
      } else {
        return tl::unexpected("cannot read " + target + ": " + text.error().reason);
      }
    }
    return post("operate-source",
                json{{"op", "stop"}, {"files", std::move(files)}, {"sources", std::move(sources)}});
  }
  tl::expected<api_request, std::string> operator()(const start_task& c) const {
    auto entry = file_entry(c.file, read);
    if (!entry) return tl::unexpected(entry.error());
    return post("start-task", std::move(*entry));
  }
  tl::expected<api_request, std::string> operator()(const check_task& c) const {
    auto entry = file_entry(c.file, read);
    if (!entry) return tl::unexpected(entry.error());
    return post("check-task", std::move(*entry));
  }
  tl::expected<api_request, std::string> operator()(const encrypt& c) const {
    return post("encrypt", json{{"plaintext", c.plaintext}});
  }
  tl::expected<api_request, std::string> operator()(const query_status& c) const {
    std::string target = "/api/v1/ctl/query-status";
    if (c.task) target += "?task=" + url_encode(*c.task);
    return api_request{"GET", std::move(target), ""};
  }
  tl::expected<api_request, std::string> operator()(const operate_task& c) const {
    const char* path = c.op == task_op::pause    ? "pause-task"
                       : c.op == task_op::resume ? "resume-task"
                                                 : "stop-task";
    return post(path, json{{"task", c.task}});
  }

  static api_request post(const std::string& command, const json& body) {
    return api_request{"POST", "/api/v1/ctl/" + command, dump(body)};
  }
};

}  // namespace

file_reader disk_reader() {
  return [](const std::string& path) -> tl::expected<std::string, file_error> {
    std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "rb"),
                                                          &std::fclose);
    if (!file) {
      const int err = errno;
      return tl::unexpected(file_error{err == ENOENT, std::strerror(err)});
    }
    std::string text;
    char buffer[65536];
    while (true) {
      const std::size_t n = std::fread(buffer, 1, sizeof buffer, file.get());
      text.append(buffer, n);
      if (n < sizeof buffer) break;
    }
    if (std::ferror(file.get())) {
      // Reading a directory fails here with EISDIR.
      const int err = errno;
      return tl::unexpected(file_error{false, std::strerror(err)});
    }
    return text;
  };
}

tl::expected<api_request, std::string> build_request(const command& cmd, const file_reader& read) {
  return std::visit(builder{read}, cmd);
}

std::string url_encode(std::string_view in) {
  static constexpr char hex[] = "0123456789ABCDEF";
  std::string out;
  for (const char ch : in) {
    const auto c = static_cast<unsigned char>(ch);
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
        c == '.' || c == '_' || c == '~') {
      out.push_back(ch);
    } else {
      out.push_back('%');
      out.push_back(hex[c >> 4]);
      out.push_back(hex[c & 0x0F]);
    }
  }
  return out;
}

}  // namespace sluice::cli
