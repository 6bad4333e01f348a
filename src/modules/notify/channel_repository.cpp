#include "modules/notify/channel_repository.hpp"

#include "modules/notify/channel_service.hpp"
#include "modules/notify/internal.hpp"

namespace anxin::notify {
namespace {

std::optional<std::string> non_empty(const std::string& s) {
  if (s.empty()) return std::nullopt;
  return s;
}

std::pair<Channel, std::optional<db::Blob>> sending_from_row(const crypto::KeyRing& keys, const db::Row& row) {
  Channel ch = channel_from_row(keys, row);
  std::optional<db::Blob> secret;
  if (!row.is_null("secret_enc")) secret = row.blob("secret_enc");
  return {std::move(ch), std::move(secret)};
}

}  // namespace

std::optional<Channel> ChannelRepository::get(db::Conn& c, const crypto::KeyRing& keys, std::int64_t id) {
  auto row = c.query_one(notify_sql("channel_get"), id);
  if (!row) return std::nullopt;
  return channel_from_row(keys, *row);
}

std::optional<Channel> ChannelRepository::get_masked(db::Conn& c, std::int64_t id) {
  auto row = c.query_one(notify_sql("channel_get"), id);
  if (!row) return std::nullopt;
  return channel_from_row(*row);
}

std::optional<std::pair<Channel, db::Value>> ChannelRepository::get_with_secret(db::Conn& c,
                                                                                const crypto::KeyRing& keys,
                                                                                std::int64_t id) {
  auto row = c.query_one(notify_sql("channel_get"), id);
  if (!row) return std::nullopt;
  Channel ch = channel_from_row(keys, *row);
  return std::pair<Channel, db::Value>{std::move(ch), row->at("secret_enc")};
}

std::optional<std::pair<Channel, std::optional<db::Blob>>> ChannelRepository::get_for_sending(
    db::Conn& c, const crypto::KeyRing& keys, std::int64_t id) {
  auto row = c.query_one(notify_sql("channel_get"), id);
  if (!row) return std::nullopt;
  return sending_from_row(keys, *row);
}

std::optional<std::pair<Channel, std::optional<db::Blob>>> ChannelRepository::first_enabled_for_sending(
    db::Conn& c, const crypto::KeyRing& keys, const std::string& kind) {
  auto row = c.query_one(notify_sql("channel_first_enabled"), kind);
  if (!row) return std::nullopt;
  return sending_from_row(keys, *row);
}

PageOf<Channel> ChannelRepository::list(db::Conn& c, const PageRequest& page) {
  PageOf<Channel> out;
  for (const auto& r : c.query(notify_sql("channel_list"), page.page_size, page.offset()))
    out.items.push_back(channel_from_row(r));  // answered masked: no need to open
  out.total = c.query_one(notify_sql("channel_count"))->int64("n");
  return out;
}

bool ChannelRepository::name_taken(db::Conn& c, const std::string& name, std::int64_t except_id) {
  return c.query_one(notify_sql("channel_name_taken"), name, except_id).has_value();
}

std::int64_t ChannelRepository::insert(db::Conn& c, ChannelKind kind, const std::string& name,
                                       const std::string& masked_endpoint, const std::optional<std::string>& username,
                                       const std::optional<std::string>& sender, bool enabled, TimestampMs now) {
  return c
      .query_one(notify_sql("channel_insert"), std::string(channel_kind_name(kind)), name, masked_endpoint, username,
                 sender, enabled, now)
      ->int64("id");
}

void ChannelRepository::set_endpoint(db::Conn& c, std::int64_t id, const std::string& masked_endpoint,
                                     const db::Blob& endpoint_enc) {
  c.exec(notify_sql("channel_set_endpoint"), id, masked_endpoint, endpoint_enc);
}

void ChannelRepository::set_secret(db::Conn& c, std::int64_t id, const db::Blob& secret_enc) {
  c.exec(notify_sql("channel_set_secret"), id, secret_enc);
}

bool ChannelRepository::update(db::Conn& c, const Channel& ch, const std::string& masked_endpoint,
                               const db::Blob& endpoint_enc, const db::Value& secret_enc, TimestampMs now,
                               std::int64_t expected_version) {
  const std::vector<db::Value> params{ch.id,
                                      ch.name,
                                      masked_endpoint,
                                      endpoint_enc,
                                      db::Conn::to_value(non_empty(ch.username)),
                                      db::Conn::to_value(non_empty(ch.sender)),
                                      db::Conn::to_value(ch.enabled),
                                      secret_enc,
                                      now,
                                      expected_version};
  return c.exec(notify_sql("channel_update"), std::span<const db::Value>(params)) == 1;
}

void ChannelRepository::remove(db::Conn& c, std::int64_t id) { c.exec(notify_sql("channel_delete"), id); }

std::vector<Channel> ChannelRepository::group_channels(db::Conn& c) {
  std::vector<Channel> out;
  for (const auto& r : c.query(notify_sql("channel_groups"))) {
    out.push_back({.id = r.int64("id"),
                   .kind = parse_channel_kind(r.text("kind")).value_or(ChannelKind::kWecom),
                   .name = r.text("name")});
  }
  return out;
}

std::vector<UnsealedChannel> ChannelRepository::unsealed(db::Conn& c) {
  std::vector<UnsealedChannel> out;
  for (const auto& r : c.query(notify_sql("channel_unsealed"))) {
    out.push_back({.id = r.int64("id"),
                   .kind = parse_channel_kind(r.text("kind")).value_or(ChannelKind::kEmail),
                   .endpoint = r.text("endpoint")});
  }
  return out;
}

void ChannelRepository::set_secure_delete(db::Conn& c, bool on) {
  c.exec_script(on ? "PRAGMA secure_delete = ON" : "PRAGMA secure_delete = OFF");
}

}  // namespace anxin::notify
