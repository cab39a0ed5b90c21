#pragma once
// Sluice's route table: health, metrics, task status, sluicectl's endpoints and DM's OpenAPI.

#include <functional>
#include <string>
#include <vector>

#include "http/ctl_service.hpp"
#include "http/rest_service.hpp"
#include "http/router.hpp"

namespace sluice::http {

/// `metrics_text` renders the Prometheus exposition; `ready` says whether /readyz answers 200.
/// The /api/v1/sources and /api/v1/tasks routes (rest_routes.hpp) call `rest`.
std::vector<route> sluice_routes(ctl_service& ctl, rest_service& rest, std::function<std::string()> metrics_text,
                                 std::function<bool()> ready);

}  // namespace sluice::http
