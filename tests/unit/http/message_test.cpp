#include "http/message.hpp"

#include <doctest/doctest.h>

using sluice::http::request;
using sluice::http::response;
using sluice::http::url_decode;

TEST_CASE("url_decode handles escapes, plus and malformed input") {
  CHECK(url_decode("a%20b", false) == "a b");
  CHECK(url_decode("a+b", true) == "a b");
  CHECK(url_decode("a+b", false) == "a+b");
  CHECK(url_decode("%41%62", false) == "Ab");
  CHECK(url_decode("100%", false) == "100%");
  CHECK(url_decode("%4", false) == "%4");
  CHECK(url_decode("%zz", false) == "%zz");
  CHECK(url_decode("", true).empty());
}

TEST_CASE("query_param finds decoded keys and values") {
  request req;
  req.query = "task=my+task&empty&x=1&task=second&enc%5Fkey=%2Fv";
  CHECK(req.query_param("task") == std::optional<std::string>("my task"));
  CHECK(req.query_param("empty") == std::optional<std::string>(""));
  CHECK(req.query_param("x") == std::optional<std::string>("1"));
  CHECK(req.query_param("enc_key") == std::optional<std::string>("/v"));
  CHECK_FALSE(req.query_param("missing").has_value());
  CHECK_FALSE(req.query_param("tas").has_value());

  request none;
  CHECK_FALSE(none.query_param("task").has_value());
}

TEST_CASE("response helpers") {
  const response j = response::json(201, nlohmann::json{{"a", 1}});
  CHECK(j.status == 201);
  CHECK(j.content_type == "application/json");
  CHECK(j.body == R"({"a":1})");

  const response t = response::text(200, "hello");
  CHECK(t.content_type == "text/plain; charset=utf-8");
  CHECK(t.body == "hello");

  const response e = response::error(404, "nope");
  CHECK(e.status == 404);
  const auto parsed = nlohmann::json::parse(e.body);
  CHECK(parsed["error_code"] == 404);
  CHECK(parsed["error_msg"] == "nope");

  // Invalid UTF-8 must not throw out of a handler's response.
  const response bad = response::json(200, nlohmann::json{{"s", std::string("\xff\xfe")}});
  CHECK(bad.body.find("\"s\"") != std::string::npos);
}
