#include "http/router.hpp"

#include <algorithm>
#include <exception>
#include <memory>
#include <set>
#include <stdexcept>

namespace sluice::http {

namespace {

// Splits "/a/b/c" into {"a","b","c"}; "/" gives {}. Empty segments ("//") are kept so that
// they never match a route.
std::vector<std::string_view> split_path(std::string_view path) {
  std::vector<std::string_view> parts;
  if (path.size() > 1 && path.back() == '/') path.remove_suffix(1);
  if (path.empty() || path == "/") return parts;
  if (path.front() == '/') path.remove_prefix(1);
  while (true) {
    const std::size_t slash = path.find('/');
    parts.push_back(path.substr(0, slash));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return parts;
}

std::string shorten(std::string_view s) {
  constexpr std::size_t limit = 64;
  if (s.size() <= limit) return std::string(s);
  return std::string(s.substr(0, limit)) + "...";
}

route index_route(const std::vector<route>& routes) {
  // ordered_json: each entry reads method, path, help, as a person scans it.
  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  for (const route& r : routes) {
    list.push_back({{"method", r.method}, {"path", r.pattern}, {"help", r.help}});
  }
  list.push_back({{"method", "GET"}, {"path", "/"}, {"help", "this list of routes"}});
  const nlohmann::ordered_json body{{"routes", std::move(list)}};
  auto text = std::make_shared<const std::string>(
      body.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace));
  return route{"GET", "/", "this list of routes", [text](const request&) {
                 return response::text(200, *text, "application/json");
               }};
}

}  // namespace

bool is_valid_name(std::string_view name) {
  if (name.empty() || name.size() > 128) return false;
  if (name.find("..") != std::string_view::npos) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '_' || c == '.' || c == '-';
  });
}

router::router(std::vector<route> routes) : routes_(std::move(routes)) {
  const bool has_index = std::any_of(routes_.begin(), routes_.end(), [](const route& r) {
    return r.method == "GET" && r.pattern == "/";
  });
  if (!has_index) routes_.push_back(index_route(routes_));

  std::set<std::pair<std::string, std::string>> seen;
  for (const route& r : routes_) {
    const std::string where = r.method + " " + r.pattern;
    if (r.method.empty() ||
        !std::all_of(r.method.begin(), r.method.end(), [](char c) { return c >= 'A' && c <= 'Z'; }))
      throw std::invalid_argument("route " + where + ": method must be upper-case letters");
    if (r.pattern.empty() || r.pattern.front() != '/')
      throw std::invalid_argument("route " + where + ": pattern must start with '/'");
    if (!r.fn) throw std::invalid_argument("route " + where + ": no handler");
    if (!seen.emplace(r.method, r.pattern).second)
      throw std::invalid_argument("route " + where + ": declared twice");

    compiled_route c;
    std::set<std::string_view> captures;
    for (std::string_view part : split_path(r.pattern)) {
      if (part.empty()) throw std::invalid_argument("route " + where + ": empty segment");
      const bool capture = part.front() == '{';
      if (capture) {
        if (part.size() < 3 || part.back() != '}')
          throw std::invalid_argument("route " + where + ": malformed capture");
        part = part.substr(1, part.size() - 2);
        if (!captures.insert(part).second)
          throw std::invalid_argument("route " + where + ": capture used twice");
      } else {
        ++c.literals;
      }
      c.segments.push_back(segment{std::string(part), capture});
    }
    compiled_.push_back(std::move(c));
  }
}

bool router::matches(const compiled_route& r, const std::vector<std::string_view>& parts) const {
  if (r.segments.size() != parts.size()) return false;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (parts[i].empty()) return false;
    if (!r.segments[i].capture && r.segments[i].text != parts[i]) return false;
  }
  return true;
}

response router::dispatch(const request& req) const {
  const std::vector<std::string_view> parts = split_path(req.path);

  const compiled_route* best = nullptr;
  const route* best_route = nullptr;
  std::set<std::string> allowed;
  for (std::size_t i = 0; i < routes_.size(); ++i) {
    if (!matches(compiled_[i], parts)) continue;
    allowed.insert(routes_[i].method);
    if (routes_[i].method != req.method) continue;
    if (best == nullptr || compiled_[i].literals > best->literals) {
      best = &compiled_[i];
      best_route = &routes_[i];
    }
  }

  if (allowed.empty()) {
    return response::error(404, "no route for " + shorten(req.path) + " (GET / lists the routes)");
  }
  if (best == nullptr) {
    std::string list;
    for (const std::string& m : allowed) list += (list.empty() ? "" : ", ") + m;
    response r = response::error(
        405, "method " + shorten(req.method) + " is not allowed for " + shorten(req.path) +
                 "; allowed: " + list);
    r.headers.emplace_back("Allow", list);
    return r;
  }

  request bound = req;
  bound.params.clear();
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const segment& seg = best->segments[i];
    if (!seg.capture) continue;
    if (!is_valid_name(parts[i])) {
      return response::error(400, "invalid " + seg.text + " \"" + shorten(parts[i]) +
                                      "\": expected 1-128 characters of A-Z a-z 0-9 _ . - "
                                      "without \"..\"");
    }
    bound.params.emplace(seg.text, std::string(parts[i]));
  }

  try {
    return best_route->fn(bound);
  } catch (const std::exception& e) {
    return response::error(500, "internal error in " + req.method + " " + best_route->pattern +
                                    ": " + e.what());
  } catch (...) {
    return response::error(500, "internal error in " + req.method + " " + best_route->pattern +
                                    ": unknown exception");
  }
}

}  // namespace sluice::http
