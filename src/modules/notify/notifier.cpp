#include "modules/notify/notifier.hpp"

#include <algorithm>
#include <chrono>
#include <mutex>
#include <set>

#include "modules/notify/delivery_sender.hpp"
#include "modules/notify/internal.hpp"
#include "platform/crypto/crypto.hpp"
#include "platform/log/log.hpp"
#include "platform/metrics/metrics.hpp"
#include "platform/notify/payloads.hpp"

namespace anxin::notify {
namespace {

constexpr const char* kPendingGauge = "anxin_notify_pending";

audit::Actor actor_of(const Caller& c) { return {c.user_id, c.username, c.ip, c.request_id}; }

bool is_english(const std::string& lang) { return lang.starts_with("en"); }

std::string normal_lang(const std::string& lang) { return is_english(lang) ? "en-US" : "zh-CN"; }

nlohmann::json opt_json(const std::optional<std::int64_t>& v) { return v ? nlohmann::json(*v) : nlohmann::json(); }

}  // namespace

std::string_view via_name(Via via) {
  switch (via) {
    case Via::kInApp: return "inapp";
    case Via::kEmail: return "email";
    case Via::kSms: return "sms";
  }
  return "inapp";
}

std::vector<crypto::EncryptedColumn> encrypted_columns() {
  return {{.table = kChannelTable, .column = kSecretColumn}, {.table = kChannelTable, .column = kEndpointColumn},
          {.table = kMessageTable, .column = kParamsColumn}, {.table = kInboxTable, .column = kTitleColumn},
          {.table = kInboxTable, .column = kBodyColumn},     {.table = kDeliveryTable, .column = kAddressColumn}};
}

Notifier::Notifier(db::Database& db, const Clock& clock, const crypto::KeyRing& keys, audit::AuditSink& audit,
                   Transport& transport, ContactResolver contacts)
    : db_(db),
      clock_(clock),
      keys_(keys),
      audit_(audit),
      transport_(transport),
      contacts_(std::move(contacts)),
      sender_(std::make_unique<DeliverySender>(db, keys, transport)),
      owner_prefix_(crypto::random_token(12)) {
  metrics::global().describe(kPendingGauge, "gauge", "Notification deliveries waiting to be sent.");
}

Notifier::~Notifier() = default;

void Notifier::register_template(Template t) {
  std::unique_lock lock(mu_);
  const std::string event = t.event;
  templates_[event] = std::move(t);
}

void Notifier::set_contact_resolver(ContactResolver contacts) {
  std::unique_lock lock(mu_);
  contacts_ = std::move(contacts);
}

std::optional<Template> Notifier::find_template(const std::string& event) const {
  std::shared_lock lock(mu_);
  auto it = templates_.find(event);
  if (it == templates_.end()) return std::nullopt;
  return it->second;
}

ContactResolver Notifier::contact_resolver() const {
  std::shared_lock lock(mu_);
  return contacts_;
}

Rendered render(const Template& t, const std::string& lang, const nlohmann::json& params) {
  const bool en = is_english(lang);
  std::vector<std::string> missing;
  Rendered out{render_text(en ? t.subject_en : t.subject_zh, params, &missing),
               render_text(en ? t.body_en : t.body_zh, params, &missing)};
  // Placeholder names come from the template (code), never from the values.
  for (const auto& name : missing)
    log::warn("notify.placeholder_missing", {{"template", t.event}, {"placeholder", name}});
  return out;
}

Status Notifier::publish(db::Conn& c, const Publication& p) {
  const auto tpl = find_template(p.event);
  if (!tpl) return Error::invalid("notify.unknown_event", {{"event", p.event}});
  if (!p.params.is_object()) return Error::invalid("notify.params_invalid");
  std::vector<std::pair<std::int64_t, Via>> personal;
  std::set<std::pair<std::int64_t, Via>> seen;
  std::map<std::int64_t, std::string> lang_of;
  for (const auto& r : p.recipients) {
    if (r.user_id <= 0) return Error::invalid("notify.recipient_invalid");
    lang_of.emplace(r.user_id, normal_lang(r.lang));
    for (Via v : r.channels) {
      if (seen.insert({r.user_id, v}).second) personal.emplace_back(r.user_id, v);
    }
  }
  std::vector<Channel> groups;
  std::set<std::int64_t> group_ids;
  for (std::int64_t id : p.group_channels) {
    if (!group_ids.insert(id).second) continue;
    auto found = channels_.get_masked(c, id);  // kind and state only: the URL is opened when sending
    if (!found) return Error::invalid("notify.channel_not_found", {{"id", id}});
    Channel ch = std::move(*found);
    if (!is_group_kind(ch.kind)) return Error::invalid("notify.channel_not_group", {{"id", id}});
    if (!ch.enabled) {
      log::info("notify.channel_disabled_skipped", {{"template", p.event}, {"channel_id", id}});
      continue;
    }
    groups.push_back(std::move(ch));
  }
  for (const auto& x : p.external) {
    if ((!x.mobile || x.mobile->empty()) && (!x.email || x.email->empty())) {
      return Error::invalid("notify.recipient_invalid");
    }
  }
  if (personal.empty() && groups.empty() && p.external.empty()) return ok_status();

  const TimestampMs now = clock_.now_ms();
  const auto inserted = deliveries_.insert_message(c, p.event, p.dedupe_key, now, p.entity, p.entity_id);
  if (!inserted) {
    log::info("notify.duplicate_skipped", {{"template", p.event}});
    return ok_status();
  }
  const std::int64_t message_id = *inserted;
  deliveries_.set_message_params(c, message_id,
                                 keys_.encrypt(kMessageTable, kParamsColumn, message_id, p.params.dump()));

  auto add_delivery = [&](std::string_view channel, std::optional<std::int64_t> channel_id,
                          std::optional<std::int64_t> user_id, const std::string& lang, bool sent) -> std::int64_t {
    return deliveries_.insert(c, message_id, channel, channel_id, user_id, lang, sent, now);
  };
  for (const auto& [user_id, via] : personal) {
    const std::string& lang = lang_of[user_id];
    if (via == Via::kInApp) {
      const Rendered text = render(*tpl, lang, p.params);
      const auto inbox_id = inbox_.insert(c, user_id, message_id, now);
      inbox_.set_text(c, inbox_id, keys_.encrypt(kInboxTable, kTitleColumn, inbox_id, text.subject),
                      keys_.encrypt(kInboxTable, kBodyColumn, inbox_id, text.body));
      add_delivery(via_name(via), std::nullopt, user_id, lang, /*sent=*/true);
    } else {
      add_delivery(via_name(via), std::nullopt, user_id, lang, /*sent=*/false);
    }
  }
  for (const auto& ch : groups) {
    add_delivery(channel_kind_name(ch.kind), ch.id, std::nullopt, normal_lang(p.group_lang), /*sent=*/false);
  }
  auto add_external = [&](Via via, const std::string& address, const std::string& lang) {
    const auto id = add_delivery(via_name(via), std::nullopt, std::nullopt, lang, /*sent=*/false);
    deliveries_.set_address(c, id, keys_.encrypt(kDeliveryTable, kAddressColumn, id, address));
  };
  for (const auto& x : p.external) {
    const std::string lang = normal_lang(x.lang);
    if (x.mobile && !x.mobile->empty()) add_external(Via::kSms, *x.mobile, lang);
    if (x.email && !x.email->empty()) add_external(Via::kEmail, *x.email, lang);
  }
  return ok_status();
}

void Notifier::stop() {
  stopping_ = true;
  transport_.abort_all();
}

std::int64_t Notifier::deliver_due(TimestampMs now, std::size_t limit) {
  if (limit == 0 || stopping_) return 0;
  const std::string owner = owner_prefix_ + ":" + std::to_string(++claims_);
  std::vector<std::int64_t> ids;
  auto claimed = db_.write([&](db::Conn& c) -> Status {
    ids = deliveries_.claim(c, owner, now + kLeaseMs, now, static_cast<std::int64_t>(limit));
    return ok_status();
  });
  if (!claimed.ok()) {
    log::warn("notify.claim_failed", {{"key", claimed.error().message_key}});
    return 0;
  }
  std::sort(ids.begin(), ids.end());
  const auto started = std::chrono::steady_clock::now();
  std::int64_t attempted = 0;
  // Hands deliveries [from, end) back unsent and without counting an attempt.
  auto release_from = [&](std::size_t from) {
    auto released = db_.write([&](db::Conn& c) -> Status {
      for (std::size_t j = from; j < ids.size(); ++j) deliveries_.release(c, ids[j], owner);
      return ok_status();
    });
    if (!released.ok()) log::warn("notify.release_failed", {{"key", released.error().message_key}});
  };
  for (std::size_t i = 0; i < ids.size(); ++i) {
    const auto elapsed =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count();
    // Too late to finish within the lease (hand the rest back rather than risk a second worker sending them
    // too), or shutting down.
    if (elapsed > kSendWindowMs || stopping_) {
      release_from(i);
      break;
    }
    auto work = sender_->claimed(ids[i], owner);
    if (!work) continue;
    SendOutcome outcome;
    try {
      outcome = sender_->send(*work, find_template(work->event), contact_resolver(), now);
    } catch (const std::exception& e) {
      log::error("notify.send_crashed", {{"delivery_id", work->id}, {"reason", e.what()}});
      outcome = {.error = "internal error"};
    }
    if (stopping_ && !outcome.sent) {
      // Cut off by the shutdown: not the receiver's fault, so no attempt is counted.
      release_from(i);
      break;
    }
    sender_->record(*work, outcome, owner, now);
    ++attempted;
  }
  update_pending_gauge();
  return attempted;
}

void Notifier::update_pending_gauge() {
  try {
    const auto n = db_.read([&](db::Conn& c) { return deliveries_.pending_count(c); });
    metrics::global().set_gauge(kPendingGauge, {}, static_cast<double>(n));
  } catch (const std::exception& e) {
    log::warn("notify.pending_count_failed", {{"reason", e.what()}});
  }
}

Result<PageOf<InboxItem>> Notifier::inbox(const Caller& caller, bool unread_only, const PageRequest& page) {
  return db_.read([&](db::Conn& c) { return inbox_.list(c, keys_, caller.user_id, unread_only, page); });
}

std::int64_t Notifier::unread_count(const Caller& caller) {
  return db_.read([&](db::Conn& c) { return inbox_.count(c, caller.user_id, /*unread_only=*/true); });
}

Status Notifier::mark_read(const Caller& caller, std::int64_t id) {
  return db_.write([&](db::Conn& c) -> Status {
    const auto read = inbox_.is_read(c, id, caller.user_id);
    if (!read) return Error::not_found("notify.notification_not_found");
    if (*read) return ok_status();
    inbox_.mark_read(c, id, caller.user_id, clock_.now_ms());
    audit_.append(
        c,
        {.actor = actor_of(caller), .action = "mark_read", .entity = "notification", .entity_id = std::to_string(id)});
    return ok_status();
  });
}

Result<std::int64_t> Notifier::mark_all_read(const Caller& caller) {
  return db_.write([&](db::Conn& c) -> Result<std::int64_t> {
    const auto n = inbox_.mark_all_read(c, caller.user_id, clock_.now_ms());
    if (n > 0) {
      audit_.append(
          c, {.actor = actor_of(caller), .action = "mark_all_read", .entity = "notification", .after = {{"count", n}}});
    }
    return n;
  });
}

Result<PageOf<Delivery>> Notifier::deliveries(const DeliveryFilter& f, const PageRequest& page) {
  static const std::set<std::string> kStatuses = {"pending", "sent", "dead"};
  static const std::set<std::string> kChannels = {"inapp", "email", "sms", "wecom", "dingtalk", "feishu"};
  if (f.status && !kStatuses.count(*f.status)) return Error::invalid("common.query_invalid", {{"field", "status"}});
  if (f.channel && !kChannels.count(*f.channel)) return Error::invalid("common.query_invalid", {{"field", "channel"}});
  return db_.read([&](db::Conn& c) -> Result<PageOf<Delivery>> { return deliveries_.search(c, f, page); });
}

Result<Delivery> Notifier::retry(const Caller& caller, std::int64_t id) {
  return db_.write([&](db::Conn& c) -> Result<Delivery> {
    const auto found = deliveries_.get(c, id);
    if (!found) return Error::not_found("notify.delivery_not_found");
    const Delivery before = *found;
    if (before.status != "dead") return Error::conflict("notify.delivery_not_dead");
    deliveries_.requeue(c, id, clock_.now_ms());
    const Delivery after = *deliveries_.get(c, id);
    audit_.append(c, {.actor = actor_of(caller),
                      .action = "retry",
                      .entity = "notify_delivery",
                      .entity_id = std::to_string(id),
                      .before = {{"status", before.status},
                                 {"attempts", before.attempts},
                                 {"last_error", before.last_error.value_or("")}},
                      .after = {{"status", after.status}, {"attempts", after.attempts}}});
    return after;
  });
}

nlohmann::json to_json(const InboxItem& item) {
  return {{"id", item.id},
          {"event", item.event},
          {"entity", item.entity ? nlohmann::json(*item.entity) : nlohmann::json()},
          {"entity_id", item.entity_id ? nlohmann::json(*item.entity_id) : nlohmann::json()},
          {"title", item.title},
          {"body", item.body},
          {"created_at", format_rfc3339(item.created_at)},
          {"read_at", item.read_at ? nlohmann::json(format_rfc3339(*item.read_at)) : nlohmann::json()},
          {"read", item.read_at.has_value()}};
}

nlohmann::json to_json(const Delivery& d) {
  return {{"id", d.id},
          {"message_id", d.message_id},
          {"event", d.event},
          {"channel", d.channel},
          {"channel_id", opt_json(d.channel_id)},
          {"user_id", opt_json(d.user_id)},
          {"status", d.status},
          {"attempts", d.attempts},
          {"next_attempt_at", format_rfc3339(d.next_attempt_at)},
          {"last_error", d.last_error ? nlohmann::json(*d.last_error) : nlohmann::json()},
          {"sent_at", d.sent_at ? nlohmann::json(format_rfc3339(*d.sent_at)) : nlohmann::json()},
          {"created_at", format_rfc3339(d.created_at)},
          {"updated_at", format_rfc3339(d.updated_at)}};
}

}  // namespace anxin::notify
