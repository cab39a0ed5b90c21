#include "http/router.hpp"

#include <stdexcept>

#include <doctest/doctest.h>

using namespace sluice::http;

namespace {

request make(std::string method, std::string path, std::string body = {}) {
  request r;
  r.method = std::move(method);
  r.path = std::move(path);
  r.body = std::move(body);
  return r;
}

nlohmann::json body_of(const response& r) { return nlohmann::json::parse(r.body); }

router sample() {
  return router({
      {"GET", "/healthz", "liveness", [](const request&) {
         return response::json(200, {{"status", "ok"}});
       }},
      {"GET", "/tasks/{name}/status", "task status", [](const request& r) {
         return response::json(200, {{"task", r.params.at("name")}});
       }},
      {"GET", "/tasks/list", "literal wins over capture", [](const request&) {
         return response::text(200, "list");
       }},
      {"POST", "/tasks/{name}/status", "post status", [](const request& r) {
         return response::text(200, "posted " + r.body);
       }},
      {"GET", "/boom", "throws", [](const request&) -> response {
         throw std::runtime_error("kaput");
       }},
      {"GET", "/boom-int", "throws a non-exception", [](const request&) -> response {
         throw 42;
       }},
  });
}

}  // namespace

TEST_CASE("dispatch finds literal routes and captures names") {
  const router r = sample();
  const response health = r.dispatch(make("GET", "/healthz"));
  CHECK(health.status == 200);
  CHECK(body_of(health)["status"] == "ok");

  const response status = r.dispatch(make("GET", "/tasks/test-1.a_b/status"));
  CHECK(status.status == 200);
  CHECK(body_of(status)["task"] == "test-1.a_b");

  CHECK(r.dispatch(make("GET", "/tasks/list")).body == "list");
  CHECK(r.dispatch(make("POST", "/tasks/t/status", "x")).body == "posted x");
  CHECK(r.dispatch(make("GET", "/healthz/")).status == 200);
}

TEST_CASE("unknown paths are 404 with the JSON error shape") {
  const router r = sample();
  for (const char* path : {"/nope", "/tasks", "/tasks/x", "/tasks/x/status/more", "//healthz",
                           "/tasks//status", ""}) {
    CAPTURE(path);
    const response res = r.dispatch(make("GET", path));
    if (std::string(path).empty()) {
      CHECK(res.status == 200);  // an empty path is the root
      continue;
    }
    CHECK(res.status == 404);
    CHECK(body_of(res)["error_code"] == 404);
    CHECK(body_of(res)["error_msg"].get<std::string>().find("no route") != std::string::npos);
  }
}

TEST_CASE("wrong method is 405 and names the allowed methods") {
  const router r = sample();
  const response res = r.dispatch(make("DELETE", "/tasks/t/status"));
  CHECK(res.status == 405);
  CHECK(body_of(res)["error_code"] == 405);
  CHECK(body_of(res)["error_msg"].get<std::string>().find("allowed: GET, POST") !=
        std::string::npos);
  REQUIRE(res.headers.size() == 1);
  CHECK(res.headers[0].first == "Allow");
  CHECK(res.headers[0].second == "GET, POST");

  CHECK(r.dispatch(make("POST", "/healthz")).status == 405);
  CHECK(r.dispatch(make("POST", "/")).status == 405);
}

TEST_CASE("invalid names in captures are 400") {
  const router r = sample();
  const std::string too_long(129, 'a');
  for (const std::string& name : {std::string(".."), std::string("a..b"), std::string("a b"),
                                  std::string("a%2F"), std::string("ü"), too_long,
                                  std::string("a;drop")}) {
    CAPTURE(name);
    const response res = r.dispatch(make("GET", "/tasks/" + name + "/status"));
    CHECK(res.status == 400);
    CHECK(body_of(res)["error_code"] == 400);
  }
  CHECK(r.dispatch(make("GET", "/tasks/" + std::string(128, 'a') + "/status")).status == 200);
}

TEST_CASE("is_valid_name") {
  CHECK(is_valid_name("mysql-01"));
  CHECK(is_valid_name("a.b_c-D9"));
  CHECK(is_valid_name("."));
  CHECK_FALSE(is_valid_name(""));
  CHECK_FALSE(is_valid_name(".."));
  CHECK_FALSE(is_valid_name("x/y"));
  CHECK_FALSE(is_valid_name(std::string(129, 'x')));
}

TEST_CASE("handler exceptions become 500, never escape") {
  const router r = sample();
  const response res = r.dispatch(make("GET", "/boom"));
  CHECK(res.status == 500);
  CHECK(body_of(res)["error_code"] == 500);
  CHECK(body_of(res)["error_msg"].get<std::string>().find("kaput") != std::string::npos);
  CHECK(r.dispatch(make("GET", "/boom-int")).status == 500);
}

TEST_CASE("GET / lists routes with help") {
  const router r = sample();
  const response res = r.dispatch(make("GET", "/"));
  CHECK(res.status == 200);
  const auto routes = body_of(res)["routes"];
  REQUIRE(routes.is_array());
  CHECK(routes.size() == 7);
  CHECK(routes[0]["method"] == "GET");
  CHECK(routes[0]["path"] == "/healthz");
  CHECK(routes[0]["help"] == "liveness");
  CHECK(routes[3]["method"] == "POST");
  CHECK(res.body.rfind(R"({"routes":[{"method":"GET","path":"/healthz","help":"liveness"})", 0) == 0);
}

TEST_CASE("a table with its own GET / keeps it") {
  const router r({{"GET", "/", "custom", [](const request&) { return response::text(200, "mine"); }}});
  CHECK(r.dispatch(make("GET", "/")).body == "mine");
  CHECK(r.routes().size() == 1);
}

TEST_CASE("malformed tables are rejected at construction") {
  const handler ok = [](const request&) { return response::text(200, ""); };
  CHECK_THROWS_AS(router({{"get", "/x", "", ok}}), std::invalid_argument);
  CHECK_THROWS_AS(router({{"GET", "x", "", ok}}), std::invalid_argument);
  CHECK_THROWS_AS(router({{"GET", "/x", "", nullptr}}), std::invalid_argument);
  CHECK_THROWS_AS(router({{"GET", "/x", "", ok}, {"GET", "/x", "", ok}}), std::invalid_argument);
  CHECK_THROWS_AS(router({{"GET", "/a//b", "", ok}}), std::invalid_argument);
  CHECK_THROWS_AS(router({{"GET", "/a/{b", "", ok}}), std::invalid_argument);
  CHECK_THROWS_AS(router({{"GET", "/{a}/{a}", "", ok}}), std::invalid_argument);
  CHECK_NOTHROW(router({{"GET", "/x", "", ok}, {"POST", "/x", "", ok}}));
}
