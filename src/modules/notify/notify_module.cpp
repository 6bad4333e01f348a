#include "modules/notify/notify_module.hpp"

#include "modules/identity/user_service.hpp"
#include "modules/notify/channel_service.hpp"
#include "modules/notify/live_inbox.hpp"
#include "modules/notify/notifier.hpp"
#include "modules/notify/notify_routes.hpp"
#include "platform/log/log.hpp"
#include "platform/notify/transport.hpp"

namespace anxin::notify {

void register_module(extend::Registry& r) {
  for (const auto& column : encrypted_columns()) r.encrypted_column(column);
  auto& audit = r.service<audit::AuditSink>();
  auto& transport = r.provide<Transport>(std::make_unique<CurlTransport>());
  auto& notifier = r.provide(std::make_unique<Notifier>(r.db(), r.clock(), r.keys(), audit, transport));
  // People are told at the contacts identity holds for them; the addresses are read at the moment of sending.
  auto& users = r.service<identity::UserService>();
  notifier.set_contact_resolver([&users](std::int64_t user_id) -> std::optional<Contact> {
    auto c = users.contact(user_id);
    if (!c) return std::nullopt;
    return Contact{.email = c->first, .mobile = c->second};
  });
  auto& channels = r.provide(std::make_unique<ChannelService>(r.db(), r.clock(), r.keys(), audit));
  if (const auto sealed = channels.seal_endpoints(); sealed > 0) {
    log::info("notify.endpoints_sealed", {{"channels", sealed}});
  }
  auto& live = r.provide(std::make_unique<LiveInbox>(r.db(), r.keys(), LiveInbox::Options{}));
  register_routes(r.router(), notifier, channels, &live);
  r.audit_entities({"notification", "notify_channel", "notify_delivery"});

  const std::chrono::milliseconds poll(r.config().jobs_poll_ms);
  const auto& clock = r.clock();
  r.periodic(
      "notify.deliver", poll, [&notifier, &clock] { notifier.deliver_due(clock.now_ms(), 20); },
      extend::Thread::kDelivery);
  r.lifecycle().on_start.push_back([&live] { live.start(); });
  // Close the event streams while the server can still end them.
  r.lifecycle().on_draining.push_back([&live] { live.stop(); });
  // A send waiting on a slow server ends now and is sent again after the restart.
  r.lifecycle().on_stop.push_back([&notifier] { notifier.stop(); });
}

}  // namespace anxin::notify
