#include <mysqld_error.h>

#include <caf/actor_system.hpp>
#include <caf/event_based_actor.hpp>
#include <caf/spawn_options.hpp>
#include <caf/stateful_actor.hpp>

#include "actors/errors.hpp"
#include "actors/messages.hpp"
#include "actors/sinks.hpp"
#include "db/checkpoint_store.hpp"

namespace sluice::actors {

namespace {

// Errors that mean a re-executed DDL already took effect (DM's IsIgnorableMySQLDDLError).
bool ddl_already_applied(unsigned code) {
  switch (code) {
    case ER_DB_CREATE_EXISTS:
    case ER_DB_DROP_EXISTS:
    case ER_TABLE_EXISTS_ERROR:
    case ER_BAD_TABLE_ERROR:
    case ER_DUP_FIELDNAME:
    case ER_DUP_KEYNAME:
    case ER_CANT_DROP_FIELD_OR_KEY:
    case ER_MULTIPLE_PRI_KEY:
    case ER_NO_SUCH_TABLE:
      return true;
    default:
      return false;
  }
}

struct meta_state {
  settings_ptr settings;
  caf::actor dispatcher;
  caf::actor supervisor;
  std::optional<db::connection> conn;
  bool failed = false;
};

using meta_actor = caf::stateful_actor<meta_state>;

template <class F>
bool with_connection(meta_actor* self, const std::string& doing, F&& work) {
  auto& st = self->state;
  if (st.failed)
    return false;
  for (int attempt = 0; attempt < 5; ++attempt) {
    if (!st.conn) {
      auto c = db::connection::open(st.settings->downstream);
      if (!c) {
        if (c.error().transient() && attempt < 4)
          continue;
        break;
      }
      st.conn.emplace(std::move(*c));
    }
    auto r = work(*st.conn);
    if (r)
      return true;
    if (!r.error().transient() || attempt == 4) {
      st.failed = true;
      self->send(st.supervisor, fail_atom::value,
                 std::make_shared<const subtask_error>(downstream_error(r.error(), doing)));
      return false;
    }
    st.conn.reset();
  }
  st.failed = true;
  self->send(st.supervisor, fail_atom::value,
             std::make_shared<const subtask_error>(downstream_error(
                 db::db_error{2003, "HY000", "cannot connect to " + st.settings->downstream.address()}, doing)));
  return false;
}

tl::expected<void, db::db_error> run_statement(db::connection& conn, const std::string& sql) {
  auto r = conn.execute(sql);
  if (!r && ddl_already_applied(r.error().code))
    return {};
  return r;
}

// The filter stage's routed, split, fully qualified statements; else the query as written, in
// the schema it ran in upstream.
tl::expected<void, db::db_error> run_ddl(db::connection& conn, const pipeline::transaction& txn) {
  const auto& ddl = *txn.ddl;
  if (!txn.ddl_sql.empty()) {
    for (const auto& sql : txn.ddl_sql)
      if (auto r = run_statement(conn, sql); !r)
        return r;
    return {};
  }
  if (!ddl.current_schema.empty() && !ddl.is_database_level()) {
    if (auto r = conn.execute("USE " + pipeline::quote_identifier(ddl.current_schema)); !r)
      return r;
  }
  return run_statement(conn, ddl.query);
}

caf::behavior meta_sink(meta_actor* self, settings_ptr settings, caf::actor dispatcher, caf::actor supervisor) {
  auto& st = self->state;
  st.settings = std::move(settings);
  st.dispatcher = std::move(dispatcher);
  st.supervisor = std::move(supervisor);
  return {
      [=](ddl_atom, const txn_handle& txn) {
        auto& s = self->state;
        db::checkpoint_store store(s.settings->meta_schema, s.settings->task, s.settings->source_id);
        const auto& ddl = *txn->ddl;
        bool ok = with_connection(self, "executing DDL at " + txn->end.to_string() + ": " + ddl.query,
                                  [&](db::connection& c) { return run_ddl(c, *txn); }) &&
                  with_connection(self, "saving the checkpoint after DDL", [&](db::connection& c) {
                    return c.execute(store.global_upsert(c, db::checkpoint_row{txn->end, txn->gtid, {}}));
                  });
        if (ok)
          self->send(s.dispatcher, ddl_atom::value, done_atom::value, txn->seq);
      },
      [=](checkpt_atom, const checkpoint_ptr& row) {
        auto& s = self->state;
        db::checkpoint_store store(s.settings->meta_schema, s.settings->task, s.settings->source_id);
        if (with_connection(self, "saving the checkpoint " + row->position.to_string(),
                            [&](db::connection& c) { return c.execute(store.global_upsert(c, *row)); }))
          self->send(s.dispatcher, flushed_atom::value, row);
      },
  };
}

}  // namespace

caf::actor spawn_meta_sink(caf::actor_system& sys, settings_ptr settings, caf::actor dispatcher,
                           caf::actor supervisor) {
  return sys.spawn<caf::detached>(meta_sink, std::move(settings), std::move(dispatcher), std::move(supervisor));
}

}  // namespace sluice::actors
