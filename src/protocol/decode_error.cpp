#include "protocol/decode_error.hpp"

namespace sluice::protocol {

std::string_view to_string(decode_error e) noexcept {
  switch (e) {
    case decode_error::truncated: return "truncated";
    case decode_error::bad_magic: return "bad_magic";
    case decode_error::bad_checksum: return "bad_checksum";
    case decode_error::bad_length: return "bad_length";
    case decode_error::bad_value: return "bad_value";
    case decode_error::unknown_table: return "unknown_table";
    case decode_error::unsupported_type: return "unsupported_type";
    case decode_error::encrypted:
      return "encrypted binlog (START_ENCRYPTION) is not supported: "
             "decrypt with the server, e.g. read it over replication";
  }
  return "unknown decode_error";
}

}  // namespace sluice::protocol
