#include "pipeline/table_ref.hpp"

namespace sluice::pipeline {

std::string quote_identifier(std::string_view name) {
  std::string out;
  out.reserve(name.size() + 2);
  out.push_back('`');
  for (char c : name) {
    if (c == '`')
      out.push_back('`');
    out.push_back(c);
  }
  out.push_back('`');
  return out;
}

std::string table_name::quoted() const {
  return quote_identifier(schema) + "." + quote_identifier(table);
}

}  // namespace sluice::pipeline
