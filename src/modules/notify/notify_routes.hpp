#pragma once

#include "modules/notify/channel_service.hpp"
#include "modules/notify/live_inbox.hpp"
#include "modules/notify/notifier.hpp"
#include "platform/http/api.hpp"

namespace anxin::notify {

/// Adds the notification routes: the caller's inbox under /api/v1/auth/notifications (any signed-in user, own items
/// only), channel configuration under /api/v1/notify/channels (notify:channel:manage), the delivery list with its
/// dead-letter view (notify:delivery:read) and re-queueing a dead delivery (notify:channel:manage). With `live`, the
/// inbox is also streamed at /api/v1/auth/notifications/stream (Server-Sent Events).
void register_routes(http::Router& router, Notifier& notifier, ChannelService& channels, LiveInbox* live = nullptr);

}  // namespace anxin::notify
