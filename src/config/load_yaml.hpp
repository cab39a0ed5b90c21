#pragma once
// Internal to src/config: turning text or a file into a YAML document, with yaml-cpp's
// syntax errors reported as config_errors at their position.

#include <filesystem>
#include <functional>
#include <string>
#include <string_view>

#include <tl/expected.hpp>
#include <yaml-cpp/yaml.h>

#include "config/config_error.hpp"
#include "config/yaml_reader.hpp"

namespace sluice::config::detail {

/// Parses the first YAML document of `text` and hands its root to `read` (an empty text
/// gives a null root). Syntax errors, and any yaml-cpp exception `read` lets escape, are
/// recorded in `ctx`.
void with_document(parse_context& ctx, std::string_view text, const std::function<void(const YAML::Node&)>& read);

/// The whole file, or an error naming the file and the system's reason.
tl::expected<std::string, config_error> read_text_file(const std::filesystem::path& path);

}  // namespace sluice::config::detail
