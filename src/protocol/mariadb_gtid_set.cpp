#include "protocol/mariadb_gtid_set.hpp"

#include <limits>

namespace sluice::protocol {

namespace {

bool is_space(char c) noexcept { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }

// Spec: MariaDB "GTID" docs: a GTID is domain_id-server_id-seq_no (32, 32 and 64 bits); a
// position lists at most one per domain, comma-separated.
class list_parser {
 public:
  explicit list_parser(std::string_view text) : text_(text) {}

  tl::expected<mariadb_gtid_set, std::string> run() {
    mariadb_gtid_set set;
    bool expect_entry = true;  // at the start or right after a comma
    for (;;) {
      skip_space();
      if (at_end()) {
        if (!expect_entry || set.empty()) return set;
        return error(pos_, "expected a GTID after ','");
      }
      if (!expect_entry) return error(pos_, "expected ','");
      const std::size_t entry_at = pos_;
      mariadb_gtid gtid{};
      if (!read_gtid(gtid)) return error(entry_at, "expected domain-server-seq");
      if (set.domains().contains(gtid.domain_id))
        return error(entry_at, "a second GTID for domain " + std::to_string(gtid.domain_id));
      set.update(gtid);
      skip_space();
      expect_entry = !at_end() && peek() == ',';
      if (expect_entry) ++pos_;
    }
  }

 private:
  // "domain-server-seq" with each number in its range.
  bool read_gtid(mariadb_gtid& gtid) {
    constexpr std::uint64_t max32 = std::numeric_limits<std::uint32_t>::max();
    std::uint64_t domain = 0;
    std::uint64_t server = 0;
    if (!number(max32, domain) || !dash() || !number(max32, server) || !dash() ||
        !number(std::numeric_limits<std::uint64_t>::max(), gtid.sequence))
      return false;
    gtid.domain_id = static_cast<std::uint32_t>(domain);
    gtid.server_id = static_cast<std::uint32_t>(server);
    return true;
  }

  // Decimal digits into `out`; false when there are none or the value exceeds `max`.
  bool number(std::uint64_t max, std::uint64_t& out) {
    const std::size_t start = pos_;
    out = 0;
    while (!at_end() && is_digit(peek())) {
      const auto digit = static_cast<std::uint64_t>(peek() - '0');
      if (out > (max - digit) / 10) return false;
      out = out * 10 + digit;
      ++pos_;
    }
    return pos_ > start;
  }

  bool dash() {
    if (at_end() || peek() != '-') return false;
    ++pos_;
    return true;
  }

  tl::unexpected<std::string> error(std::size_t at, const std::string& what) const {
    const std::string near = at < text_.size() ? "\"" + std::string(text_.substr(at, 40)) + "\"" : "the end";
    return tl::unexpected("MariaDB GTID list: " + what + " at offset " + std::to_string(at) + " (" +
                          near + ")");
  }

  void skip_space() {
    while (!at_end() && is_space(peek())) ++pos_;
  }
  bool at_end() const noexcept { return pos_ >= text_.size(); }
  char peek() const noexcept { return text_[pos_]; }

  std::string_view text_;
  std::size_t pos_ = 0;
};

}  // namespace

tl::expected<mariadb_gtid_set, std::string> mariadb_gtid_set::parse(std::string_view text) {
  return list_parser(text).run();
}

mariadb_gtid_set mariadb_gtid_set::from(const gtid_list_event& event) {
  mariadb_gtid_set set;
  for (const auto& gtid : event.gtids) set.update(gtid);
  return set;
}

std::string mariadb_gtid_set::to_string() const {
  std::string out;
  for (const auto& [domain, gtid] : domains_) {
    if (!out.empty()) out += ',';
    out += sluice::protocol::to_string(gtid);
  }
  return out;
}

void mariadb_gtid_set::update(const mariadb_gtid& gtid) { domains_[gtid.domain_id] = gtid; }

bool mariadb_gtid_set::contains(const mariadb_gtid& gtid) const noexcept {
  const auto it = domains_.find(gtid.domain_id);
  return it != domains_.end() && it->second.sequence >= gtid.sequence;
}

}  // namespace sluice::protocol
