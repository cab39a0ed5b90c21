#pragma once

#include <string>
#include <string_view>

namespace sluice::cli {

/// What sluicectl prints on stdout and the exit status that goes with it.
struct outcome {
  std::string text;  // JSON, 4-space indented (dmctl's style), with a trailing newline
  int exit_code = 1;
};

/// The server answered: a JSON object with a boolean "result" is printed as sent (key order
/// kept) and exits 0 only when result is true and the status is below 400. Anything else (the
/// server's own {"error_code","error_msg"}, HTML from a proxy, ...) becomes a dmctl-shaped
/// failure naming the HTTP status.
outcome render_reply(int http_status, std::string_view body, std::string_view master);

/// A failure on our side: {"result": false, "msg": message}, exit 1.
outcome render_failure(std::string_view message);

/// `encrypt`'s successful answer: the "ciphertext" alone on one line, as dmctl prints it.
outcome render_ciphertext(std::string_view body);

}  // namespace sluice::cli
