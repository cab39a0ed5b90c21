#include "cli/sluicectl.hpp"

#include <variant>

#include "cli/binlog_decode.hpp"
#include "cli/command.hpp"
#include "cli/http_client.hpp"
#include "cli/reply.hpp"
#include "cli/request_builder.hpp"

namespace sluice::cli {

namespace {

// --auth-token-file: the token without surrounding whitespace; "" without the flag.
tl::expected<std::string, std::string> read_token(const std::string& path) {
  if (path.empty()) return std::string();
  auto text = disk_reader()(path);
  if (!text) return tl::unexpected("--auth-token-file " + path + ": " + text.error().reason);
  const std::size_t first = text->find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return tl::unexpected("--auth-token-file " + path + ": the file is empty");
  return text->substr(first, text->find_last_not_of(" \t\r\n") - first + 1);
}

}  // namespace

int run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  auto inv = parse_command_line(args);
  if (!inv) {
    err << "sluicectl: " << inv.error() << "\n\n" << usage();
    return 2;
  }
  if (std::holds_alternative<show_help>(inv->cmd)) {
    out << usage();
    return 0;
  }
  if (const auto* decode = std::get_if<binlog_decode>(&inv->cmd)) return run_binlog_decode(*decode, out);

  outcome result;
  auto request = build_request(inv->cmd, disk_reader());
  auto token = read_token(inv->auth_token_file);
  if (!request || !token) {
    result = render_failure(!request ? request.error() : token.error());
  } else {
    const http_client client(inv->master.host, inv->master.port,
                             client_security{inv->master.tls, inv->tls_ca_file, std::move(*token)});
    auto reply = client.call(request->method, request->target, request->body);
    result = reply ? render_reply(reply->status, reply->body, inv->master.text)
                   : render_failure("cannot reach sluice at " + inv->master.text + ": " +
                                    reply.error());
    // As dmctl, `encrypt` prints the bare ciphertext so scripts can capture it.
    if (reply && result.exit_code == 0 && std::holds_alternative<encrypt>(inv->cmd))
      result = render_ciphertext(reply->body);
  }
  out << result.text;
  out.flush();
  return result.exit_code;
}

}  // namespace sluice::cli
