#pragma once

#include <functional>
#include <string>

#include <tl/expected.hpp>

#include "cli/command.hpp"

namespace sluice::cli {

/// One call to sluice's control API (interfaces.md: /api/v1/ctl/...).
struct api_request {
  std::string method;  // "GET" or "POST"
  std::string target;  // path and query, URL-encoded
  std::string body;    // JSON text, empty for GET
};

/// Why a file could not be read; `missing` tells "no such file" from other failures.
struct file_error {
  bool missing = false;
  std::string reason;
};
using file_reader = std::function<tl::expected<std::string, file_error>(const std::string& path)>;

/// Reads whole files from disk.
file_reader disk_reader();

/// Turns a command into its API call, reading the files it names through `read`. Errors say
/// which file could not be read and why. `operate-source stop ARG` sends ARG as a file when it
/// can be read, and as a source name when no such file exists and ARG looks like a name.
tl::expected<api_request, std::string> build_request(const command& cmd, const file_reader& read);

/// Percent-encodes everything outside RFC 3986's unreserved set.
std::string url_encode(std::string_view in);

}  // namespace sluice::cli
