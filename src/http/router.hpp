#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "http/message.hpp"

namespace sluice::http {

using handler = std::function<response(const request&)>;

/// One row of the route table. `pattern` is a path whose segments are literals or `{name}`
/// captures, e.g. "/tasks/{name}/status". `help` is shown by `GET /`.
struct route {
  std::string method;
  std::string pattern;
  std::string help;
  handler fn;
};

/// The one route table of the server. Built once at startup (a malformed table throws
/// std::invalid_argument: that is a programming error), immutable afterwards, so `dispatch`
/// may run on any number of threads at once.
///
/// dispatch answers 404 for an unknown path, 405 (with an `Allow` header and the allowed
/// methods in the message) for a known path with another method, 400 when a `{name}` segment
/// is not a valid name, and 500 when a handler throws. `GET /` lists the table unless the
/// table has its own `GET /` route. Errors are {"error_code": status, "error_msg": "..."}.
class router {
 public:
  explicit router(std::vector<route> routes);

  response dispatch(const request& req) const;

  const std::vector<route>& routes() const { return routes_; }

 private:
  struct segment {
    std::string text;  // literal text, or the capture name
    bool capture = false;
  };
  struct compiled_route {
    std::vector<segment> segments;
    std::size_t literals = 0;  // more literal segments = more specific
  };

  bool matches(const compiled_route& r, const std::vector<std::string_view>& parts) const;

  std::vector<route> routes_;
  std::vector<compiled_route> compiled_;
};

/// Names in paths (task, source): 1-128 of [A-Za-z0-9_.-], never containing "..".
bool is_valid_name(std::string_view name);

}  // namespace sluice::http
