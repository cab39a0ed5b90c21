#include "http/rest_body.hpp"

namespace sluice::http {

tl::expected<nlohmann::json, response> object_body(const request& req, bool empty_ok) {
  if (empty_ok && req.body.find_first_not_of(" \t\r\n") == std::string::npos)
    return nlohmann::json::object();
  auto body = nlohmann::json::parse(req.body, nullptr, false);
  if (body.is_discarded())
    return tl::unexpected(json_error(400, "request body is not valid JSON"));
  if (!body.is_object())
    return tl::unexpected(json_error(400, "request body must be a JSON object"));
  return body;
}

response json_reply(int status, const nlohmann::ordered_json& body) {
  return response::text(status, body.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n",
                        "application/json");
}

response json_error(int status, std::string_view message, const nlohmann::ordered_json& extra) {
  nlohmann::ordered_json body{{"error_code", status}, {"error_msg", message}};
  if (extra.is_object())
    for (const auto& [key, value] : extra.items())
      body[key] = value;
  return json_reply(status, body);
}

bool query_flag(const request& req, std::string_view key) {
  auto value = req.query_param(key);
  return value && (value->empty() || *value == "true" || *value == "1");
}

std::vector<std::string> query_list(const request& req, std::string_view key) {
  std::vector<std::string> out;
  std::string_view rest = req.query;
  while (!rest.empty()) {
    const std::size_t amp = rest.find('&');
    const std::string_view pair = rest.substr(0, amp);
    rest = amp == std::string_view::npos ? std::string_view{} : rest.substr(amp + 1);
    const std::size_t eq = pair.find('=');
    if (eq == std::string_view::npos || url_decode(pair.substr(0, eq), true) != key)
      continue;
    std::string_view values = pair.substr(eq + 1);
    while (!values.empty()) {
      const std::size_t comma = values.find(',');
      if (auto v = url_decode(values.substr(0, comma), true); !v.empty())
        out.push_back(std::move(v));
      values = comma == std::string_view::npos ? std::string_view{} : values.substr(comma + 1);
    }
  }
  return out;
}

}  // namespace sluice::http
