#pragma once
// A parsed task.yaml / source.yaml shown back as JSON under the files' own key names, every
// default filled in. The JSON text is itself a task.yaml / source.yaml (JSON is YAML) that
// parses to the same config, which is how the round trip is tested.

#include <nlohmann/json.hpp>

#include "config/source_config.hpp"
#include "config/task_config.hpp"

namespace sluice::http {

/// What replaces a secret (password, inline private key) in what the API returns: DM's
/// ObfuscatedPasswordForFeedback.
inline constexpr const char* masked_secret = "******";

/// Every key of `task` (deprecated keys in their current form: is-sharding as shard-mode,
/// black-white-list as block-allow-list, online-ddl-scheme as online-ddl). Instances name
/// their unit configs when the file did and inline them otherwise. With `mask_secrets`,
/// target-database.password and security.ssl-key-bytes read "******" when set.
nlohmann::ordered_json task_config_json(const config::task_config& task, bool mask_secrets);

/// Every key of `source`, masked likewise (from.password, from.security.ssl-key-bytes).
nlohmann::ordered_json source_config_json(const config::source_config& source, bool mask_secrets);

/// `target-database` / `from`: host, port, user, password, session, security.
nlohmann::ordered_json db_config_json(const config::db_config& db, bool mask_secrets);

}  // namespace sluice::http
