#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "core/caller.hpp"
#include "core/clock.hpp"
#include "core/paging.hpp"
#include "core/result.hpp"
#include "modules/notify/channel_repository.hpp"
#include "platform/audit/audit_sink.hpp"
#include "platform/crypto/key_ring.hpp"
#include "platform/db/database.hpp"

namespace anxin::notify {

/// What a configured channel talks to.
enum class ChannelKind { kEmail, kWecom, kDingtalk, kFeishu, kSms };

/// "email" | "wecom" | "dingtalk" | "feishu" | "sms"
std::string_view channel_kind_name(ChannelKind kind);
std::optional<ChannelKind> parse_channel_kind(std::string_view text);

/// A configured channel: an SMTP server, a group robot's webhook or the SMS gateway. The secret (SMTP password,
/// robot signing secret, gateway key) is write-only: stored encrypted, never returned.
struct Channel {
  std::int64_t id = 0;
  ChannelKind kind = ChannelKind::kEmail;
  std::string name;
  /// "smtp://host:587" / "smtps://host:465" for e-mail, the webhook or gateway URL otherwise.
  std::string endpoint;
  /// SMTP user name; empty when unused.
  std::string username;
  /// E-mail From, "name <address>" or "address"; empty for other kinds.
  std::string sender;
  bool enabled = true;
  bool has_secret = false;
  TimestampMs created_at = 0;
  TimestampMs updated_at = 0;
  std::int64_t version = 1;
};

/// Fields of a new channel.
struct NewChannel {
  ChannelKind kind = ChannelKind::kEmail;
  std::string name;
  std::string endpoint;
  std::optional<std::string> secret;
  std::optional<std::string> username;
  std::optional<std::string> sender;
  bool enabled = true;
};

/// A change to a channel; absent fields stay. For secret, username and sender an inner nullopt clears the value.
struct ChannelPatch {
  std::int64_t version = 0;
  std::optional<std::string> name;
  std::optional<std::string> endpoint;
  std::optional<std::optional<std::string>> secret;
  std::optional<std::optional<std::string>> username;
  std::optional<std::optional<std::string>> sender;
  std::optional<bool> enabled;
};

/// Channel configuration (permission notify:channel:manage); every change is audited with the endpoint reduced to
/// scheme and host (webhook URLs carry access tokens) and the secret only as has_secret.
class ChannelService {
 public:
  static constexpr std::size_t kMaxEndpoint = 1024;

  ChannelService(db::Database& db, const Clock& clock, const crypto::KeyRing& keys, audit::AuditSink& audit)
      : db_(db), clock_(clock), keys_(keys), audit_(audit) {}

  PageOf<Channel> list(const PageRequest& page);
  Result<Channel> get(std::int64_t id);
  /// Checks the endpoint scheme for the kind (smtp/smtps for e-mail, http/https otherwise; no user info in the URL),
  /// that e-mail channels have a valid sender and SMS channels a secret; the name must be unique.
  Result<Channel> create(const Caller& caller, const NewChannel& channel);
  /// Applies `patch` if its version still matches, with the checks of create.
  Result<Channel> update(const Caller& caller, std::int64_t id, const ChannelPatch& patch);
  /// Deletes a channel; its past deliveries keep their history without it.
  Status remove(const Caller& caller, std::int64_t id);
  /// The enabled group robots (WeCom, DingTalk, Feishu) a publication may name, by name: id, kind
  /// and name only, never the URL.
  std::vector<Channel> group_channels();
  /// Encrypts the endpoints of channels stored before endpoints were sealed, leaving the masked form
  /// in `endpoint`; returns how many. Run at start-up; does nothing once every channel is sealed.
  std::int64_t seal_endpoints();

 private:
  db::Database& db_;
  const Clock& clock_;
  const crypto::KeyRing& keys_;
  audit::AuditSink& audit_;
  ChannelRepository repo_;
};

/// The API shape of a channel: never the secret, only "has_secret".
nlohmann::json to_json(const Channel& c);
/// JSON Schema of to_json(Channel).
nlohmann::json channel_schema();
/// "https://host:port/…" — scheme and authority only (for audit records and logs).
std::string redact_endpoint(std::string_view endpoint);

/// The endpoint as answered by the API: robot and SMS gateway URLs carry access tokens in their query
/// (WeCom key, DingTalk access_token) or path (Feishu hook id), so every query value and every long
/// token-like path segment reads "****". E-mail endpoints (no credentials allowed) are answered as stored.
/// Sending the masked form back in an update keeps the stored endpoint.
std::string masked_endpoint(ChannelKind kind, std::string_view endpoint);

}  // namespace anxin::notify
