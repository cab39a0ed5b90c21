#include "config/load_yaml.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace sluice::config::detail {

void with_document(parse_context& ctx, std::string_view text, const std::function<void(const YAML::Node&)>& read) {
  YAML::Node root;
  try {
    root = YAML::Load(std::string(text));
  } catch (const YAML::Exception& e) {
    ctx.fail(e.mark, "invalid YAML: " + e.msg);
    return;
  }
  try {
    read(root);
  } catch (const YAML::Exception& e) {
    // Node access on a well-formed document should not throw; if it does, keep the
    // position instead of letting a library exception escape the parser.
    ctx.fail(e.mark, "invalid YAML: " + e.msg);
  }
}

tl::expected<std::string, config_error> read_text_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    return tl::unexpected(config_error{path.string(), 0, 0, std::string("cannot open: ") + std::strerror(errno)});
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad())
    return tl::unexpected(config_error{path.string(), 0, 0, std::string("cannot read: ") + std::strerror(errno)});
  return text.str();
}

}  // namespace sluice::config::detail
