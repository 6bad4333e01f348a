#pragma once

#include "modules/notify/channel_service.hpp"
#include "modules/warnings/warning_service.hpp"
#include "platform/http/api.hpp"

namespace anxin::warnings {

/// Adds the warning routes under /api/v1/warnings: list, issue, read, update, escalate, downgrade,
/// lift, history, checklist, CAP document and CAP feed, and the group robots an issuer may publish to.
void register_routes(http::Router& router, WarningService& warnings, notify::ChannelService& channels);

}  // namespace anxin::warnings
