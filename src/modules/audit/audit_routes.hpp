#pragma once

#include "modules/audit/audit_log.hpp"
#include "platform/http/api.hpp"

namespace anxin::audit {

/// Adds the auditor's routes: search the audit log, verify the chain, export checkpoints.
void register_routes(http::Router& router, AuditLog& log);

}  // namespace anxin::audit
