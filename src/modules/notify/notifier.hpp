#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <shared_mutex>
#include <string>
#include <vector>

#include "core/caller.hpp"
#include "core/clock.hpp"
#include "core/paging.hpp"
#include "core/result.hpp"
#include "modules/notify/channel_service.hpp"
#include "modules/notify/delivery_repository.hpp"
#include "modules/notify/inbox_repository.hpp"
#include "modules/notify/retry_policy.hpp"
#include "platform/audit/audit_sink.hpp"
#include "platform/crypto/key_ring.hpp"
#include "platform/db/database.hpp"
#include "platform/notify/transport.hpp"

namespace anxin::notify {

class DeliverySender;  // delivery_sender.hpp

/// The texts of one event in both languages, with {placeholders} filled from the publication's params.
struct Template {
  /// e.g. "incident.reported"
  std::string event;
  std::string subject_zh, body_zh;
  std::string subject_en, body_en;
};

/// How a person is notified.
enum class Via { kInApp, kEmail, kSms };
/// "inapp" | "email" | "sms"
std::string_view via_name(Via via);

/// One person to notify.
struct Recipient {
  std::int64_t user_id = 0;
  /// "zh-CN" or "en-US"; anything else is taken as zh-CN.
  std::string lang = "zh-CN";
  std::vector<Via> channels;
};

/// Someone without an account (a customer), reached at the address given with the publication by
/// SMS (mobile) and/or e-mail. The address is stored encrypted with the delivery and never listed.
struct ExternalRecipient {
  std::optional<std::string> mobile;
  std::optional<std::string> email;
  std::string lang = "zh-CN";
};

/// What a module publishes.
struct Publication {
  std::string event;
  /// Values of the template's placeholders (a JSON object). Stored encrypted: it may hold personal data.
  nlohmann::json params = nlohmann::json::object();
  std::vector<Recipient> recipients;
  std::vector<ExternalRecipient> external;
  /// Ids of configured group-robot channels (WeCom, DingTalk, Feishu) to post to.
  std::vector<std::int64_t> group_channels;
  /// Language of group-robot messages.
  std::string group_lang = "zh-CN";
  /// A second publication with the same key is ignored (e.g. "incident:42:reported").
  std::optional<std::string> dedupe_key;
  /// What the message is about ("incident", "warning", ...) and its id, so an inbox item can open it.
  std::optional<std::string> entity;
  std::optional<std::int64_t> entity_id;
};

/// Where a person is reached; looked up when sending, never stored with the delivery.
struct Contact {
  std::optional<std::string> email;
  std::optional<std::string> mobile;
};

/// Finds a user's current contact details; nullopt for an unknown user.
using ContactResolver = std::function<std::optional<Contact>(std::int64_t user_id)>;

/// One message of a user's in-app inbox.
struct InboxItem {
  std::int64_t id = 0;
  std::string event;
  std::optional<std::string> entity;
  std::optional<std::int64_t> entity_id;
  std::string title;
  std::string body;
  TimestampMs created_at = 0;
  std::optional<TimestampMs> read_at;
};

/// One delivery as listed for operators (no message text, no address).
struct Delivery {
  std::int64_t id = 0;
  std::int64_t message_id = 0;
  std::string event;
  /// "inapp" | "email" | "sms" | "wecom" | "dingtalk" | "feishu"
  std::string channel;
  std::optional<std::int64_t> channel_id;
  std::optional<std::int64_t> user_id;
  /// "pending" | "sent" | "dead"
  std::string status;
  std::int64_t attempts = 0;
  TimestampMs next_attempt_at = 0;
  std::optional<std::string> last_error;
  std::optional<TimestampMs> sent_at;
  TimestampMs created_at = 0;
  TimestampMs updated_at = 0;
};

/// Filters of the delivery list; unset ones do not filter.
struct DeliveryFilter {
  std::optional<std::string> status;
  std::optional<std::string> channel;
  std::optional<std::string> event;
};

/// The one notification service of the process. Modules register templates at start-up and publish inside their own
/// write transactions; a periodic job calls deliver_due, which sends outside any transaction (DeliverySender) and
/// records each outcome: sent, retried with backoff, or dead after kMaxAttempts (RetryPolicy). Thread-safe once
/// templates are registered.
class Notifier {
 public:
  /// How long a claimed delivery stays reserved for the worker that claimed it.
  static constexpr std::int64_t kLeaseMs = 60'000;
  /// No send starts later than this after the claim, so that it ends (total timeout 15 s) within the lease.
  static constexpr std::int64_t kSendWindowMs = 40'000;
  /// Attempts before a delivery is dead (RetryPolicy).
  static constexpr std::int64_t kMaxAttempts = RetryPolicy::kMaxAttempts;
  /// Wait after the 1st, 2nd, … failed attempt: 30 s, 2 min, 10 min, 30 min, 2 h (RetryPolicy).
  static constexpr std::array<std::int64_t, 5> kBackoffMs = RetryPolicy::kBackoffMs;

  Notifier(db::Database& db, const Clock& clock, const crypto::KeyRing& keys, audit::AuditSink& audit,
           Transport& transport, ContactResolver contacts = nullptr);
  ~Notifier();

  /// Adds or replaces the template of `t.event`. Call at start-up.
  void register_template(Template t);
  /// Sets the lookup of e-mail addresses and mobile numbers (the identity module supplies it).
  void set_contact_resolver(ContactResolver contacts);

  /// Records a notification inside the caller's write transaction `c`: one message, one pending delivery per
  /// recipient and e-mail/SMS channel and per group channel, and for in-app an inbox item rendered in the recipient's
  /// language (its delivery is sent at once). Nothing when `dedupe_key` was published before. Errors:
  /// notify.unknown_event, notify.recipient_invalid, notify.channel_not_found, notify.channel_not_group; a disabled
  /// group channel is skipped. Throws DbError when a statement fails (the caller's transaction rolls back).
  Status publish(db::Conn& c, const Publication& p);

  /// Claims up to `limit` due deliveries with a lease, sends them one by one outside any transaction and records each
  /// outcome. Safe to run in several processes at once: a delivery is claimed by one worker only. Returns the number of
  /// deliveries attempted.
  std::int64_t deliver_due(TimestampMs now, std::size_t limit);
  /// Shutdown: ends a send in progress at once (through the transport) and hands it and the rest
  /// of the claimed batch back untouched, to be sent after the restart. Idempotent.
  void stop();

  /// The caller's inbox, newest first.
  Result<PageOf<InboxItem>> inbox(const Caller& caller, bool unread_only, const PageRequest& page);
  std::int64_t unread_count(const Caller& caller);
  /// Marks one of the caller's items read; notify.notification_not_found for anybody else's.
  Status mark_read(const Caller& caller, std::int64_t id);
  /// Marks all the caller's items read; returns how many changed.
  Result<std::int64_t> mark_all_read(const Caller& caller);

  /// Deliveries for operators, newest first; status "dead" is the dead-letter view.
  Result<PageOf<Delivery>> deliveries(const DeliveryFilter& filter, const PageRequest& page);
  /// Puts a dead delivery back in the queue with a fresh set of attempts.
  Result<Delivery> retry(const Caller& caller, std::int64_t id);

 private:
  std::optional<Template> find_template(const std::string& event) const;
  ContactResolver contact_resolver() const;
  void update_pending_gauge();

  db::Database& db_;
  const Clock& clock_;
  const crypto::KeyRing& keys_;
  audit::AuditSink& audit_;
  Transport& transport_;
  ChannelRepository channels_;
  DeliveryRepository deliveries_;
  InboxRepository inbox_;
  mutable std::shared_mutex mu_;
  std::map<std::string, Template> templates_;
  ContactResolver contacts_;
  std::unique_ptr<DeliverySender> sender_;
  std::string owner_prefix_;
  std::atomic<std::uint64_t> claims_{0};
  std::atomic<bool> stopping_{false};
};

/// The notify tables' encrypted columns (for key rotation).
std::vector<crypto::EncryptedColumn> encrypted_columns();

nlohmann::json to_json(const InboxItem& item);
nlohmann::json to_json(const Delivery& d);

}  // namespace anxin::notify
