#include "cli/reply.hpp"

#include <nlohmann/json.hpp>

namespace sluice::cli {

namespace {

using json = nlohmann::ordered_json;

std::string pretty(const json& value) {
  return value.dump(4, ' ', false, json::error_handler_t::replace) + "\n";
}

std::string shorten(std::string_view text) {
  constexpr std::size_t limit = 200;
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' '))
    text.remove_suffix(1);
  if (text.size() <= limit) return std::string(text);
  return std::string(text.substr(0, limit)) + "...";
}

}  // namespace

outcome render_failure(std::string_view message) {
  return outcome{pretty(json{{"result", false}, {"msg", message}}), 1};
}

outcome render_reply(int http_status, std::string_view body, std::string_view master) {
  const json parsed = json::parse(body, nullptr, false);
  if (parsed.is_object()) {
    const auto result = parsed.find("result");
    if (result != parsed.end() && result->is_boolean()) {
      const bool ok = result->get<bool>() && http_status < 400;
      return outcome{pretty(parsed), ok ? 0 : 1};
    }
  }
  std::string detail;
  if (parsed.is_object() && parsed.contains("error_msg") && parsed["error_msg"].is_string()) {
    detail = parsed["error_msg"].get<std::string>();
  } else {
    detail = shorten(body);
  }
  std::string message = "sluice at " + std::string(master) + " answered HTTP " +
                        std::to_string(http_status);
  if (!detail.empty()) message += ": " + detail;
  return render_failure(message);
}

outcome render_ciphertext(std::string_view body) {
  const json parsed = json::parse(body, nullptr, false);
  if (!parsed.is_object() || !parsed.contains("ciphertext") || !parsed["ciphertext"].is_string())
    return render_failure("sluice answered encrypt without a ciphertext: " + shorten(body));
  return outcome{parsed["ciphertext"].get<std::string>() + "\n", 0};
}

}  // namespace sluice::cli
