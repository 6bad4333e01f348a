#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/paging.hpp"
#include "platform/db/database.hpp"

namespace anxin::notify {

struct Delivery;        // notifier.hpp
struct DeliveryFilter;  // notifier.hpp

/// A delivery claimed by a worker with what sending it needs, its sealed cells not yet opened.
struct ClaimedDelivery {
  std::int64_t id = 0;
  std::int64_t message_id = 0;
  std::string channel;
  std::optional<std::int64_t> channel_id;
  std::optional<std::int64_t> user_id;
  /// The sealed address of an external recipient (user_id is then empty).
  std::optional<db::Blob> address_enc;
  std::string lang;
  std::int64_t attempts = 0;
  std::string event;
  std::optional<db::Blob> params_enc;
};

/// Persistence of published messages and their deliveries, with the leases of the workers sending
/// them; SQL from queries/. Every function runs on the connection it is given, so the service
/// decides the transaction.
class DeliveryRepository {
 public:
  /// A new message; nullopt when `dedupe_key` was used before (nothing is inserted then).
  std::optional<std::int64_t> insert_message(db::Conn& c, const std::string& event,
                                             const std::optional<std::string>& dedupe_key, TimestampMs now,
                                             const std::optional<std::string>& entity,
                                             const std::optional<std::int64_t>& entity_id);
  /// Stores the sealed placeholder values of message `id`.
  void set_message_params(db::Conn& c, std::int64_t id, const db::Blob& params_enc);

  /// A new delivery of `message_id`: pending, or already sent (and counted as one attempt) with `sent`; its id.
  std::int64_t insert(db::Conn& c, std::int64_t message_id, std::string_view channel,
                      std::optional<std::int64_t> channel_id, std::optional<std::int64_t> user_id,
                      const std::string& lang, bool sent, TimestampMs now);
  /// Stores the sealed address of an external recipient.
  void set_address(db::Conn& c, std::int64_t id, const db::Blob& address_enc);

  /// Leases up to `limit` due deliveries to `owner` until `lease_until`; their ids.
  std::vector<std::int64_t> claim(db::Conn& c, const std::string& owner, TimestampMs lease_until, TimestampMs now,
                                  std::int64_t limit);
  /// Hands a delivery leased by `owner` back, unsent and without counting an attempt.
  void release(db::Conn& c, std::int64_t id, const std::string& owner);
  /// The pending delivery `id` if `owner` still holds its lease.
  std::optional<ClaimedDelivery> claimed(db::Conn& c, std::int64_t id, const std::string& owner);
  /// Records a successful attempt; false when `owner` no longer held the lease.
  bool mark_sent(db::Conn& c, std::int64_t id, const std::string& owner, TimestampMs now);
  /// Records a failed attempt, leaving the delivery `status` ("pending" or "dead") with its next attempt
  /// at `next_attempt_at`; false when `owner` no longer held the lease.
  bool mark_failed(db::Conn& c, std::int64_t id, const std::string& owner, const std::string& status,
                   TimestampMs next_attempt_at, const std::string& error, TimestampMs now);
  /// The number of deliveries waiting to be sent.
  std::int64_t pending_count(db::Conn& c);

  /// A page of the deliveries matching `f`, newest first, and the total number of them.
  PageOf<Delivery> search(db::Conn& c, const DeliveryFilter& f, const PageRequest& page);
  std::optional<Delivery> get(db::Conn& c, std::int64_t id);
  /// Puts a dead delivery back in the queue with no attempts counted.
  void requeue(db::Conn& c, std::int64_t id, TimestampMs now);
};

}  // namespace anxin::notify
