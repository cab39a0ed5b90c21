#include "db/master_status.hpp"

namespace sluice::db {

tl::expected<master_status, db_error> read_master_status(connection& conn) {
  auto rows = conn.query("SHOW MASTER STATUS");
  if (!rows)
    return tl::unexpected(rows.error());
  if (rows->empty() || (*rows)[0].size() < 2 || !(*rows)[0][0])
    return tl::unexpected(db_error{0, "HY000", "SHOW MASTER STATUS returned nothing: binary logging is off (log_bin)"});
  master_status st;
  const auto& r = (*rows)[0];
  st.position.file = *r[0];
  st.position.pos = r[1] ? static_cast<std::uint32_t>(std::stoul(*r[1])) : 0;
  if (r.size() >= 5 && r[4] && !r[4]->empty()) {
    st.gtid_set = *r[4];
  } else if (auto g = conn.query("SELECT @@GLOBAL.gtid_binlog_pos"); g && !g->empty() && (*g)[0][0]) {
    st.gtid_set = *(*g)[0][0];
  }
  return st;
}

}  // namespace sluice::db
