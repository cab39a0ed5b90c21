#include "config/yaml_reader.hpp"

#include <algorithm>
#include <cassert>
#include <charconv>
#include <exception>

#include "config/duration.hpp"
#include "pipeline/wildcard.hpp"

namespace sluice::config::detail {

namespace {

bool is_null_mark(const YAML::Mark& m) { return m.line < 0; }

// Optimal string alignment distance: edits plus adjacent transpositions ("sycners").
std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
  for (std::size_t i = 0; i <= a.size(); ++i)
    d[i][0] = i;
  for (std::size_t j = 0; j <= b.size(); ++j)
    d[0][j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.size()][b.size()];
}

std::string one_of(const std::vector<std::string_view>& choices) {
  std::string out;
  for (std::size_t i = 0; i < choices.size(); ++i) {
    if (i > 0)
      out += i + 1 == choices.size() ? " or " : ", ";
    out += choices[i];
  }
  return out;
}

bool equal_ignoring_case(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
           return lower(x) == lower(y);
         });
}

}  // namespace

map_reader::map_reader(parse_context& ctx, const YAML::Node& node, std::string path)
    : ctx_(&ctx), path_(std::move(path)), mark_(node.Mark()) {
  if (!node.IsDefined() || node.IsNull())
    return;
  if (!node.IsMap()) {
    ctx.fail(node.Mark(), with_path(path_, "expected a mapping of keys, got " + describe(node, path_)));
    return;
  }
  add_entries(node, false);
}

map_reader::map_reader(map_reader&& other) noexcept
    : ctx_(other.ctx_),
      path_(std::move(other.path_)),
      mark_(other.mark_),
      entries_(std::move(other.entries_)),
      known_keys_(std::move(other.known_keys_)),
      finished_(other.finished_) {
  other.finished_ = true;
}

map_reader::~map_reader() {
  // Forgetting finish() would silently accept unknown keys; an early return after an
  // error is fine because only the first error is reported anyway.
  assert(finished_ || !ctx_->ok() || std::uncaught_exceptions() > 0);
}

void map_reader::add_entries(const YAML::Node& node, bool merged) {
  for (auto it = node.begin(); it != node.end(); ++it) {
    const YAML::Node key = it->first;  // a copy: the iterator yields a temporary proxy
    if (!key.IsScalar()) {
      ctx_->fail(key.Mark(), with_path(path_, "keys must be plain names, got " + describe(key, "")));
      return;
    }
    const std::string& name = key.Scalar();
    if (name == "<<" && !merged) {
      // YAML merge key: the merged mapping(s) supply keys not written explicitly.
      const YAML::Node source = it->second;
      if (source.IsMap()) {
        add_entries(source, true);
      } else if (source.IsSequence()) {
        for (const auto& item : source) {
          if (item.IsMap())
            add_entries(item, true);
        }
      }
      continue;
    }
    auto existing = std::find_if(entries_.begin(), entries_.end(), [&](const entry& e) { return e.key == name; });
    if (existing == entries_.end()) {
      entries_.push_back({name, key.Mark(), it->second, merged, false});
    } else if (!merged && existing->merged) {
      *existing = {name, key.Mark(), it->second, false, false};  // an explicit key beats a merged one
    } else if (!merged) {
      ctx_->fail(key.Mark(), with_path(path_, "duplicate key " + quote_value(name)));
      return;
    }
  }
}

const map_reader::entry* map_reader::find(std::string_view key) const {
  auto it = std::find_if(entries_.begin(), entries_.end(), [&](const entry& e) { return e.key == key; });
  return it == entries_.end() ? nullptr : &*it;
}

const map_reader::entry* map_reader::take(std::string_view key) {
  known_keys_.emplace_back(key);
  auto it = std::find_if(entries_.begin(), entries_.end(), [&](const entry& e) { return e.key == key; });
  if (it == entries_.end())
    return nullptr;
  it->used = true;
  if (!it->value.IsDefined() || it->value.IsNull())
    return nullptr;
  return &*it;
}

YAML::Node map_reader::take_node(std::string_view key) {
  const entry* e = take(key);
  return e == nullptr ? YAML::Node(YAML::NodeType::Undefined) : e->value;
}

bool map_reader::has(std::string_view key) const {
  const entry* e = find(key);
  return e != nullptr && e->value.IsDefined() && !e->value.IsNull();
}

YAML::Mark map_reader::mark_of(std::string_view key) const {
  const entry* e = find(key);
  if (e == nullptr)
    return mark_;
  if (e->value.IsDefined() && !e->value.IsNull() && !is_null_mark(e->value.Mark()))
    return e->value.Mark();
  return e->key_mark;
}

YAML::Mark map_reader::key_mark_of(std::string_view key) const {
  const entry* e = find(key);
  return e == nullptr ? mark_ : e->key_mark;
}

void map_reader::read(std::string_view key, std::string& out) {
  if (const entry* e = take(key)) {
    if (auto v = to_string(*ctx_, e->value, path_of(key)))
      out = std::move(*v);
  }
}

void map_reader::read(std::string_view key, bool& out) {
  if (const entry* e = take(key)) {
    if (auto v = to_bool(*ctx_, e->value, path_of(key)))
      out = *v;
  }
}

void map_reader::read(std::string_view key, std::vector<std::string>& out) {
  if (const entry* e = take(key)) {
    if (auto v = to_string_list(*ctx_, e->value, path_of(key)))
      out = std::move(*v);
  }
}

void map_reader::read(std::string_view key, std::map<std::string, std::string>& out) {
  const entry* e = take(key);
  if (e == nullptr)
    return;
  map_reader values(*ctx_, e->value, path_of(key));
  std::map<std::string, std::string> result;
  for (entry& item : values.entries_) {
    item.used = true;
    auto text = to_string(*ctx_, item.value, values.path_of(item.key));
    if (!text)
      break;
    // Variable names are case-insensitive in MySQL; DM lower-cases them too.
    if (!result.emplace(pipeline::ascii_lower(item.key), std::move(*text)).second) {
      ctx_->fail(item.key_mark, with_path(values.path(), "duplicate key " + quote_value(item.key) + " (names are case-insensitive)"));
      break;
    }
  }
  values.finish();
  if (ctx_->ok())
    out = std::move(result);
}

void map_reader::read(std::string_view key, double& out) {
  const entry* e = take(key);
  if (e == nullptr)
    return;
  if (e->value.IsScalar()) {
    const std::string& text = e->value.Scalar();
    double value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec == std::errc() && end == text.data() + text.size()) {
      out = value;
      return;
    }
  }
  ctx_->fail(e->value.Mark(), with_path(path_of(key), "expected a number, got " + describe(e->value, path_of(key))));
}

std::optional<std::int64_t> map_reader::read_int(std::string_view key, std::int64_t min, std::int64_t max) {
  const entry* e = take(key);
  if (e == nullptr)
    return std::nullopt;
  return to_int(*ctx_, e->value, path_of(key), min, max);
}

void map_reader::read_duration(std::string_view key, std::chrono::nanoseconds& out) {
  const entry* e = take(key);
  if (e == nullptr)
    return;
  const std::string path = path_of(key);
  if (e->value.IsScalar()) {
    auto d = parse_go_duration(e->value.Scalar());
    if (d && d->count() >= 0) {
      out = *d;
      return;
    }
    const std::string why = d ? "a duration must not be negative" : d.error();
    ctx_->fail(e->value.Mark(), with_path(path, "expected a duration such as \"30s\", \"5m\" or \"1h30m\" (" + why +
                                                   "), got " + describe(e->value, path)));
    return;
  }
  ctx_->fail(e->value.Mark(), with_path(path, "expected a duration such as \"30s\", \"5m\" or \"1h30m\", got " +
                                                 describe(e->value, path)));
}

void map_reader::read_choice(std::string_view key, std::string& out, std::vector<std::string_view> choices) {
  const entry* e = take(key);
  if (e == nullptr)
    return;
  if (e->value.IsScalar()) {
    for (std::string_view choice : choices) {
      if (equal_ignoring_case(choice, e->value.Scalar())) {
        out = std::string(choice);
        return;
      }
    }
  }
  ctx_->fail(e->value.Mark(),
             with_path(path_of(key), "expected one of " + one_of(choices) + ", got " + describe(e->value, path_of(key))));
}

void map_reader::read_required(std::string_view key, std::string& out) {
  const bool present = find(key) != nullptr;
  read(key, out);
  if (!ctx_->ok())
    return;
  if (!present)
    ctx_->fail(mark_, with_path(path_, "missing required key " + quote_value(key)));
  else if (out.empty())
    ctx_->fail(mark_of(key), with_path(path_of(key), "must not be empty"));
}

void map_reader::ignore(std::string_view key) { take(key); }

map_reader map_reader::child(std::string_view key) {
  const entry* e = take(key);
  if (e == nullptr) {
    map_reader empty(*ctx_, YAML::Node(), path_of(key));
    empty.mark_ = key_mark_of(key);
    return empty;
  }
  return map_reader(*ctx_, e->value, path_of(key));
}

void map_reader::for_each_item(std::string_view key,
                               const std::function<void(std::size_t, const YAML::Node&, const std::string&)>& fn) {
  const entry* e = take(key);
  if (e == nullptr)
    return;
  const std::string path = path_of(key);
  if (!e->value.IsSequence()) {
    ctx_->fail(e->value.Mark(), with_path(path, "expected a list, got " + describe(e->value, path)));
    return;
  }
  for (std::size_t i = 0; i < e->value.size() && ctx_->ok(); ++i)
    fn(i, e->value[i], index_path(path, i));
}

void map_reader::for_each_named(std::string_view key,
                                const std::function<void(const std::string&, const YAML::Node&, const YAML::Mark&,
                                                         const std::string&)>& fn) {
  const entry* e = take(key);
  if (e == nullptr)
    return;
  map_reader names(*ctx_, e->value, path_of(key));
  for (entry& item : names.entries_) {
    if (!ctx_->ok())
      break;
    item.used = true;
    fn(item.key, item.value, item.key_mark, names.path_of(item.key));
  }
  names.finish();
}

void map_reader::finish() {
  finished_ = true;
  for (const entry& e : entries_) {
    if (e.used)
      continue;
    std::string message = "unknown key " + quote_value(e.key);
    // Suggest only close matches: at most two edits, and fewer for short keys.
    const std::string* best = nullptr;
    std::size_t best_distance = std::min<std::size_t>(3, e.key.size() / 3 + 1);
    for (const std::string& known : known_keys_) {
      const std::size_t d = edit_distance(e.key, known);
      if (d < best_distance) {
        best_distance = d;
        best = &known;
      }
    }
    if (best != nullptr)
      message += " (did you mean " + quote_value(*best) + "?)";
    ctx_->fail(e.key_mark, with_path(path_, message));
    return;
  }
}

}  // namespace sluice::config::detail
