#include "cli/reply.hpp"

#include <doctest/doctest.h>

using namespace sluice::cli;

TEST_CASE("a dmctl-shaped reply is printed as sent, 4-space indented, key order kept") {
  const outcome ok = render_reply(
      200, R"({"result":true,"msg":"","sources":[{"result":true,"msg":"","source":"mysql-01","worker":"w"}]})",
      "h:1");
  CHECK(ok.exit_code == 0);
  CHECK(ok.text ==
        "{\n"
        "    \"result\": true,\n"
        "    \"msg\": \"\",\n"
        "    \"sources\": [\n"
        "        {\n"
        "            \"result\": true,\n"
        "            \"msg\": \"\",\n"
        "            \"source\": \"mysql-01\",\n"
        "            \"worker\": \"w\"\n"
        "        }\n"
        "    ]\n"
        "}\n");
}

TEST_CASE("result false exits 1, even on HTTP 200") {
  const outcome no = render_reply(200, R"({"result":false,"msg":"task test not found"})", "h:1");
  CHECK(no.exit_code == 1);
  CHECK(no.text.find("\"msg\": \"task test not found\"") != std::string::npos);

  const outcome not_found = render_reply(404, R"({"result":false,"msg":"task x not found"})", "h:1");
  CHECK(not_found.exit_code == 1);
  CHECK(not_found.text.find("task x not found") != std::string::npos);

  // A true result on an HTTP error status is still a failure.
  CHECK(render_reply(500, R"({"result":true,"msg":""})", "h:1").exit_code == 1);
}

TEST_CASE("server errors and non-JSON replies become dmctl-shaped failures") {
  const outcome bad = render_reply(400, R"({"error_code":400,"error_msg":"request body must be a JSON object"})",
                                   "127.0.0.1:8261");
  CHECK(bad.exit_code == 1);
  CHECK(bad.text ==
        "{\n"
        "    \"result\": false,\n"
        "    \"msg\": \"sluice at 127.0.0.1:8261 answered HTTP 400: request body must be a JSON object\"\n"
        "}\n");

  const outcome html = render_reply(502, "<html>Bad Gateway</html>\n", "h:1");
  CHECK(html.exit_code == 1);
  CHECK(html.text.find("answered HTTP 502: <html>Bad Gateway</html>\"") != std::string::npos);

  const outcome empty = render_reply(204, "", "h:1");
  CHECK(empty.exit_code == 1);
  CHECK(empty.text.find("answered HTTP 204\"") != std::string::npos);

  const outcome long_body = render_reply(500, std::string(1000, 'x'), "h:1");
  CHECK(long_body.text.find(std::string(200, 'x') + "...") != std::string::npos);
  CHECK(long_body.text.find(std::string(201, 'x')) == std::string::npos);
}

TEST_CASE("render_failure") {
  const outcome f = render_failure("cannot reach sluice at h:1: connection refused");
  CHECK(f.exit_code == 1);
  CHECK(f.text ==
        "{\n    \"result\": false,\n    \"msg\": \"cannot reach sluice at h:1: connection refused\"\n}\n");
}
