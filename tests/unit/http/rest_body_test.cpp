#include "http/rest_body.hpp"

#include <doctest/doctest.h>

using namespace sluice::http;

namespace {

request with_query(std::string query) {
  request r;
  r.query = std::move(query);
  return r;
}

}  // namespace

TEST_CASE("query flags as DM reads booleans") {
  CHECK(query_flag(with_query("with_status"), "with_status"));
  CHECK(query_flag(with_query("with_status=true"), "with_status"));
  CHECK(query_flag(with_query("a=1&with_status=1"), "with_status"));
  CHECK_FALSE(query_flag(with_query("with_status=false"), "with_status"));
  CHECK_FALSE(query_flag(with_query(""), "with_status"));
  CHECK_FALSE(query_flag(with_query("force=true"), "with_status"));
}

TEST_CASE("query lists: repeated and comma-separated") {
  CHECK(query_list(with_query("source_name_list=a&source_name_list=b"), "source_name_list") ==
        std::vector<std::string>{"a", "b"});
  CHECK(query_list(with_query("source_name_list=a,b%2Cc&x=y"), "source_name_list") ==
        std::vector<std::string>{"a", "b,c"});
  CHECK(query_list(with_query("x=1"), "source_name_list").empty());
}

TEST_CASE("bodies: a JSON object or a 400 saying why") {
  request r;
  r.body = R"({"a": 1})";
  REQUIRE(object_body(r).has_value());
  r.body = "[1]";
  auto not_object = object_body(r);
  REQUIRE_FALSE(not_object.has_value());
  CHECK(not_object.error().status == 400);
  CHECK(not_object.error().body.find("JSON object") != std::string::npos);
  r.body = "{nope";
  CHECK(object_body(r).error().body.find("not valid JSON") != std::string::npos);
  r.body = " \n";
  CHECK_FALSE(object_body(r).has_value());
  CHECK(object_body(r, true).has_value());
}

TEST_CASE("errors: DM's ErrorWithMessage plus extra members") {
  const response e = json_error(409, "task t already exists", {{"check_result", "x"}});
  CHECK(e.status == 409);
  const auto body = nlohmann::json::parse(e.body);
  CHECK(body["error_code"] == 409);
  CHECK(body["error_msg"] == "task t already exists");
  CHECK(body["check_result"] == "x");
  CHECK(nlohmann::json::parse(json_error(400, "bad").body).size() == 2);
}
