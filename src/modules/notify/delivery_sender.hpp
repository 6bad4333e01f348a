#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "core/clock.hpp"
#include "modules/notify/channel_repository.hpp"
#include "modules/notify/channel_service.hpp"
#include "modules/notify/delivery_repository.hpp"
#include "modules/notify/notifier.hpp"
#include "platform/crypto/key_ring.hpp"
#include "platform/db/database.hpp"
#include "platform/notify/transport.hpp"

namespace anxin::notify {

/// A claimed delivery with what sending it needs, its sealed cells opened.
struct DeliveryWork {
  std::int64_t id = 0;
  std::int64_t message_id = 0;
  std::string channel;
  std::optional<std::int64_t> channel_id;
  std::optional<std::int64_t> user_id;
  /// The address of an external recipient (user_id is then empty).
  std::optional<std::string> address;
  std::string lang;
  std::int64_t attempts = 0;
  std::string event;
  std::optional<nlohmann::json> params;  // nullopt: could not be decrypted
};

/// How one attempt to send a delivery ended.
struct SendOutcome {
  bool sent = false;
  /// A failure retrying cannot fix (missing channel or address): dead at once.
  bool permanent = false;
  std::string error;
};

/// Sends one claimed delivery at a time through its channel (e-mail, SMS or a group robot) outside any
/// transaction, and records each outcome under the RetryPolicy: sent, retried with backoff, or dead.
/// The Notifier claims the deliveries, hands them back and owns the templates and the contact lookup.
class DeliverySender {
 public:
  DeliverySender(db::Database& db, const crypto::KeyRing& keys, Transport& transport);

  /// The delivery `id` while `owner` holds its lease, with its address and the message parameters
  /// opened; nullopt when the lease is gone.
  std::optional<DeliveryWork> claimed(std::int64_t id, const std::string& owner);
  /// One attempt to send `w`, rendered from `tpl` (nullopt: no template for its event); a personal
  /// e-mail or SMS is addressed through `contacts`.
  SendOutcome send(const DeliveryWork& w, const std::optional<Template>& tpl, const ContactResolver& contacts,
                   TimestampMs now);
  /// Records the outcome of an attempt while `owner` still holds the lease; counted in the metric
  /// anxin_notify_deliveries_total. A delivery whose lease is gone is left alone.
  void record(const DeliveryWork& w, const SendOutcome& o, const std::string& owner, TimestampMs now);

 private:
  SendOutcome send_robot(const Channel& ch, const std::string& secret, const std::string& subject,
                         const std::string& body, TimestampMs now);

  db::Database& db_;
  const crypto::KeyRing& keys_;
  Transport& transport_;
  ChannelRepository channels_;
  DeliveryRepository deliveries_;
};

}  // namespace anxin::notify
