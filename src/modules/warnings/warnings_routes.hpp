#pragma once

#include "modules/warnings/warning_service.hpp"
#include "platform/http/api.hpp"

namespace anxin::warnings {

/// Adds the warning routes under /api/v1/warnings: list, issue, read, update, escalate, downgrade,
/// lift, history, checklist, CAP document and CAP feed.
void register_routes(http::Router& router, WarningService& warnings);

}  // namespace anxin::warnings
