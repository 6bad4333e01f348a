#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/paging.hpp"
#include "core/result.hpp"
#include "platform/crypto/key_ring.hpp"
#include "platform/db/database.hpp"

namespace anxin::notify {

struct InboxItem;  // notifier.hpp

/// An inbox item as stored, its title and body still sealed: opened only when someone is sent it.
struct SealedInboxItem {
  std::int64_t id = 0;
  std::int64_t user_id = 0;
  std::string event;
  std::optional<std::string> entity;
  std::optional<std::int64_t> entity_id;
  db::Blob title_enc;
  db::Blob body_enc;
  TimestampMs created_at = 0;
  std::optional<TimestampMs> read_at;
};

/// The item with its title and body opened with `keys`.
Result<InboxItem> open_inbox_item(const crypto::KeyRing& keys, const SealedInboxItem& sealed);

/// Persistence of the users' in-app inboxes; SQL from queries/. Every function runs on the connection
/// it is given, so the service decides the transaction.
class InboxRepository {
 public:
  /// A new unread item of `user_id` for message `message_id`; its id. Its text is set with set_text.
  std::int64_t insert(db::Conn& c, std::int64_t user_id, std::int64_t message_id, TimestampMs now);
  /// Stores the sealed title and body of item `id`.
  void set_text(db::Conn& c, std::int64_t id, const db::Blob& title_enc, const db::Blob& body_enc);
  /// A page of the user's items (only unread ones with `unread_only`), newest first, opened with
  /// `keys`, and the total number of them; the key ring's error when an item cannot be opened.
  Result<PageOf<InboxItem>> list(db::Conn& c, const crypto::KeyRing& keys, std::int64_t user_id, bool unread_only,
                                 const PageRequest& page);
  /// The number of the user's items (only unread ones with `unread_only`).
  std::int64_t count(db::Conn& c, std::int64_t user_id, bool unread_only);
  /// Whether item `id` of `user_id` is read; nullopt when the user has no such item.
  std::optional<bool> is_read(db::Conn& c, std::int64_t id, std::int64_t user_id);
  /// Marks item `id` of `user_id` read unless it already is.
  void mark_read(db::Conn& c, std::int64_t id, std::int64_t user_id, TimestampMs now);
  /// Marks all the user's unread items read; how many changed.
  std::int64_t mark_all_read(db::Conn& c, std::int64_t user_id, TimestampMs now);
  /// The highest item id (0 when the inbox table is empty).
  std::int64_t max_id(db::Conn& c);
  /// Up to `limit` items of any user with an id above `after_id`, by id.
  std::vector<SealedInboxItem> since(db::Conn& c, std::int64_t after_id, std::int64_t limit);
};

}  // namespace anxin::notify
