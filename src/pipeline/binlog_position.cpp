#include "pipeline/binlog_position.hpp"

namespace sluice::pipeline {

std::string binlog_position::to_string() const {
  return "(" + file + ", " + std::to_string(pos) + ")";
}

std::uint64_t binlog_file_index(const std::string& file) noexcept {
  auto dot = file.rfind('.');
  if (dot == std::string::npos || dot + 1 == file.size())
    return 0;
  std::uint64_t n = 0;
  for (auto i = dot + 1; i < file.size(); ++i) {
    char c = file[i];
    if (c < '0' || c > '9')
      return 0;
    n = n * 10 + static_cast<std::uint64_t>(c - '0');
  }
  return n;
}

std::strong_ordering compare(const binlog_position& a, const binlog_position& b) noexcept {
  if (a.file != b.file) {
    auto ia = binlog_file_index(a.file);
    auto ib = binlog_file_index(b.file);
    if (ia != ib)
      return ia <=> ib;
    return a.file.compare(b.file) <=> 0;
  }
  return a.pos <=> b.pos;
}

}  // namespace sluice::pipeline
