#pragma once
// Sluice's route table: health, metrics, task status and sluicectl's endpoints.

#include <functional>
#include <string>
#include <vector>

#include "http/ctl_service.hpp"
#include "http/router.hpp"

namespace sluice::http {

/// `metrics_text` renders the Prometheus exposition; `ready` says whether /readyz answers 200.
std::vector<route> sluice_routes(ctl_service& ctl, std::function<std::string()> metrics_text,
                                 std::function<bool()> ready);

}  // namespace sluice::http
