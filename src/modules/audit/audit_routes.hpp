#pragma once

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "modules/audit/audit_log.hpp"
#include "platform/http/api.hpp"

namespace anxin::audit {

/// The entity kinds the modules record, as (module, entity) pairs in registration order.
using EntityKinds = std::function<const std::vector<std::pair<std::string, std::string>>&()>;

/// Adds the auditor's routes: search the audit log, verify the chain, export checkpoints, list the
/// entity kinds the modules registered (for the search filter).
void register_routes(http::Router& router, AuditLog& log, EntityKinds entity_kinds);

}  // namespace anxin::audit
