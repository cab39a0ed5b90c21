#include "protocol/gtid_set.hpp"

#include <algorithm>

namespace sluice::protocol {

namespace {

bool is_hex(char c) noexcept {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }
bool is_tag_char(char c) noexcept {
  return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
bool is_uuid_char(char c) noexcept { return is_hex(c) || c == '-'; }
bool is_space(char c) noexcept { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
char lower(char c) noexcept { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool valid_interval(gno_interval i) noexcept {
  return i.first >= 1 && i.first <= i.last && i.last <= gtid_set::max_gno;
}

// Spec: MySQL Gtid_set::add_gtid_text (sql/rpl_gtid_set.cc): comma-separated entries
// "uuid(:tag|:interval)*", whitespace allowed around every token, empty entries ignored.
class set_parser {
 public:
  explicit set_parser(std::string_view text) : text_(text) {}

  tl::expected<gtid_set, std::string> run() {
    gtid_set set;
    for (;;) {
      skip_space();
      if (at_end()) return set;
      if (peek() == ',') {
        ++pos_;
        continue;
      }
      const std::size_t uuid_at = pos_;
      const auto uuid = normalize_uuid(take_while(is_uuid_char));
      if (uuid.empty()) return error(uuid_at, "expected a UUID");
      std::string tag;
      skip_space();
      while (!at_end() && peek() == ':') {
        ++pos_;
        skip_space();
        const std::size_t item_at = pos_;
        if (!at_end() && is_digit(peek())) {
          auto interval = parse_interval();
          if (!interval) return tl::unexpected(interval.error());
          set.add(uuid, tag, *interval);
        } else {
          tag = normalize_gtid_tag(take_while(is_tag_char));
          if (tag.empty()) return error(item_at, "expected a transaction number or a tag");
        }
        skip_space();
      }
      if (!at_end() && peek() != ',') return error(pos_, "expected ',' or ':'");
    }
  }

 private:
  tl::expected<gno_interval, std::string> parse_interval() {
    const std::size_t at = pos_;
    const auto first = parse_gno();
    if (!first) return tl::unexpected(first.error());
    std::int64_t last = *first;
    skip_space();
    if (!at_end() && peek() == '-') {
      ++pos_;
      skip_space();
      const auto end = parse_gno();
      if (!end) return tl::unexpected(end.error());
      last = *end;
    }
    if (last < *first) return error(at, "interval ends before it starts");
    return gno_interval{*first, last};
  }

  tl::expected<std::int64_t, std::string> parse_gno() {
    const std::size_t at = pos_;
    const auto digits = take_while(is_digit);
    if (digits.empty()) return error(at, "expected a transaction number");
    std::int64_t value = 0;
    for (const char c : digits) {
      const int digit = c - '0';
      if (value > (gtid_set::max_gno - digit) / 10) return error(at, "transaction number out of range");
      value = value * 10 + digit;
    }
    if (value < 1) return error(at, "transaction number out of range");
    return value;
  }

  std::string_view take_while(bool (*accept)(char) noexcept) {
    const std::size_t start = pos_;
    while (!at_end() && accept(peek())) ++pos_;
    return text_.substr(start, pos_ - start);
  }

  tl::unexpected<std::string> error(std::size_t at, std::string_view what) const {
    const std::string near = at < text_.size() ? "\"" + std::string(text_.substr(at, 40)) + "\"" : "the end";
    return tl::unexpected("GTID set: " + std::string(what) + " at offset " + std::to_string(at) +
                          " (" + near + ")");
  }

  void skip_space() {
    while (!at_end() && is_space(peek())) ++pos_;
  }
  bool at_end() const noexcept { return pos_ >= text_.size(); }
  char peek() const noexcept { return text_[pos_]; }

  std::string_view text_;
  std::size_t pos_ = 0;
};

// The interval of `intervals` (sorted, disjoint) holding gno, or end().
std::vector<gno_interval>::const_iterator find_interval(const std::vector<gno_interval>& intervals,
                                                        std::int64_t gno) {
  auto it = std::upper_bound(intervals.begin(), intervals.end(), gno,
                             [](std::int64_t g, const gno_interval& i) { return g < i.first; });
  if (it == intervals.begin()) return intervals.end();
  --it;
  return it->last >= gno ? it : intervals.end();
}

// `from` without the transactions of `cut`; both sorted and disjoint.
std::vector<gno_interval> difference(const std::vector<gno_interval>& from,
                                     const std::vector<gno_interval>& cut) {
  std::vector<gno_interval> out;
  auto c = cut.begin();
  for (const auto& piece : from) {
    std::int64_t start = piece.first;
    while (c != cut.end() && c->last < start) ++c;
    for (; c != cut.end() && c->first <= piece.last; ++c) {
      if (c->first > start) out.push_back({start, c->first - 1});
      start = c->last + 1;  // last <= max_gno: no overflow
      if (c->last >= piece.last) break;  // c may still cover the next piece
    }
    if (start <= piece.last) out.push_back({start, piece.last});
  }
  return out;
}

void append_intervals(std::string& out, const std::vector<gno_interval>& intervals) {
  for (const auto& i : intervals) {
    out += ':';
    out += std::to_string(i.first);
    if (i.last != i.first) out += '-' + std::to_string(i.last);
  }
}

}  // namespace

std::string normalize_uuid(std::string_view text) {
  const bool dashed = text.size() == 36;
  if (!dashed && text.size() != 32) return {};
  std::string out;
  out.reserve(36);
  for (std::size_t i = 0; i < text.size(); ++i) {
    const bool dash_here = dashed && (i == 8 || i == 13 || i == 18 || i == 23);
    if (dash_here != (text[i] == '-')) return {};
    if (!dash_here && !is_hex(text[i])) return {};
    out += lower(text[i]);
    if (!dashed && (i == 7 || i == 11 || i == 15 || i == 19)) out += '-';
  }
  return out;
}

std::string normalize_gtid_tag(std::string_view text) {
  if (text.empty() || text.size() > 32 || is_digit(text.front())) return {};
  std::string out;
  for (const char c : text) {
    if (!is_tag_char(c)) return {};
    out += lower(c);
  }
  return out;
}

tl::expected<gtid_set, std::string> gtid_set::parse(std::string_view text) {
  return set_parser(text).run();
}

tl::expected<gtid_set, std::string> gtid_set::from(const previous_gtids_event& event) {
  return parse(event.gtid_set);
}

std::string gtid_set::to_string(std::string_view separator) const {
  std::string out;
  const std::string* current_uuid = nullptr;
  for (const auto& [source, intervals] : sources_) {
    if (current_uuid == nullptr || *current_uuid != source.uuid) {
      if (current_uuid != nullptr) out += separator;
      out += source.uuid;
      current_uuid = &source.uuid;
    }
    if (!source.tag.empty()) out += ':' + source.tag;
    append_intervals(out, intervals);
  }
  return out;
}

bool gtid_set::add(std::string_view uuid, std::int64_t gno) { return add(uuid, {}, gno_interval{gno, gno}); }

bool gtid_set::add(std::string_view uuid, std::string_view tag, std::int64_t gno) {
  return add(uuid, tag, gno_interval{gno, gno});
}

bool gtid_set::add(std::string_view uuid, std::string_view tag, gno_interval interval) {
  gtid_source source{normalize_uuid(uuid), tag.empty() ? std::string() : normalize_gtid_tag(tag)};
  if (source.uuid.empty() || (source.tag.empty() && !tag.empty()) || !valid_interval(interval)) return false;
  add_interval(source, interval);
  return true;
}

bool gtid_set::add(const mysql_gtid_event& gtid) {
  return !gtid.anonymous && add(gtid.sid, gtid.tag, gtid.gno);
}

void gtid_set::add(const gtid_set& other) {
  for (const auto& [source, intervals] : other.sources_)
    for (const auto& interval : intervals) add_interval(source, interval);
}

void gtid_set::subtract(const gtid_set& other) {
  for (const auto& [source, cut] : other.sources_) {
    const auto it = sources_.find(source);
    if (it == sources_.end()) continue;
    it->second = difference(it->second, cut);
    if (it->second.empty()) sources_.erase(it);
  }
}

bool gtid_set::contains(std::string_view uuid, std::int64_t gno) const { return contains(uuid, {}, gno); }

bool gtid_set::contains(std::string_view uuid, std::string_view tag, std::int64_t gno) const {
  gtid_source source{normalize_uuid(uuid), normalize_gtid_tag(tag)};
  if (source.tag.empty() && !tag.empty()) return false;
  const auto it = sources_.find(source);
  return it != sources_.end() && find_interval(it->second, gno) != it->second.end();
}

bool gtid_set::contains(const gtid_set& other) const {
  for (const auto& [source, intervals] : other.sources_) {
    const auto it = sources_.find(source);
    if (it == sources_.end()) return false;
    for (const auto& interval : intervals) {
      const auto holder = find_interval(it->second, interval.first);
      if (holder == it->second.end() || holder->last < interval.last) return false;
    }
  }
  return true;
}

// Keeps the list sorted and disjoint, merging overlapping and adjacent intervals.
void gtid_set::add_interval(const gtid_source& source, gno_interval interval) {
  auto& list = sources_[source];
  if (list.empty() || list.back().last + 1 < interval.first) {  // the common case: appending
    list.push_back(interval);
    return;
  }
  // The first interval that overlaps or touches `interval`, then every one after it that does.
  auto begin = std::lower_bound(list.begin(), list.end(), interval.first - 1,
                                [](const gno_interval& i, std::int64_t g) { return i.last < g; });
  auto end = begin;
  for (; end != list.end() && end->first <= interval.last + 1; ++end) {
    interval.first = std::min(interval.first, end->first);
    interval.last = std::max(interval.last, end->last);
  }
  list.insert(list.erase(begin, end), interval);
}

}  // namespace sluice::protocol
