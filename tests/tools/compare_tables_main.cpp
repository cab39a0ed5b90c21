// compare_tables: every base table of an upstream schema against the downstream copy, row by row
// and by CHECKSUM TABLE. Exit 0 only when all are equal. See README.md for the options.

#include <mysql.h>

#include <cstdio>
#include <string>

#include "args.hpp"
#include "sql_session.hpp"
#include "table_compare.hpp"

namespace sluice::tools {
namespace {

constexpr const char* usage =
    "usage: compare_tables --up HOST:PORT --down HOST:PORT --user U [--password X] --schema S\n"
    "                      [--down-schema S2] [--samples N]\n"
    "  --down-schema  the schema's name downstream when it is routed elsewhere (default: S)\n"
    "  --samples      differing rows shown per table (default 5)\n";

tl::expected<sql_session, std::string> connect(const std::string& address, const args& a) {
  auto hp = host_port::parse(address);
  if (!hp)
    return tl::unexpected("'" + address + "' is not HOST:PORT");
  sql_target target;
  target.host = hp->host;
  target.port = hp->port;
  target.user = a.text("user", "root");
  target.password = a.text("password");
  auto session = sql_session::open(target);
  if (!session)
    return tl::unexpected(session.error().message);
  return std::move(*session);
}

int run_main(int argc, char** argv) {
  args a(argc, argv, {"up", "down", "user", "password", "schema", "down-schema", "samples"}, {"help"});
  if (a.has("help")) {
    std::fputs(usage, stdout);
    return 0;
  }
  a.require({"up", "down", "schema"});
  const auto samples = static_cast<std::size_t>(a.integer("samples", 5, 0, 1'000'000));
  if (!a.error().empty()) {
    std::fprintf(stderr, "compare_tables: %s\n%s", a.error().c_str(), usage);
    return 2;
  }
  const std::string schema = a.text("schema");
  const std::string down_schema = a.text("down-schema", schema);
  auto up = connect(a.text("up"), a);
  if (!up) {
    std::fprintf(stderr, "compare_tables: upstream: %s\n", up.error().c_str());
    return 2;
  }
  auto down = connect(a.text("down"), a);
  if (!down) {
    std::fprintf(stderr, "compare_tables: downstream: %s\n", down.error().c_str());
    return 2;
  }
  auto tables = base_tables(*up, schema);
  if (!tables) {
    std::fprintf(stderr, "compare_tables: listing %s: %s\n", schema.c_str(), tables.error().c_str());
    return 2;
  }
  if (tables->empty()) {
    std::fprintf(stderr, "compare_tables: upstream schema %s has no tables\n", schema.c_str());
    return 2;
  }

  std::size_t rows = 0, lost = 0, extra = 0, differing = 0, checksum_mismatches = 0, unreadable = 0;
  for (const std::string& table : *tables) {
    auto result = compare_table({&*up, schema, table}, {&*down, down_schema, table}, samples);
    if (!result) {
      ++unreadable;
      std::printf("DIFF %s.%s: cannot compare: %s\n", schema.c_str(), table.c_str(), result.error().c_str());
      continue;
    }
    const table_comparison& r = *result;
    const bool same = r.rows_equal() && r.checksums_equal();
    std::printf("%s %s.%s: upstream %zu rows, downstream %zu rows, lost %zu, extra %zu, differing %zu, checksum %s"
                " (%s / %s)\n",
                same ? "OK  " : "DIFF", schema.c_str(), table.c_str(), r.upstream_rows, r.downstream_rows, r.lost,
                r.extra, r.differing, r.checksums_equal() ? "equal" : "DIFFERENT", r.upstream_checksum.c_str(),
                r.downstream_checksum.c_str());
    for (const std::string& s : r.samples)
      std::printf("    %s\n", s.c_str());
    rows += r.upstream_rows;
    lost += r.lost;
    extra += r.extra;
    differing += r.differing;
    checksum_mismatches += r.checksums_equal() ? 0 : 1;
  }
  std::printf("compared %zu rows, lost %zu, duplicated %zu, differing %zu, checksum mismatches %zu, "
              "tables not compared %zu\n",
              rows, lost, extra, differing, checksum_mismatches, unreadable);
  return lost == 0 && extra == 0 && differing == 0 && checksum_mismatches == 0 && unreadable == 0 ? 0 : 1;
}

}  // namespace
}  // namespace sluice::tools

int main(int argc, char** argv) {
  mysql_library_init(0, nullptr, nullptr);
  const int rc = sluice::tools::run_main(argc, argv);
  mysql_library_end();
  return rc;
}
