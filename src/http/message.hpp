#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace sluice::http {

/// One HTTP request as a handler sees it. The server builds it per request on a civetweb
/// worker thread; the router fills `params` from the `{name}` segments of the matched route.
struct request {
  std::string method;
  std::string path;   // URL-decoded path, without the query string
  std::string query;  // raw query string (still URL-encoded), without '?'
  std::string body;
  std::map<std::string, std::string> params;
  std::string remote_addr;

  /// Value of the first `key=value` pair in `query` whose decoded key is `key`, decoded
  /// (`+` and `%XX`). A bare `key` yields "". nullopt when the key is absent.
  std::optional<std::string> query_param(std::string_view key) const;
};

/// What a handler returns; the server writes it with Content-Type and Content-Length.
struct response {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  /// Extra headers beyond Content-Type/Content-Length, e.g. `Allow` on a 405.
  std::vector<std::pair<std::string, std::string>> headers;

  static response json(int status, const nlohmann::json& body);
  static response text(int status, std::string body,
                       std::string content_type = "text/plain; charset=utf-8");
  /// The server's own error shape: {"error_code": status, "error_msg": message}.
  static response error(int status, std::string_view message);
};

/// Decodes `%XX` escapes (and `+` as space when `plus_is_space`). A malformed escape is kept
/// as written: query strings come from users' shells, and a lenient decode is the kinder answer.
std::string url_decode(std::string_view in, bool plus_is_space);

}  // namespace sluice::http
