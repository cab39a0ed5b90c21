#include <doctest/doctest.h>

#include <cstring>

#include "protocol/event_decoders.hpp"
#include "protocol/event_type.hpp"
#include "test_support.hpp"

namespace sluice::protocol::test {
namespace {

std::vector<std::byte> le(std::uint64_t v, int width) {
  std::vector<std::byte> out;
  for (int i = 0; i < width; ++i) out.push_back(static_cast<std::byte>((v >> (8 * i)) & 0xff));
  return out;
}

std::vector<std::byte> concat(std::initializer_list<std::vector<std::byte>> parts) {
  std::vector<std::byte> out;
  for (const auto& p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}

std::vector<std::byte> text(std::string_view s) {
  std::vector<std::byte> out;
  for (const char c : s) out.push_back(static_cast<std::byte>(c));
  return out;
}

std::string le_string(std::uint64_t v) {
  std::string out;
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
  return out;
}

}  // namespace

TEST_CASE("MariaDB 10.11 statement binlog: INTVAR, RAND and USER_VAR as the server wrote them") {
  const auto file = decode_file(project_data_path("protocol/mariadb1011_session_vars.binlog"));

  std::vector<std::pair<int, std::uint64_t>> intvars;
  for (const auto* iv : bodies<intvar_event>(file.events)) intvars.emplace_back(iv->type, iv->value);
  CHECK(intvars == std::vector<std::pair<int, std::uint64_t>>{
                       {2, 1}, {1, 1}, {2, 2}, {2, 3}, {2, 4}, {2, 5}, {2, 6}, {2, 7}, {2, 8}, {2, 9}});

  const auto rands = bodies<rand_event>(file.events);
  REQUIRE(rands.size() == 1);
  CHECK(rands[0]->seed1 == 1032855666);
  CHECK(rands[0]->seed2 == 907723260);

  const auto vars = bodies<user_var_event>(file.events);
  REQUIRE(vars.size() == 6);
  CHECK(vars[0]->name == "s");
  CHECK(vars[0]->value_type == 0);
  CHECK(vars[0]->charset == 45);  // utf8mb4_general_ci
  CHECK(vars[0]->value == "h\xc3\xa9llo");
  CHECK(vars[1]->name == "i");
  CHECK(vars[1]->value_type == 2);
  CHECK(vars[1]->value == le_string(static_cast<std::uint64_t>(-42)));
  CHECK(vars[1]->flags == 0);
  CHECK(vars[2]->name == "r");
  CHECK(vars[2]->value_type == 1);
  double real = 0;
  REQUIRE(vars[2]->value.size() == sizeof real);
  std::memcpy(&real, vars[2]->value.data(), sizeof real);
  CHECK(real == 2.5);
  CHECK(vars[3]->name == "u");
  CHECK(vars[3]->value == le_string(~std::uint64_t{0}));
  CHECK(vars[3]->flags == 1);  // unsigned
  CHECK(vars[4]->name == "dec");
  CHECK(vars[4]->value_type == 4);
  CHECK(vars[5]->name == "n");
  CHECK(vars[5]->is_null);
  CHECK(vars[5]->value.empty());
}

TEST_CASE("INTVAR: exact 9-byte body, known types only") {
  binlog_decoder decoder;
  auto ev = decoder.decode(make_frame(event_type::intvar, concat({le(1, 1), le(77, 8)}), false));
  REQUIRE(ev.has_value());
  CHECK(std::get<intvar_event>(ev->body).type == 1);
  CHECK(std::get<intvar_event>(ev->body).value == 77);
  const auto good = concat({le(2, 1), le(5, 8)});
  for (std::size_t cut = 0; cut < good.size(); ++cut)
    CHECK(detail::decode_intvar(std::span(good).first(cut)).error() == decode_error::truncated);
  CHECK(detail::decode_intvar(concat({good, le(0, 1)})).error() == decode_error::bad_length);
  CHECK(detail::decode_intvar(concat({le(0, 1), le(5, 8)})).error() == decode_error::bad_value);
  CHECK(detail::decode_intvar(concat({le(3, 1), le(5, 8)})).error() == decode_error::bad_value);
}

TEST_CASE("RAND: two 8-byte seeds and nothing else") {
  binlog_decoder decoder;
  auto ev = decoder.decode(make_frame(event_type::rand, concat({le(11, 8), le(22, 8)}), true));
  REQUIRE(ev.has_value());
  CHECK(std::get<rand_event>(ev->body).seed1 == 11);
  CHECK(std::get<rand_event>(ev->body).seed2 == 22);
  const auto good = concat({le(11, 8), le(22, 8)});
  for (std::size_t cut = 0; cut < good.size(); ++cut)
    CHECK(detail::decode_rand(std::span(good).first(cut)).error() == decode_error::truncated);
  CHECK(detail::decode_rand(concat({good, le(0, 1)})).error() == decode_error::bad_length);
}

TEST_CASE("USER_VAR: hand-built values, optional flags, and lengths that lie") {
  const auto name = concat({le(3, 4), text("abc")});
  const auto string_value = concat({name, le(0, 1), le(0, 1), le(33, 4), le(2, 4), text("xy")});
  auto ev = detail::decode_user_var(string_value);  // MySQL < 5.5 wrote no flags byte
  REQUIRE(ev.has_value());
  CHECK(ev->name == "abc");
  CHECK_FALSE(ev->is_null);
  CHECK(ev->charset == 33);
  CHECK(ev->value == "xy");
  CHECK(ev->flags == 0);
  ev = detail::decode_user_var(concat({string_value, le(1, 1)}));
  REQUIRE(ev.has_value());
  CHECK(ev->flags == 1);

  ev = detail::decode_user_var(concat({name, le(1, 1)}));
  REQUIRE(ev.has_value());
  CHECK(ev->is_null);

  CHECK(detail::decode_user_var(concat({le(9, 4), text("abc"), le(1, 1)})).error() == decode_error::bad_length);
  CHECK(detail::decode_user_var(concat({name, le(0, 1), le(0, 1), le(33, 4), le(3, 4), text("xy")})).error() ==
        decode_error::bad_length);
  CHECK(detail::decode_user_var(concat({name, le(0, 1), le(9, 1), le(33, 4), le(2, 4), text("xy")})).error() ==
        decode_error::bad_value);
  for (std::size_t cut = 0; cut < string_value.size(); ++cut)
    CHECK_FALSE(detail::decode_user_var(std::span(string_value).first(cut)).has_value());
}

}  // namespace sluice::protocol::test
