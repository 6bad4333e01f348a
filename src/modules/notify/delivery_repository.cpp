#include "modules/notify/delivery_repository.hpp"

#include "modules/notify/internal.hpp"
#include "modules/notify/notifier.hpp"

namespace anxin::notify {
namespace {

Delivery delivery_from_row(const db::Row& r) {
  Delivery d;
  d.id = r.int64("id");
  d.message_id = r.int64("message_id");
  d.event = r.text("event");
  d.channel = r.text("channel");
  d.channel_id = r.opt_int64("channel_id");
  d.user_id = r.opt_int64("user_id");
  d.status = r.text("status");
  d.attempts = r.int64("attempts");
  d.next_attempt_at = r.int64("next_attempt_at");
  d.last_error = r.opt_text("last_error");
  d.sent_at = r.opt_int64("sent_at");
  d.created_at = r.int64("created_at");
  d.updated_at = r.int64("updated_at");
  return d;
}

std::optional<db::Blob> opt_blob(const db::Row& r, const char* column) {
  if (r.is_null(column)) return std::nullopt;
  return r.blob(column);
}

}  // namespace

std::optional<std::int64_t> DeliveryRepository::insert_message(db::Conn& c, const std::string& event,
                                                               const std::optional<std::string>& dedupe_key,
                                                               TimestampMs now,
                                                               const std::optional<std::string>& entity,
                                                               const std::optional<std::int64_t>& entity_id) {
  auto inserted = c.query_one(notify_sql("message_insert"), event, dedupe_key, now, entity, entity_id);
  if (!inserted) return std::nullopt;
  return inserted->int64("id");
}

void DeliveryRepository::set_message_params(db::Conn& c, std::int64_t id, const db::Blob& params_enc) {
  c.exec(notify_sql("message_set_params"), id, params_enc);
}

std::int64_t DeliveryRepository::insert(db::Conn& c, std::int64_t message_id, std::string_view channel,
                                        std::optional<std::int64_t> channel_id, std::optional<std::int64_t> user_id,
                                        const std::string& lang, bool sent, TimestampMs now) {
  const std::vector<db::Value> values{message_id,
                                      std::string(channel),
                                      db::Conn::to_value(channel_id),
                                      db::Conn::to_value(user_id),
                                      lang,
                                      std::string(sent ? "sent" : "pending"),
                                      std::int64_t{sent ? 1 : 0},
                                      now,
                                      sent ? db::Value(now) : db::Value{}};
  return c.query(notify_sql("delivery_insert"), std::span<const db::Value>(values)).front().int64("id");
}

void DeliveryRepository::set_address(db::Conn& c, std::int64_t id, const db::Blob& address_enc) {
  c.exec(notify_sql("delivery_set_address"), id, address_enc);
}

std::vector<std::int64_t> DeliveryRepository::claim(db::Conn& c, const std::string& owner, TimestampMs lease_until,
                                                    TimestampMs now, std::int64_t limit) {
  std::vector<std::int64_t> ids;
  const char* query = c.backend() == db::Backend::kPostgres ? "delivery_claim_pg" : "delivery_claim";
  for (const auto& r : c.query(notify_sql(query), owner, lease_until, now, limit)) ids.push_back(r.int64("id"));
  return ids;
}

void DeliveryRepository::release(db::Conn& c, std::int64_t id, const std::string& owner) {
  c.exec(notify_sql("delivery_release"), id, owner);
}

std::optional<ClaimedDelivery> DeliveryRepository::claimed(db::Conn& c, std::int64_t id, const std::string& owner) {
  auto row = c.query_one(notify_sql("delivery_work"), id, owner);
  if (!row) return std::nullopt;
  return ClaimedDelivery{.id = row->int64("id"),
                         .message_id = row->int64("message_id"),
                         .channel = row->text("channel"),
                         .channel_id = row->opt_int64("channel_id"),
                         .user_id = row->opt_int64("user_id"),
                         .address_enc = opt_blob(*row, "address_enc"),
                         .lang = row->text("lang"),
                         .attempts = row->int64("attempts"),
                         .event = row->text("event"),
                         .params_enc = opt_blob(*row, "params_enc")};
}

bool DeliveryRepository::mark_sent(db::Conn& c, std::int64_t id, const std::string& owner, TimestampMs now) {
  return c.exec(notify_sql("delivery_sent"), id, owner, now) == 1;
}

bool DeliveryRepository::mark_failed(db::Conn& c, std::int64_t id, const std::string& owner, const std::string& status,
                                     TimestampMs next_attempt_at, const std::string& error, TimestampMs now) {
  return c.exec(notify_sql("delivery_failed"), id, owner, status, next_attempt_at, error, now) == 1;
}

std::int64_t DeliveryRepository::pending_count(db::Conn& c) {
  return c.query_one(notify_sql("delivery_pending_count"))->int64("n");
}

PageOf<Delivery> DeliveryRepository::search(db::Conn& c, const DeliveryFilter& f, const PageRequest& page) {
  PageOf<Delivery> out;
  for (const auto& r :
       c.query(notify_sql("delivery_search"), f.status, f.channel, f.event, page.page_size, page.offset())) {
    out.items.push_back(delivery_from_row(r));
  }
  out.total = c.query_one(notify_sql("delivery_search_count"), f.status, f.channel, f.event)->int64("n");
  return out;
}

std::optional<Delivery> DeliveryRepository::get(db::Conn& c, std::int64_t id) {
  auto row = c.query_one(notify_sql("delivery_get"), id);
  if (!row) return std::nullopt;
  return delivery_from_row(*row);
}

void DeliveryRepository::requeue(db::Conn& c, std::int64_t id, TimestampMs now) {
  c.exec(notify_sql("delivery_requeue"), id, now);
}

}  // namespace anxin::notify
