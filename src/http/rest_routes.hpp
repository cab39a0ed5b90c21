#pragma once
// The route table of DM's OpenAPI subset Sluice serves (/api/v1/sources, /api/v1/tasks).

#include <vector>

#include "http/rest_service.hpp"
#include "http/router.hpp"

namespace sluice::http {

/// Routes whose handlers call `rest`; it must outlive the router.
std::vector<route> rest_routes(rest_service& rest);

}  // namespace sluice::http
