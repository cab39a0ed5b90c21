// pipeline_bench [options] BINLOG_FILE... : one task's replication pipeline over recorded binlog
// files with no downstream, in cumulative stages, each timed in CPU seconds per decoded row:
//
//   decode  split frames, verify CRC32, decode every event (as decode_bench)
//   rules   + the reader's transaction_builder; the filter stage's block-allow-list, transaction_rules
//           (event filter, expression filter, routes) and checkpoint filter
//   keys    + the filter stage's causality_keys
//   sql     + the rewrite stage's safe_mode_policy; the dispatcher's apply_scheduler and
//           checkpoint_tracker; each apply worker's batches: map_columns, rewrite_row, compact
//           (syncer compact: true), build_statements (the SQL text a worker would send) and its
//           checkpoint set
//
// The pipeline calls are those src/actors makes (binlog_reader, stages, dispatcher, apply_worker),
// in their order, on one thread. Not measured: actor messages and threads, the downstream
// connection, and the worker checkpoint's upsert statement (db::checkpoint_store needs a
// connection to quote). Workers commit when the reader runs out of credits (rows in flight),
// when a transaction must wait for a commit (keys held on two workers) and before DDL, in
// batches of the task's syncer `batch` rows. Used by bench/pipeline.sh; see bench/README.md.
//
// Without a downstream, a table's definition (db::load_table_schema) is made from its TABLE_MAP:
// the column names (binlog_row_metadata=FULL), else c1..cN matched by position; the primary key,
// else the first column as the key. Rules come from a DM task.yaml (--task, else the built-in one
// below) through config::parse_task_config, resolved as actors/settings_builder does.
//
// Options: --runs N (each stage N times, interleaved; the fastest counts; default 5), --task FILE,
// --safe-mode (DM safe mode on), --compact (syncer compact on), --workers N and --batch N
// (override the task's syncer worker-count / batch), --in-flight N (reader credits, in rows;
// default as the reader: 4 x workers x batch within [1024, 65536]),
// --stage decode|rules|keys|sql|all, --sample N (print the first N statements of a pass to stderr).
//
// Output: one line per stage, key=value, for the script to parse:
//   stage=S rows=N inserts=N updates=N deletes=N events=N txns=N kept_rows=N keys=N dmls=N
//   batches=N statements=N sql_bytes=N cpu_seconds=C seconds=W us_per_row=U
// us_per_row = CPU microseconds per decoded row. Files are mapped and faulted in before any clock
// starts. Exit 1 on an undecodable frame, a failing rule or a row that does not map.

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <deque>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <span>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config/task_config.hpp"
#include "pipeline/apply_scheduler.hpp"
#include "pipeline/causality_keys.hpp"
#include "pipeline/checkpoint_tracker.hpp"
#include "pipeline/compactor.hpp"
#include "pipeline/row_filter.hpp"
#include "pipeline/safe_mode_policy.hpp"
#include "pipeline/sql_builder.hpp"
#include "pipeline/transaction_builder.hpp"
#include "pipeline/transaction_rules.hpp"
#include "protocol/binlog_decoder.hpp"
#include "protocol/binlog_file.hpp"

#include "mapped_file.hpp"

namespace {

using namespace sluice;
using pipeline::table_name;
using result = tl::expected<void, std::string>;

// A DM task of the usual shape: one schema replicated, its tables routed to another schema, one
// event filter rule (DDL that is never replayed) that every row is checked against.
constexpr const char* builtin_task = R"(name: bench
task-mode: incremental
target-database:
  host: "127.0.0.1"
  port: 3306
  user: "root"
  password: ""
block-allow-list:
  bench-ba:
    do-dbs: ["sbtest"]
routes:
  bench-route:
    schema-pattern: "sbtest"
    table-pattern: "sbtest*"
    target-schema: "sbtest_down"
filters:
  bench-no-drop:
    schema-pattern: "sbtest"
    events: ["truncate table", "drop table"]
    action: Ignore
mysql-instances:
  - source-id: "mysql-01"
    block-allow-list: "bench-ba"
    route-rules: ["bench-route"]
    filter-rules: ["bench-no-drop"]
    meta:
      binlog-name: mysql-bin.000001
      binlog-pos: 4
)";

enum class stage { decode, rules, keys, sql };
constexpr const char* stage_names[] = {"decode", "rules", "keys", "sql"};

struct options {
  int runs = 5;
  std::string task_file;
  bool safe_mode = false;
  bool compact = false;   // on when --compact or the task's syncer says so
  int workers = 0;        // 0: the task's syncer worker-count
  int batch = 0;          // 0: the task's syncer batch
  std::size_t in_flight = 0;  // rows; 0: as actors/binlog_reader.cpp credits_for()
  std::size_t sample = 0;     // statements to print
  std::vector<stage> stages{stage::decode, stage::rules, stage::keys, stage::sql};
  std::vector<const char*> files;
};

/// What actors/settings_builder makes of the task's first instance.
struct task_setup {
  pipeline::block_allow_rule ba_rule;
  bool case_sensitive = false;
  pipeline::transaction_rules::config_set rules;
  std::size_t workers = 1;
  std::size_t batch = 1;
  bool compact = false;
  std::size_t credits = 1024;  // rows in flight between reader and workers
  std::size_t sample = 0;
};

struct counts {
  std::uint64_t rows = 0;
  std::uint64_t rows_by_kind[4] = {};  // protocol::rows_kind: write, update, delete, partial update
  std::uint64_t events = 0;
  std::uint64_t txns = 0;
  std::uint64_t kept_rows = 0;
  std::uint64_t keys = 0;
  std::uint64_t dmls = 0;
  std::uint64_t batches = 0;
  std::uint64_t statements = 0;
  std::uint64_t sql_bytes = 0;
};

tl::expected<task_setup, std::string> load_task(const options& opt) {
  std::string text = builtin_task;
  if (!opt.task_file.empty()) {
    std::ifstream in(opt.task_file);
    if (!in) return tl::unexpected("cannot read " + opt.task_file);
    std::ostringstream all;
    all << in.rdbuf();
    text = all.str();
  }
  auto task = config::parse_task_config(text, opt.task_file.empty() ? "built-in task.yaml" : opt.task_file);
  if (!task) return tl::unexpected(task.error().to_string());
  const auto& inst = task->mysql_instances.front();
  task_setup out;
  out.ba_rule = inst.ba_rule;
  out.case_sensitive = task->case_sensitive;
  out.rules.case_sensitive = task->case_sensitive;
  out.rules.source_id = inst.source_id;
  for (const auto& name : inst.route_rules) out.rules.routes.push_back(task->routes.at(name));
  for (const auto& name : inst.filter_rules) out.rules.filters.push_back(task->filters.at(name));
  for (const auto& name : inst.expression_filters)
    out.rules.expression_filters.push_back(
        pipeline::expression_filter_spec::from_config(name, task->expression_filters.at(name)));
  if (!task->timezone.empty() && task->timezone != "UTC" && task->timezone != "+00:00")
    std::fprintf(stderr, "pipeline_bench: timezone %s read as UTC (expression filters only)\n",
                 task->timezone.c_str());
  out.workers = static_cast<std::size_t>(std::max(opt.workers > 0 ? opt.workers : inst.syncer.worker_count, 1));
  out.batch = static_cast<std::size_t>(std::max(opt.batch > 0 ? opt.batch : inst.syncer.batch, 1));
  out.compact = opt.compact || inst.syncer.compact;
  out.sample = opt.sample;
  out.credits = opt.in_flight > 0 ? opt.in_flight : std::clamp<std::size_t>(4 * out.workers * out.batch, 1024, 65536);
  return out;
}

// The downstream definition db::load_table_schema would return, made from the TABLE_MAP.
pipeline::table_schema schema_from_table_map(const table_name& target, const protocol::table_map_event& t) {
  pipeline::table_schema schema;
  schema.name = target;
  for (std::size_t i = 0; i < t.columns.size(); ++i) {
    const auto& c = t.columns[i];
    schema.columns.push_back({c.name ? *c.name : "c" + std::to_string(i + 1), c.nullable, false, c.is_unsigned});
  }
  if (!t.primary_key.empty())
    schema.unique_keys.emplace_back(t.primary_key.begin(), t.primary_key.end());
  else if (!schema.columns.empty())
    schema.unique_keys.push_back({0});
  schema.has_primary_key = !schema.unique_keys.empty();
  return schema;
}

/// The downstream: table definitions, each made on first use from a TABLE_MAP of the
/// transaction being handled (the filter stage and the workers would read them from the server).
class schema_book {
 public:
  void set_current(const pipeline::transaction* txn) { current_ = txn; }
  /// After DDL: definitions are made again from the next TABLE_MAPs.
  void clear() { schemas_.clear(); }

  /// For causality_keys: made from a row of the transaction set_current() names.
  const pipeline::table_schema* lookup(const table_name& target) {
    if (auto it = schemas_.find(target); it != schemas_.end()) return &it->second;
    if (current_ != nullptr)
      for (const auto& op : current_->rows)
        if (op.target == target && op.table) return get(target, *op.table);
    return nullptr;
  }
  /// For the workers: made from `table` when not known.
  const pipeline::table_schema* get(const table_name& target, const protocol::table_map_event& table) {
    auto it = schemas_.find(target);
    if (it == schemas_.end()) it = schemas_.emplace(target, schema_from_table_map(target, table)).first;
    return &it->second;
  }

 private:
  std::map<table_name, pipeline::table_schema> schemas_;
  const pipeline::transaction* current_ = nullptr;
};

bool same_shape(const protocol::table_map_event& a, const protocol::table_map_event& b) {
  if (a.columns.size() != b.columns.size()) return false;
  for (std::size_t i = 0; i < a.columns.size(); ++i) {
    const auto& x = a.columns[i];
    const auto& y = b.columns[i];
    if (x.type != y.type || x.meta != y.meta || x.name != y.name) return false;
  }
  return true;
}

struct apply_work {
  pipeline::binlog_position low;
  std::string low_gtid;
  pipeline::transaction_ptr txn;
};

/// actors/apply_worker.cpp without its connection: batches of whole transactions (up to `batch`
/// rows), each made into per-table statements and the worker checkpoint's new state.
class worker_model {
 public:
  worker_model(schema_book& book, std::size_t batch, bool compact, std::size_t& sample)
      : book_(&book), batch_(batch), compact_(compact), sample_(&sample) {}

  void add(apply_work work) { pending_.push_back(std::move(work)); }
  void refresh() { targets_.clear(); }

  /// Commits everything pending; appends the committed transaction numbers to `done`.
  result flush(counts& sum, std::vector<std::uint64_t>& done) {
    while (!pending_.empty()) {
      std::vector<apply_work> batch;
      std::size_t rows = 0;
      while (!pending_.empty() && (batch.empty() || rows + pending_.front().txn->rows.size() <= batch_)) {
        rows += pending_.front().txn->rows.size();
        batch.push_back(std::move(pending_.front()));
        pending_.pop_front();
      }
      if (auto r = apply_batch(batch, sum); !r) return r;
      for (const auto& w : batch) done.push_back(w.txn->seq);
    }
    return {};
  }

 private:
  struct target_state {
    std::optional<pipeline::table_schema> schema;  // a worker's own copy, as it reads its own
    std::shared_ptr<const protocol::table_map_event> mapped_table;
    std::shared_ptr<pipeline::column_mapping> mapping;
  };
  struct checkpoint {  // db::worker_checkpoint
    pipeline::binlog_position low;
    std::string low_gtid;
    std::set<pipeline::binlog_position> applied;
  };

  tl::expected<std::shared_ptr<pipeline::column_mapping>, std::string> mapping_for(const pipeline::row_op& op) {
    auto& target = targets_[op.target];
    if (!target.schema) {
      target.schema = *book_->get(op.target, *op.table);
      target.mapping.reset();
      target.mapped_table.reset();
    }
    const auto& table = op.table;
    if (target.mapping && (target.mapped_table == table || same_shape(*target.mapped_table, *table)))
      return target.mapping;
    auto m = pipeline::map_columns(*table, *target.schema);
    if (!m) return tl::unexpected(op.target.display() + ": " + m.error());
    target.mapped_table = table;
    target.mapping = std::make_shared<pipeline::column_mapping>(std::move(*m));
    return target.mapping;
  }

  result apply_batch(const std::vector<apply_work>& batch, counts& sum) {
    checkpoint next = checkpoint_;
    next.low = batch.back().low;
    next.low_gtid = batch.back().low_gtid;
    for (const auto& w : batch) next.applied.insert(w.txn->end);
    next.applied.erase(next.applied.begin(), next.applied.upper_bound(next.low));

    std::map<table_name, std::vector<pipeline::dml>> by_table;
    std::vector<std::shared_ptr<pipeline::column_mapping>> maps;
    for (const auto& work : batch) {
      const auto& txn = *work.txn;
      for (const auto& op : txn.rows) {
        auto m = mapping_for(op);
        if (!m) return tl::unexpected(m.error());
        if (maps.empty() || maps.back() != *m) maps.push_back(*m);
        pipeline::rewrite_row(op, **m, txn.safe_mode, by_table[op.target]);
      }
    }
    for (auto& [target, dmls] : by_table) {
      if (compact_) dmls = pipeline::compact(dmls);
      auto sql = pipeline::build_statements(target, dmls, statement_bytes);
      if (!sql) return tl::unexpected(target.display() + ": " + sql.error());
      sum.dmls += dmls.size();
      sum.statements += sql->size();
      for (const auto& s : *sql) {
        sum.sql_bytes += s.size();
        if (*sample_ > 0 && (*sample_)--) std::fprintf(stderr, "%.*s;\n", static_cast<int>(std::min<std::size_t>(s.size(), 2000)), s.data());
      }
    }
    ++sum.batches;
    checkpoint_ = std::move(next);
    return {};
  }

  static constexpr std::size_t statement_bytes = 1 << 20;  // apply_worker's default_statement_bytes
  schema_book* book_;
  std::size_t batch_;
  bool compact_;
  std::size_t* sample_;  // statements still to print
  std::map<table_name, target_state> targets_;
  std::deque<apply_work> pending_;
  checkpoint checkpoint_;
};

/// actors/dispatcher.cpp: transactions placed on workers by causality keys; every worker commits
/// when the reader runs out of credits, when a transaction must wait, and before a DDL.
class dispatch_model {
 public:
  dispatch_model(const task_setup& setup, schema_book& book, const pipeline::binlog_position& start)
      : credits_(setup.credits), sample_(setup.sample), scheduler_(setup.workers), tracker_(start) {
    for (std::size_t i = 0; i < setup.workers; ++i) workers_.emplace_back(book, setup.batch, setup.compact, sample_);
  }

  result on_transaction(pipeline::transaction_ptr txn, counts& sum) {
    if (txn->ddl) {
      if (auto r = commit_all(sum); !r) return r;
      tracker_.begin(txn->seq, txn->end, txn->gtid, txn->timestamp, 1);
      tracker_.complete(txn->seq);  // the meta sink would run txn->ddl_sql here
      for (auto& w : workers_) w.refresh();
      return {};
    }
    if (txn->rows.empty()) {
      tracker_.begin(txn->seq, txn->end, txn->gtid, txn->timestamp, 0);
      return {};
    }
    auto worker = scheduler_.place(txn->causality);
    if (!worker) {
      if (auto r = commit_all(sum); !r) return r;
      worker = scheduler_.place(txn->causality);
    }
    tracker_.begin(txn->seq, txn->end, txn->gtid, txn->timestamp, 1);
    scheduler_.assign(txn->seq, *worker, txn->causality, txn->rows.size());
    rows_in_flight_ += std::max<std::size_t>(txn->rows.size(), 1);  // the reader's credit_cost
    workers_[*worker].add({tracker_.safe_point(), tracker_.safe_gtid(), std::move(txn)});
    if (rows_in_flight_ >= credits_) return commit_all(sum);
    return {};
  }

  result commit_all(counts& sum) {
    std::vector<std::uint64_t> done;
    for (auto& w : workers_) {
      done.clear();
      if (auto r = w.flush(sum, done); !r) return r;
      for (auto seq : done) {
        scheduler_.complete(seq);
        tracker_.complete(seq);
      }
    }
    rows_in_flight_ = 0;
    return {};
  }

 private:
  std::size_t credits_;
  std::size_t sample_;
  std::size_t rows_in_flight_ = 0;
  pipeline::apply_scheduler scheduler_;
  pipeline::checkpoint_tracker tracker_;
  std::vector<worker_model> workers_;
};

void count_rows(const protocol::event& ev, counts& sum) {
  ++sum.events;
  if (const auto* rows = std::get_if<protocol::rows_event>(&ev.body)) {
    sum.rows += rows->rows.size();
    sum.rows_by_kind[static_cast<int>(rows->kind)] += rows->rows.size();
  }
  if (const auto* payload = std::get_if<protocol::transaction_payload_event>(&ev.body))
    for (const auto& inner : payload->events) count_rows(inner, sum);
}

std::string base_name(const char* path) {
  std::string_view p(path);
  const auto slash = p.rfind('/');
  return std::string(slash == std::string_view::npos ? p : p.substr(slash + 1));
}

/// One pipeline run over every file, up to stage `upto`.
class pipeline_pass {
 public:
  pipeline_pass(stage upto, const options& opt, const task_setup& setup, pipeline::transaction_rules rules,
                pipeline::row_filter filter)
      : upto_(upto),
        opt_(opt),
        start_{base_name(opt.files.front()), 4},
        filter_(std::move(filter)),
        rules_(std::move(rules)),
        keys_([this](const table_name& t) { return book_.lookup(t); }),
        // Steady state: safe mode off unless --safe-mode (an exit point equal to the resume point).
        policy_(opt.safe_mode, std::chrono::seconds(60), start_, start_, pipeline::safe_mode_policy::clock::now()),
        builder_(start_),
        dispatch_(setup, book_, start_) {}

  tl::expected<counts, std::string> run(const std::vector<std::unique_ptr<mapped_file>>& files) {
    for (std::size_t f = 0; f < files.size(); ++f) {
      const auto bytes = files[f]->bytes();
      auto frames = protocol::split_binlog_file(bytes);
      if (!frames) return tl::unexpected(std::string(opt_.files[f]) + ": " + std::string(to_string(frames.error())));
      for (const auto frame : *frames) {
        auto ev = decoder_.decode(frame);
        if (!ev)
          return tl::unexpected(std::string(opt_.files[f]) + ": offset " +
                                std::to_string(frame.data() - bytes.data()) + ": " + std::string(to_string(ev.error())));
        count_rows(*ev, sum_);
        if (upto_ == stage::decode) continue;
        if (auto built = builder_.on_event(*ev)) {
          built->seq = ++seq_;
          if (auto r = on_transaction(std::make_shared<pipeline::transaction>(std::move(*built))); !r)
            return tl::unexpected(r.error());
        }
      }
    }
    if (upto_ == stage::sql)
      if (auto r = dispatch_.commit_all(sum_); !r) return tl::unexpected(r.error());
    return sum_;
  }

 private:
  result on_transaction(std::shared_ptr<pipeline::transaction> txn) {
    ++sum_.txns;
    // The filter stage.
    filter_.apply_allow_list(*txn);
    if (auto r = rules_.apply(*txn); !r) return tl::unexpected(r.error() + " at " + txn->end.to_string());
    filter_.apply_checkpoints(*txn);
    sum_.kept_rows += txn->rows.size();
    if (upto_ == stage::rules) return {};
    if (txn->ddl) {
      keys_.clear();  // the filter stage holds table order until the dispatcher confirms the DDL
      book_.clear();  // and reads the downstream definitions again
    } else if (!txn->rows.empty()) {
      book_.set_current(txn.get());
      txn->causality = keys_.of(*txn);
      book_.set_current(nullptr);
      sum_.keys += txn->causality.size();
    }
    if (upto_ == stage::keys) return {};
    // The rewrite stage, then the dispatcher and its workers.
    txn->safe_mode = policy_.on_for(txn->end, pipeline::safe_mode_policy::clock::now());
    return dispatch_.on_transaction(std::move(txn), sum_);
  }

  stage upto_;
  const options& opt_;
  pipeline::binlog_position start_;
  counts sum_;
  schema_book book_;
  pipeline::row_filter filter_;
  pipeline::transaction_rules rules_;
  pipeline::causality_keys keys_;
  pipeline::safe_mode_policy policy_;
  protocol::binlog_decoder decoder_;
  pipeline::transaction_builder builder_;
  dispatch_model dispatch_;
  std::uint64_t seq_ = 0;
};

tl::expected<counts, std::string> run_pass(stage upto, const options& opt, const task_setup& setup,
                                           const std::vector<std::unique_ptr<mapped_file>>& files) {
  auto allow = pipeline::block_allow_list::create(setup.ba_rule, setup.case_sensitive);
  if (!allow) return tl::unexpected("block-allow-list: " + allow.error());
  auto rules = pipeline::transaction_rules::create(setup.rules, nullptr);
  if (!rules) return tl::unexpected(rules.error());
  auto pass = std::make_unique<pipeline_pass>(upto, opt, setup, std::move(*rules),
                                              pipeline::row_filter(std::move(*allow), {}));
  return pass->run(files);
}

double cpu_now() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

bool parse_args(int argc, char** argv, options& opt) {
  for (int i = 1; i < argc; ++i) {
    const std::string_view a = argv[i];
    const bool has_value = i + 1 < argc;
    if (a == "--runs" && has_value) {
      opt.runs = std::atoi(argv[++i]);
    } else if (a == "--task" && has_value) {
      opt.task_file = argv[++i];
    } else if (a == "--safe-mode") {
      opt.safe_mode = true;
    } else if (a == "--compact") {
      opt.compact = true;
    } else if (a == "--workers" && has_value) {
      opt.workers = std::atoi(argv[++i]);
    } else if (a == "--batch" && has_value) {
      opt.batch = std::atoi(argv[++i]);
    } else if (a == "--in-flight" && has_value) {
      opt.in_flight = static_cast<std::size_t>(std::atol(argv[++i]));
    } else if (a == "--sample" && has_value) {
      opt.sample = static_cast<std::size_t>(std::atol(argv[++i]));
    } else if (a == "--stage" && has_value) {
      const std::string_view s = argv[++i];
      if (s == "all") continue;
      opt.stages.clear();
      for (int k = 0; k < 4; ++k)
        if (s == stage_names[k]) opt.stages.push_back(static_cast<stage>(k));
      if (opt.stages.empty()) return false;
    } else if (!a.empty() && a[0] == '-') {
      return false;
    } else {
      opt.files.push_back(argv[i]);
    }
  }
  return !opt.files.empty() && opt.runs > 0;
}

}  // namespace

int main(int argc, char** argv) {
  options opt;
  if (!parse_args(argc, argv, opt)) {
    std::fprintf(stderr,
                 "usage: pipeline_bench [--runs N] [--task FILE] [--safe-mode] [--compact] [--workers N] [--batch N]\n"
                 "                      [--in-flight N] [--stage decode|rules|keys|sql|all] [--sample N] BINLOG_FILE...\n");
    return 2;
  }
  auto setup = load_task(opt);
  if (!setup) {
    std::fprintf(stderr, "pipeline_bench: task: %s\n", setup.error().c_str());
    return 1;
  }
  std::vector<std::unique_ptr<mapped_file>> files;
  for (const char* path : opt.files) {
    files.push_back(std::make_unique<mapped_file>(path));
    if (!files.back()->ok()) {
      std::fprintf(stderr, "pipeline_bench: cannot map %s (missing or empty)\n", path);
      return 1;
    }
  }

  struct best {
    counts sum;
    double cpu = 0;
    double wall = 0;
  };
  std::map<stage, best> results;
  for (int run = 0; run < opt.runs; ++run) {
    for (auto s : opt.stages) {
      const double cpu_start = cpu_now();
      const auto start = std::chrono::steady_clock::now();
      auto sum = run_pass(s, opt, *setup, files);
      const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      const double cpu = cpu_now() - cpu_start;
      if (!sum) {
        std::fprintf(stderr, "pipeline_bench: %s\n", sum.error().c_str());
        return 1;
      }
      auto [it, fresh] = results.try_emplace(s, best{*sum, cpu, wall});
      if (!fresh && cpu < it->second.cpu) it->second = best{*sum, cpu, wall};
    }
  }
  std::printf("workers=%zu batch=%zu in_flight=%zu safe_mode=%d compact=%d\n", setup->workers, setup->batch,
              setup->credits, opt.safe_mode ? 1 : 0, setup->compact ? 1 : 0);
  for (auto s : opt.stages) {
    const auto& b = results.at(s);
    const auto& c = b.sum;
    const auto n = [](std::uint64_t v) { return static_cast<unsigned long long>(v); };
    std::printf("stage=%s rows=%llu inserts=%llu updates=%llu deletes=%llu events=%llu txns=%llu kept_rows=%llu "
                "keys=%llu dmls=%llu batches=%llu statements=%llu sql_bytes=%llu cpu_seconds=%.3f seconds=%.3f "
                "us_per_row=%.3f\n",
                stage_names[static_cast<int>(s)], n(c.rows), n(c.rows_by_kind[0]),
                n(c.rows_by_kind[1] + c.rows_by_kind[3]), n(c.rows_by_kind[2]), n(c.events), n(c.txns),
                n(c.kept_rows), n(c.keys), n(c.dmls), n(c.batches), n(c.statements), n(c.sql_bytes), b.cpu, b.wall,
                c.rows ? b.cpu * 1e6 / static_cast<double>(c.rows) : 0.0);
  }
  return 0;
}
