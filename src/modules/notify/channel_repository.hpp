#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/clock.hpp"
#include "core/paging.hpp"
#include "platform/crypto/key_ring.hpp"
#include "platform/db/database.hpp"

namespace anxin::notify {

struct Channel;          // channel_service.hpp
enum class ChannelKind;  // channel_service.hpp

/// A channel stored before endpoints were sealed: its plain endpoint still in `endpoint`.
struct UnsealedChannel {
  std::int64_t id = 0;
  ChannelKind kind{};
  std::string endpoint;
};

/// Persistence of notification channels; SQL from queries/. Every function runs on the connection it
/// is given, so the service decides the transaction.
class ChannelRepository {
 public:
  /// The channel with its endpoint opened with `keys`, if it exists.
  std::optional<Channel> get(db::Conn& c, const crypto::KeyRing& keys, std::int64_t id);
  /// The channel with its endpoint in the stored masked form: enough to check its kind and state.
  std::optional<Channel> get_masked(db::Conn& c, std::int64_t id);
  /// As get, together with the stored secret_enc cell (NULL when there is no secret).
  std::optional<std::pair<Channel, db::Value>> get_with_secret(db::Conn& c, const crypto::KeyRing& keys,
                                                               std::int64_t id);
  /// The channel to send through, its endpoint opened with `keys`, with its sealed secret (nullopt
  /// when it has none).
  std::optional<std::pair<Channel, std::optional<db::Blob>>> get_for_sending(db::Conn& c, const crypto::KeyRing& keys,
                                                                             std::int64_t id);
  /// As get_for_sending, for the oldest enabled channel of `kind` ("email" or "sms": the one personal
  /// messages go through).
  std::optional<std::pair<Channel, std::optional<db::Blob>>> first_enabled_for_sending(db::Conn& c,
                                                                                       const crypto::KeyRing& keys,
                                                                                       const std::string& kind);
  /// A page of channels (endpoints in their stored masked form) and the total number of channels.
  PageOf<Channel> list(db::Conn& c, const PageRequest& page);
  /// Whether another channel than `except_id` is called `name`.
  bool name_taken(db::Conn& c, const std::string& name, std::int64_t except_id);
  std::int64_t insert(db::Conn& c, ChannelKind kind, const std::string& name, const std::string& masked_endpoint,
                      const std::optional<std::string>& username, const std::optional<std::string>& sender,
                      bool enabled, TimestampMs now);
  /// Stores the masked endpoint and its sealed plain form.
  void set_endpoint(db::Conn& c, std::int64_t id, const std::string& masked_endpoint, const db::Blob& endpoint_enc);
  void set_secret(db::Conn& c, std::int64_t id, const db::Blob& secret_enc);
  /// Writes all mutable fields if `expected_version` still matches; false when it did not.
  bool update(db::Conn& c, const Channel& ch, const std::string& masked_endpoint, const db::Blob& endpoint_enc,
              const db::Value& secret_enc, TimestampMs now, std::int64_t expected_version);
  void remove(db::Conn& c, std::int64_t id);
  /// The enabled group robots by name: id, kind and name only.
  std::vector<Channel> group_channels(db::Conn& c);
  /// The channels whose endpoint is not sealed yet, by id.
  std::vector<UnsealedChannel> unsealed(db::Conn& c);
  /// SQLite only: whether deleted or overwritten content is zeroed on disk.
  void set_secure_delete(db::Conn& c, bool on);
};

}  // namespace anxin::notify
