#include "modules/notify/inbox_repository.hpp"

#include "modules/notify/internal.hpp"
#include "modules/notify/notifier.hpp"

namespace anxin::notify {
namespace {

/// An inbox_list row with its title and body decrypted.
Result<InboxItem> inbox_item_from_row(const crypto::KeyRing& keys, const db::Row& r) {
  InboxItem item;
  item.id = r.int64("id");
  item.event = r.text("event");
  item.entity = r.opt_text("entity");
  item.entity_id = r.opt_int64("entity_id");
  ANXIN_ASSIGN_OR_RETURN(item.title, keys.decrypt(kInboxTable, kTitleColumn, item.id, r.blob("title_enc")));
  ANXIN_ASSIGN_OR_RETURN(item.body, keys.decrypt(kInboxTable, kBodyColumn, item.id, r.blob("body_enc")));
  item.created_at = r.int64("created_at");
  item.read_at = r.opt_int64("read_at");
  return item;
}

}  // namespace

Result<InboxItem> open_inbox_item(const crypto::KeyRing& keys, const SealedInboxItem& sealed) {
  InboxItem item;
  item.id = sealed.id;
  item.event = sealed.event;
  item.entity = sealed.entity;
  item.entity_id = sealed.entity_id;
  ANXIN_ASSIGN_OR_RETURN(item.title, keys.decrypt(kInboxTable, kTitleColumn, item.id, sealed.title_enc));
  ANXIN_ASSIGN_OR_RETURN(item.body, keys.decrypt(kInboxTable, kBodyColumn, item.id, sealed.body_enc));
  item.created_at = sealed.created_at;
  item.read_at = sealed.read_at;
  return item;
}

std::int64_t InboxRepository::insert(db::Conn& c, std::int64_t user_id, std::int64_t message_id, TimestampMs now) {
  return c.query_one(notify_sql("inbox_insert"), user_id, message_id, now)->int64("id");
}

void InboxRepository::set_text(db::Conn& c, std::int64_t id, const db::Blob& title_enc, const db::Blob& body_enc) {
  c.exec(notify_sql("inbox_set_text"), id, title_enc, body_enc);
}

Result<PageOf<InboxItem>> InboxRepository::list(db::Conn& c, const crypto::KeyRing& keys, std::int64_t user_id,
                                                bool unread_only, const PageRequest& page) {
  PageOf<InboxItem> out;
  const std::int64_t unread = unread_only ? 1 : 0;
  for (const auto& r : c.query(notify_sql("inbox_list"), user_id, unread, page.page_size, page.offset())) {
    ANXIN_ASSIGN_OR_RETURN(InboxItem item, inbox_item_from_row(keys, r));
    out.items.push_back(std::move(item));
  }
  out.total = c.query_one(notify_sql("inbox_count"), user_id, unread)->int64("n");
  return out;
}

std::int64_t InboxRepository::count(db::Conn& c, std::int64_t user_id, bool unread_only) {
  return c.query_one(notify_sql("inbox_count"), user_id, std::int64_t{unread_only ? 1 : 0})->int64("n");
}

std::optional<bool> InboxRepository::is_read(db::Conn& c, std::int64_t id, std::int64_t user_id) {
  auto owned = c.query_one(notify_sql("inbox_owned"), id, user_id);
  if (!owned) return std::nullopt;
  return !owned->is_null("read_at");
}

void InboxRepository::mark_read(db::Conn& c, std::int64_t id, std::int64_t user_id, TimestampMs now) {
  c.exec(notify_sql("inbox_mark_read"), id, user_id, now);
}

std::int64_t InboxRepository::mark_all_read(db::Conn& c, std::int64_t user_id, TimestampMs now) {
  return c.exec(notify_sql("inbox_mark_all_read"), user_id, now);
}

std::int64_t InboxRepository::max_id(db::Conn& c) { return c.query_one(notify_sql("inbox_max_id"))->int64("id"); }

std::vector<SealedInboxItem> InboxRepository::since(db::Conn& c, std::int64_t after_id, std::int64_t limit) {
  std::vector<SealedInboxItem> out;
  for (const auto& r : c.query(notify_sql("inbox_since"), after_id, limit)) {
    out.push_back({.id = r.int64("id"),
                   .user_id = r.int64("user_id"),
                   .event = r.text("event"),
                   .entity = r.opt_text("entity"),
                   .entity_id = r.opt_int64("entity_id"),
                   .title_enc = r.blob("title_enc"),
                   .body_enc = r.blob("body_enc"),
                   .created_at = r.int64("created_at"),
                   .read_at = r.opt_int64("read_at")});
  }
  return out;
}

}  // namespace anxin::notify
