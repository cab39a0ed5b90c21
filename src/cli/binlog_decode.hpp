#pragma once

#include <ostream>

#include "cli/command.hpp"

namespace sluice::cli {

/// `sluicectl binlog decode`: reads each file whole, decodes its events in order with one
/// protocol::binlog_decoder (reset per file) and writes one JSON line per event to `out`
/// through a 1 MiB buffer; events inside a TRANSACTION_PAYLOAD follow it with "in_payload".
/// Like mysqlbinlog, --start-position applies to the first file and --stop-position to the
/// last: events before the start are decoded (FORMAT_DESCRIPTION, TABLE_MAPs) but not printed,
/// and the file ends at the first event starting at or after the stop. A file without the
/// \xfebin magic is read as bare frames from offset 0; when its last frame is exactly 4 bytes
/// short and no FORMAT_DESCRIPTION came before, it is taken as a frame saved without its CRC32
/// trailer (vitess's test vector) and decoded without one. Returns 0, or 1 after an error line
/// `{"error": reason, "pos": offset, "file": path}` for a file that cannot be read or decoded
/// (decoding stops there; later files are not read).
int run_binlog_decode(const binlog_decode& cmd, std::ostream& out);

}  // namespace sluice::cli
