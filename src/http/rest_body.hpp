#pragma once
// Small pieces the REST handlers share: JSON bodies in and out, query flags and lists. Pure.

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>
#include <tl/expected.hpp>

#include "http/message.hpp"

namespace sluice::http {

/// The body as a JSON object; an empty body is an empty object when `empty_ok`. Otherwise a
/// 400 response saying what is wrong.
tl::expected<nlohmann::json, response> object_body(const request& req, bool empty_ok = false);

/// `body` pretty-printed (invalid UTF-8 replaced) with `status`.
response json_reply(int status, const nlohmann::ordered_json& body);

/// {"error_code", "error_msg"} plus the members of `extra`.
response json_error(int status, std::string_view message, const nlohmann::ordered_json& extra = {});

/// A boolean query parameter as DM reads one: present as "", "true" or "1" is true.
bool query_flag(const request& req, std::string_view key);

/// Every value of a repeated (`k=a&k=b`) or comma-separated (`k=a,b`) query parameter.
std::vector<std::string> query_list(const request& req, std::string_view key);

}  // namespace sluice::http
