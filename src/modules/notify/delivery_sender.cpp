#include "modules/notify/delivery_sender.hpp"

#include <exception>
#include <utility>

#include "modules/notify/internal.hpp"
#include "modules/notify/retry_policy.hpp"
#include "platform/crypto/crypto.hpp"
#include "platform/log/log.hpp"
#include "platform/metrics/metrics.hpp"
#include "platform/notify/payloads.hpp"

namespace anxin::notify {
namespace {

constexpr const char* kDeliveriesTotal = "anxin_notify_deliveries_total";
constexpr std::size_t kMaxErrorChars = 200;

std::string clipped(std::string s) {
  if (s.size() <= kMaxErrorChars) return s;
  std::size_t n = kMaxErrorChars;
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
  s.resize(n);
  return s;
}

}  // namespace

DeliverySender::DeliverySender(db::Database& db, const crypto::KeyRing& keys, Transport& transport)
    : db_(db), keys_(keys), transport_(transport) {
  metrics::global().describe(kDeliveriesTotal, "counter",
                             "Notification delivery attempts by channel and outcome (sent, retry, dead).");
}

std::optional<DeliveryWork> DeliverySender::claimed(std::int64_t id, const std::string& owner) {
  return db_.read([&](db::Conn& c) -> std::optional<DeliveryWork> {
    auto d = deliveries_.claimed(c, id, owner);
    if (!d) return std::nullopt;
    DeliveryWork w;
    w.id = d->id;
    w.message_id = d->message_id;
    w.channel = d->channel;
    w.channel_id = d->channel_id;
    w.user_id = d->user_id;
    if (d->address_enc) {
      auto plain = keys_.decrypt(kDeliveryTable, kAddressColumn, w.id, *d->address_enc);
      if (plain.ok()) w.address = std::move(plain).value();
    }
    w.lang = d->lang;
    w.attempts = d->attempts;
    w.event = d->event;
    if (d->params_enc) {
      auto plain = keys_.decrypt(kMessageTable, kParamsColumn, w.message_id, *d->params_enc);
      if (plain.ok()) w.params = nlohmann::json::parse(plain.value(), nullptr, false);
      if (w.params && w.params->is_discarded()) w.params.reset();
    }
    return w;
  });
}

SendOutcome DeliverySender::send(const DeliveryWork& w, const std::optional<Template>& tpl,
                                 const ContactResolver& contacts, TimestampMs now) {
  auto permanent = [](std::string error) { return SendOutcome{.permanent = true, .error = std::move(error)}; };
  auto failed = [](const Error& e) { return SendOutcome{.error = failure_reason(e)}; };
  if (!tpl) return permanent("no template for event " + w.event);
  if (!w.params) return permanent("message parameters unreadable");
  const Rendered text = render(*tpl, w.lang, *w.params);

  if (w.channel == "email" || w.channel == "sms") {
    const bool email = w.channel == "email";
    auto stored = db_.read([&](db::Conn& c) { return channels_.first_enabled_for_sending(c, keys_, w.channel); });
    if (!stored) return permanent(email ? "no enabled e-mail channel" : "no enabled SMS channel");
    const Channel& ch = stored->first;
    std::string secret;
    if (const auto& sealed = stored->second) {
      auto plain = keys_.decrypt(kChannelTable, kSecretColumn, ch.id, *sealed);
      if (!plain.ok()) return permanent("channel secret unreadable");
      secret = std::move(plain).value();
    }
    std::optional<Contact> contact;
    if (w.user_id) {
      if (!contacts) return SendOutcome{.error = "no contact lookup configured"};
      contact = contacts(*w.user_id);
    } else if (w.address) {
      // An external recipient: the delivery carries its one address.
      contact = email ? Contact{.email = w.address} : Contact{.mobile = w.address};
    }
    if (email) {
      if (!contact || !contact->email || !valid_address(*contact->email)) {
        return permanent("recipient has no valid e-mail address");
      }
      const auto from = parse_mailbox(ch.sender);
      if (!from) return permanent("channel sender invalid");
      Mail mail{.from = *from,
                .to = *contact->email,
                .subject = text.subject,
                .body = text.body,
                .date = now,
                .message_id = crypto::random_token(16) + "." + std::to_string(w.id) + "@" +
                              from->address.substr(from->address.rfind('@') + 1)};
      auto sent = transport_.smtp_send({.url = ch.endpoint,
                                        .username = ch.username,
                                        .password = secret,
                                        .mail_from = from->address,
                                        .rcpt_to = {*contact->email},
                                        .message = render_mail(mail)});
      if (!sent.ok()) return failed(sent.error());
      return {.sent = true};
    }
    if (!contact || !contact->mobile || contact->mobile->empty()) return permanent("recipient has no mobile number");
    const std::string body = sms_body(*contact->mobile, text.subject, text.body, w.event);
    auto sent = transport_.http_post(ch.endpoint, {{"X-Anxin-Signature", sms_signature(secret, body)}}, body);
    if (!sent.ok()) return failed(sent.error());
    return {.sent = true};
  }

  if (!w.channel_id) return permanent("channel deleted");
  auto stored = db_.read([&](db::Conn& c) { return channels_.get_for_sending(c, keys_, *w.channel_id); });
  if (!stored) return permanent("channel deleted");
  const Channel& ch = stored->first;
  if (!ch.enabled) return permanent("channel disabled");
  std::string secret;
  if (const auto& sealed = stored->second) {
    auto plain = keys_.decrypt(kChannelTable, kSecretColumn, ch.id, *sealed);
    if (!plain.ok()) return permanent("channel secret unreadable");
    secret = std::move(plain).value();
  }
  return send_robot(ch, secret, text.subject, text.body, now);
}

SendOutcome DeliverySender::send_robot(const Channel& ch, const std::string& secret, const std::string& subject,
                                       const std::string& body, TimestampMs now) {
  Result<std::string> reply = std::string();
  switch (ch.kind) {
    case ChannelKind::kWecom: reply = transport_.http_post(ch.endpoint, {}, wecom_body(subject, body)); break;
    case ChannelKind::kDingtalk:
      reply = transport_.http_post(dingtalk_url(ch.endpoint, now, secret), {}, dingtalk_body(subject, body));
      break;
    case ChannelKind::kFeishu:
      reply = transport_.http_post(ch.endpoint, {}, feishu_body(subject, body, now / 1000, secret));
      break;
    case ChannelKind::kEmail:
    case ChannelKind::kSms: return {.permanent = true, .error = "not a group channel"};
  }
  if (!reply.ok()) return {.error = failure_reason(reply.error())};
  if (auto verdict = check_robot_reply(reply.value()); !verdict.ok()) return {.error = failure_reason(verdict.error())};
  return {.sent = true};
}

void DeliverySender::record(const DeliveryWork& w, const SendOutcome& o, const std::string& owner, TimestampMs now) {
  const std::int64_t attempts = w.attempts + 1;
  const auto next = o.sent ? RetryPolicy::Next{} : RetryPolicy::after_failure(attempts, o.permanent, now);
  const bool dead = !o.sent && next.dead;
  bool held = false;
  auto r = db_.write([&](db::Conn& c) -> Status {
    if (o.sent) {
      held = deliveries_.mark_sent(c, w.id, owner, now);
    } else {
      held = deliveries_.mark_failed(c, w.id, owner, dead ? "dead" : "pending", next.next_attempt_at, clipped(o.error),
                                     now);
    }
    return ok_status();
  });
  if (!r.ok()) {
    // The lease runs out and the delivery is tried again: at least once, never lost.
    log::error("notify.record_failed", {{"delivery_id", w.id}, {"key", r.error().message_key}});
    return;
  }
  if (!held) {
    log::warn("notify.lease_lost", {{"delivery_id", w.id}});
    return;
  }
  const std::string outcome = o.sent ? "sent" : (dead ? "dead" : "retry");
  metrics::global().inc_counter(kDeliveriesTotal, {{"channel", w.channel}, {"outcome", outcome}});
  if (dead) {
    log::warn("notify.delivery_dead",
              {{"delivery_id", w.id}, {"channel", w.channel}, {"attempts", attempts}, {"error", clipped(o.error)}});
  } else if (!o.sent) {
    log::info("notify.delivery_retry", {{"delivery_id", w.id}, {"channel", w.channel}, {"attempts", attempts}});
  }
}

}  // namespace anxin::notify
