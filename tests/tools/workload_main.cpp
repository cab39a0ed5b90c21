// workload: random transactions against the tables of workload_schema.hpp, on several concurrent
// connections, so the upstream binlog interleaves them. See README.md for the options.

#include <mysql.h>
#include <mysqld_error.h>

#include <cstdint>
#include <cstdio>
#include <fstream>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "args.hpp"
#include "sql_session.hpp"
#include "txn_generator.hpp"
#include "workload_schema.hpp"

namespace sluice::tools {
namespace {

constexpr const char* usage =
    "usage: workload --host H --port P --user U [--password X] --schema S --seed N --transactions T\n"
    "                [--connections C] [--keys K] [--setup] [--log-dir DIR]\n"
    "  --setup         (re)create the schema's tables with their starting rows first\n"
    "  --connections   concurrent connections, each running its share of T (default 4)\n"
    "  --keys          size of the key ranges; smaller collides more (default 200)\n"
    "  --log-dir       write each connection's statements and their outcome to DIR/conn-N.sql\n";

/// What one connection did; summed over all connections at the end.
struct tally {
  long committed = 0;
  long rolled_back = 0;
  long deadlocks = 0;
  long lock_timeouts = 0;
  long failed_steps = 0;  // an all-or-nothing statement failed: the transaction was rolled back
  long chosen_rollbacks = 0;
  long statements = 0;
  long statement_errors = 0;
  std::map<unsigned, long> errors;  // error code -> count
  std::string fatal;                // non-empty: the connection stopped on an unexpected error

  void add(const tally& o) {
    committed += o.committed;
    rolled_back += o.rolled_back;
    deadlocks += o.deadlocks;
    lock_timeouts += o.lock_timeouts;
    failed_steps += o.failed_steps;
    chosen_rollbacks += o.chosen_rollbacks;
    statements += o.statements;
    statement_errors += o.statement_errors;
    for (auto [code, n] : o.errors)
      errors[code] += n;
    if (fatal.empty())
      fatal = o.fatal;
  }
};

// Errors the random choices are expected to cause; anything else is a bug in the generator or a
// broken server, and stops the run.
bool expected_error(unsigned code) {
  return code == ER_DUP_ENTRY || code == ER_LOCK_DEADLOCK || code == ER_LOCK_WAIT_TIMEOUT;
}

struct connection_job {
  sql_target target;
  std::uint64_t seed = 0;
  unsigned index = 0;
  long transactions = 0;
  int keys = 0;
  std::string log_path;
};

void run_connection(const connection_job& job, tally& out) {
  auto session = sql_session::open(job.target);
  if (!session) {
    out.fatal = session.error().message;
    return;
  }
  std::ofstream log;
  if (!job.log_path.empty())
    log.open(job.log_path);
  auto run = [&](const std::string& sql) {
    sql_status st = session->run(sql);
    if (log.is_open())
      log << sql << ";" << (st.ok() ? "" : "  -- ERROR " + std::to_string(st.code) + ": " + st.message) << "\n";
    return st;
  };
  if (sql_status st = run("SET SESSION innodb_lock_wait_timeout = 5"); !st.ok()) {
    out.fatal = st.message;
    return;
  }
  txn_generator generator(job.seed, job.index, job.keys);
  for (long n = 0; n < job.transactions && out.fatal.empty(); ++n) {
    const workload_transaction txn = generator.next();
    if (log.is_open())
      log << "-- transaction " << n << (txn.autocommit ? " (autocommit)" : "") << "\n";
    if (!txn.autocommit)
      run("BEGIN");
    bool open = !txn.autocommit;
    for (const workload_statement& s : txn.statements) {
      ++out.statements;
      sql_status st = run(s.sql);
      if (st.ok())
        continue;
      ++out.statement_errors;
      ++out.errors[st.code];
      if (!expected_error(st.code)) {
        out.fatal = "connection " + std::to_string(job.index) + ": unexpected error " + std::to_string(st.code) +
                    " (" + st.message + ") from: " + s.sql;
        break;
      }
      if (!open)
        continue;  // autocommit: the failed statement changed nothing
      if (st.code == ER_LOCK_DEADLOCK) {
        ++out.deadlocks;  // the server already rolled the transaction back
      } else if (st.code == ER_LOCK_WAIT_TIMEOUT) {
        ++out.lock_timeouts;
        run("ROLLBACK");
      } else if (s.all_or_nothing) {
        ++out.failed_steps;
        run("ROLLBACK");
      } else {
        continue;  // a duplicate key undoes that statement only; the transaction goes on
      }
      ++out.rolled_back;
      open = false;
      break;
    }
    if (!out.fatal.empty())
      break;
    if (txn.autocommit) {
      ++out.committed;
    } else if (open && txn.rollback) {
      run("ROLLBACK");
      ++out.chosen_rollbacks;
      ++out.rolled_back;
    } else if (open) {
      if (sql_status st = run("COMMIT"); !st.ok()) {
        out.fatal = "connection " + std::to_string(job.index) + ": COMMIT failed: " + st.message;
        break;
      }
      ++out.committed;
    }
  }
}

int setup(const sql_target& target, std::uint64_t seed, int keys) {
  sql_target no_schema = target;
  no_schema.schema.clear();
  auto session = sql_session::open(no_schema);
  if (!session) {
    std::fprintf(stderr, "workload: %s\n", session.error().message.c_str());
    return 1;
  }
  std::vector<std::string> statements = workload_ddl(target.schema);
  for (std::string& s : workload_seed_rows(seed, keys))
    statements.push_back(std::move(s));
  for (const std::string& sql : statements) {
    if (sql_status st = session->run(sql); !st.ok()) {
      std::fprintf(stderr, "workload: setup failed: error %u (%s) from: %.200s\n", st.code, st.message.c_str(),
                   sql.c_str());
      return 1;
    }
  }
  return 0;
}

int run_main(int argc, char** argv) {
  args a(argc, argv, {"host", "port", "user", "password", "schema", "seed", "transactions", "connections", "keys",
                      "log-dir"},
         {"setup", "help"});
  if (a.has("help")) {
    std::fputs(usage, stdout);
    return 0;
  }
  a.require({"schema", "seed", "transactions"});
  sql_target target;
  target.host = a.text("host", "127.0.0.1");
  target.port = static_cast<unsigned>(a.integer("port", 3306, 1, 65535));
  target.user = a.text("user", "root");
  target.password = a.text("password");
  target.schema = a.text("schema");
  const auto seed = static_cast<std::uint64_t>(a.integer("seed", 1, 0, INT64_MAX));
  const long transactions = static_cast<long>(a.integer("transactions", 0, 0, 1'000'000'000));
  const auto connections = static_cast<unsigned>(a.integer("connections", 4, 1, 256));
  const int keys = static_cast<int>(a.integer("keys", 200, 4, 900));  // moved keys live at +1000
  if (!a.error().empty()) {
    std::fprintf(stderr, "workload: %s\n%s", a.error().c_str(), usage);
    return 2;
  }

  if (a.has("setup")) {
    if (int rc = setup(target, seed, keys); rc != 0)
      return rc;
  }

  std::vector<connection_job> jobs(connections);
  std::vector<tally> tallies(connections);
  for (unsigned i = 0; i < connections; ++i) {
    jobs[i] = {target, seed, i, transactions / connections + (i < transactions % connections ? 1 : 0), keys, {}};
    if (a.has("log-dir"))
      jobs[i].log_path = a.text("log-dir") + "/conn-" + std::to_string(i) + ".sql";
  }
  {
    std::vector<std::jthread> threads;
    for (unsigned i = 0; i < connections; ++i) {
      if (jobs[i].transactions > 0)
        threads.emplace_back(run_connection, std::cref(jobs[i]), std::ref(tallies[i]));
    }
  }
  tally total;
  for (const tally& t : tallies)
    total.add(t);

  std::string codes;
  for (auto [code, n] : total.errors)
    codes += (codes.empty() ? "" : ", ") + std::to_string(n) + " x " + std::to_string(code);
  std::printf(
      "workload: seed %llu, %u connections, %ld transactions: committed %ld, rolled back %ld (deadlock %ld, "
      "lock wait timeout %ld, failed swap %ld, by choice %ld), statements %ld, statement errors %ld%s%s%s\n",
      static_cast<unsigned long long>(seed), connections, transactions, total.committed, total.rolled_back,
      total.deadlocks, total.lock_timeouts, total.failed_steps, total.chosen_rollbacks, total.statements,
      total.statement_errors, codes.empty() ? "" : " (", codes.c_str(), codes.empty() ? "" : ")");
  if (!total.fatal.empty()) {
    std::fprintf(stderr, "workload: %s\n", total.fatal.c_str());
    return 1;
  }
  return 0;
}

}  // namespace
}  // namespace sluice::tools

int main(int argc, char** argv) {
  mysql_library_init(0, nullptr, nullptr);  // once, before threads open sessions
  const int rc = sluice::tools::run_main(argc, argv);
  mysql_library_end();
  return rc;
}
