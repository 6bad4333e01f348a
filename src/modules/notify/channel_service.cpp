#include "modules/notify/channel_service.hpp"

#include <algorithm>
#include <cctype>

#include "modules/notify/internal.hpp"
#include "platform/log/log.hpp"
#include "platform/notify/payloads.hpp"

namespace anxin::notify {
namespace {

audit::Actor actor_of(const Caller& c) { return {c.user_id, c.username, c.ip, c.request_id}; }

nlohmann::json audit_json(const Channel& ch) {
  return {{"kind", channel_kind_name(ch.kind)},
          {"name", ch.name},
          {"endpoint", redact_endpoint(ch.endpoint)},
          {"username", ch.username},
          {"sender", ch.sender},
          {"enabled", ch.enabled},
          {"has_secret", ch.has_secret}};
}

/// The authority part of a URL ("user@host:port"), or nullopt without "scheme://".
std::optional<std::string_view> authority_of(std::string_view url) {
  const auto sep = url.find("://");
  if (sep == std::string_view::npos) return std::nullopt;
  std::string_view rest = url.substr(sep + 3);
  return rest.substr(0, rest.find_first_of("/?#"));
}

Status check_endpoint(ChannelKind kind, std::string_view endpoint) {
  const Error bad = Error::invalid("notify.endpoint_invalid", {{"field", "endpoint"}});
  if (endpoint.empty() || endpoint.size() > ChannelService::kMaxEndpoint) return bad;
  for (unsigned char c : endpoint) {
    if (c <= 0x20 || c >= 0x7f) return bad;
  }
  const bool mail = kind == ChannelKind::kEmail;
  const bool scheme_ok = mail ? (endpoint.starts_with("smtp://") || endpoint.starts_with("smtps://"))
                              : (endpoint.starts_with("https://") || endpoint.starts_with("http://"));
  if (!scheme_ok) return bad;
  auto authority = authority_of(endpoint);
  if (!authority || authority->empty()) return bad;
  // Credentials belong in username/secret, which are never returned; a URL is shown to administrators.
  if (authority->find('@') != std::string_view::npos) {
    return Error::invalid("notify.endpoint_credentials", {{"field", "endpoint"}});
  }
  return ok_status();
}

Status check(const Channel& ch) {
  ANXIN_TRY(check_endpoint(ch.kind, ch.endpoint));
  if (ch.kind == ChannelKind::kEmail && !parse_mailbox(ch.sender)) {
    return Error::invalid("notify.sender_invalid", {{"field", "sender"}});
  }
  if (ch.kind == ChannelKind::kSms && !ch.has_secret) {
    return Error::invalid("notify.secret_required", {{"field", "secret"}});
  }
  return ok_status();
}

std::string trimmed(const std::string& s) {
  const auto b = s.find_first_not_of(' ');
  if (b == std::string::npos) return {};
  return s.substr(b, s.find_last_not_of(' ') - b + 1);
}

std::optional<std::string> non_empty(const std::string& s) {
  if (s.empty()) return std::nullopt;
  return s;
}

}  // namespace

std::string_view channel_kind_name(ChannelKind kind) {
  switch (kind) {
    case ChannelKind::kEmail: return "email";
    case ChannelKind::kWecom: return "wecom";
    case ChannelKind::kDingtalk: return "dingtalk";
    case ChannelKind::kFeishu: return "feishu";
    case ChannelKind::kSms: return "sms";
  }
  return "email";
}

std::optional<ChannelKind> parse_channel_kind(std::string_view text) {
  for (ChannelKind k :
       {ChannelKind::kEmail, ChannelKind::kWecom, ChannelKind::kDingtalk, ChannelKind::kFeishu, ChannelKind::kSms}) {
    if (channel_kind_name(k) == text) return k;
  }
  return std::nullopt;
}

Channel channel_from_row(const db::Row& r) {
  Channel ch;
  ch.id = r.int64("id");
  ch.kind = parse_channel_kind(r.text("kind")).value_or(ChannelKind::kEmail);
  ch.name = r.text("name");
  ch.endpoint = r.text("endpoint");
  ch.username = r.opt_text("username").value_or("");
  ch.sender = r.opt_text("sender").value_or("");
  ch.enabled = r.int64("enabled") != 0;
  ch.has_secret = !r.is_null("secret_enc");
  ch.created_at = r.int64("created_at");
  ch.updated_at = r.int64("updated_at");
  ch.version = r.int64("version");
  return ch;
}

Channel channel_from_row(const crypto::KeyRing& keys, const db::Row& r) {
  Channel ch = channel_from_row(r);
  if (!r.is_null("endpoint_enc")) {
    auto opened = keys.decrypt(kChannelTable, kEndpointColumn, ch.id, r.blob("endpoint_enc"));
    if (opened.ok()) {
      ch.endpoint = std::move(opened).value();
    } else {
      log::warn("notify.endpoint_unreadable", {{"channel_id", ch.id}});
    }
  }
  return ch;
}

std::string redact_endpoint(std::string_view endpoint) {
  const auto sep = endpoint.find("://");
  if (sep == std::string_view::npos) return "…";
  auto authority = *authority_of(endpoint);
  if (const auto at = authority.rfind('@'); at != std::string_view::npos) authority.remove_prefix(at + 1);
  return std::string(endpoint.substr(0, sep + 3)) + std::string(authority) + "/…";
}

std::string masked_endpoint(ChannelKind kind, std::string_view endpoint) {
  if (kind == ChannelKind::kEmail) return std::string(endpoint);
  const auto query_at = endpoint.find('?');
  const std::string_view base = endpoint.substr(0, query_at);
  const auto sep = base.find("://");
  const auto path_at = sep == std::string_view::npos ? std::string_view::npos : base.find('/', sep + 3);
  std::string out(base.substr(0, path_at));
  if (path_at != std::string_view::npos) {
    std::string_view path = base.substr(path_at);
    while (!path.empty()) {
      path.remove_prefix(1);  // '/'
      const auto next = path.find('/');
      const std::string_view segment = path.substr(0, next);
      const bool token = segment.size() >= 16 && std::all_of(segment.begin(), segment.end(), [](unsigned char c) {
                           return std::isalnum(c) != 0 || c == '-' || c == '_';
                         });
      out += '/';
      out += token ? std::string_view("****") : segment;
      if (next == std::string_view::npos) break;
      path.remove_prefix(next);
    }
  }
  if (query_at != std::string_view::npos) {
    std::string_view query = endpoint.substr(query_at + 1);
    char joiner = '?';
    while (!query.empty()) {
      const auto amp = query.find('&');
      const std::string_view pair = query.substr(0, amp);
      out += joiner;
      out += pair.substr(0, pair.find('='));
      out += "=****";
      joiner = '&';
      if (amp == std::string_view::npos) break;
      query.remove_prefix(amp + 1);
    }
  }
  return out;
}

PageOf<Channel> ChannelService::list(const PageRequest& page) {
  return db_.read([&](db::Conn& c) { return repo_.list(c, page); });
}

Result<Channel> ChannelService::get(std::int64_t id) {
  auto ch = db_.read([&](db::Conn& c) { return repo_.get(c, keys_, id); });
  if (!ch) return Error::not_found("notify.channel_not_found", {{"id", id}});
  return *ch;
}

Result<Channel> ChannelService::create(const Caller& caller, const NewChannel& in) {
  Channel draft;
  draft.kind = in.kind;
  draft.name = trimmed(in.name);
  draft.endpoint = in.endpoint;
  draft.username = in.username.value_or("");
  draft.sender = in.sender.value_or("");
  draft.enabled = in.enabled;
  draft.has_secret = in.secret && !in.secret->empty();
  if (draft.name.empty()) return Error::invalid("common.field_required", {{"field", "name"}});
  ANXIN_TRY(check(draft));
  return db_.write([&](db::Conn& c) -> Result<Channel> {
    if (repo_.name_taken(c, draft.name, std::int64_t{0})) {
      return Error::conflict("notify.channel_name_taken", {{"name", draft.name}});
    }
    const auto id = repo_.insert(c, draft.kind, draft.name, masked_endpoint(draft.kind, draft.endpoint),
                                 non_empty(draft.username), non_empty(draft.sender), draft.enabled, clock_.now_ms());
    repo_.set_endpoint(c, id, masked_endpoint(draft.kind, draft.endpoint),
                       keys_.encrypt(kChannelTable, kEndpointColumn, id, draft.endpoint));
    if (draft.has_secret) repo_.set_secret(c, id, keys_.encrypt(kChannelTable, kSecretColumn, id, *in.secret));
    Channel saved = *repo_.get(c, keys_, id);
    audit_.append(c, {.actor = actor_of(caller),
                      .action = "create",
                      .entity = "notify_channel",
                      .entity_id = std::to_string(id),
                      .after = audit_json(saved)});
    return saved;
  });
}

Result<Channel> ChannelService::update(const Caller& caller, std::int64_t id, const ChannelPatch& patch) {
  return db_.write([&](db::Conn& c) -> Result<Channel> {
    auto stored = repo_.get_with_secret(c, keys_, id);
    if (!stored) return Error::not_found("notify.channel_not_found", {{"id", id}});
    const Channel current = stored->first;
    if (current.version != patch.version) return Error::conflict("common.version_conflict");
    Channel next = current;
    if (patch.name) next.name = trimmed(*patch.name);
    // The masked form (what reads answer) sent back unchanged keeps the stored endpoint.
    if (patch.endpoint && *patch.endpoint != masked_endpoint(current.kind, current.endpoint)) {
      next.endpoint = *patch.endpoint;
    }
    if (patch.username) next.username = patch.username->value_or("");
    if (patch.sender) next.sender = patch.sender->value_or("");
    if (patch.enabled) next.enabled = *patch.enabled;
    db::Value secret = stored->second;
    if (patch.secret) {
      secret = patch.secret->has_value() && !(*patch.secret)->empty()
                   ? db::Value(keys_.encrypt(kChannelTable, kSecretColumn, id, **patch.secret))
                   : db::Value{};
    }
    next.has_secret = !std::holds_alternative<std::monostate>(secret);
    if (next.name.empty()) return Error::invalid("common.field_required", {{"field", "name"}});
    ANXIN_TRY(check(next));
    if (next.name != current.name && repo_.name_taken(c, next.name, id)) {
      return Error::conflict("notify.channel_name_taken", {{"name", next.name}});
    }
    const db::Blob endpoint_enc = keys_.encrypt(kChannelTable, kEndpointColumn, id, next.endpoint);
    if (!repo_.update(c, next, masked_endpoint(next.kind, next.endpoint), endpoint_enc, secret, clock_.now_ms(),
                      patch.version)) {
      return Error::conflict("common.version_conflict");
    }
    Channel saved = *repo_.get(c, keys_, id);
    nlohmann::json before = audit_json(current);
    nlohmann::json after = audit_json(saved);
    if (patch.secret) after["secret_changed"] = true;
    audit_.append(c, {.actor = actor_of(caller),
                      .action = "update",
                      .entity = "notify_channel",
                      .entity_id = std::to_string(id),
                      .before = before,
                      .after = after});
    return saved;
  });
}

std::vector<Channel> ChannelService::group_channels() {
  return db_.read([&](db::Conn& c) { return repo_.group_channels(c); });
}

std::int64_t ChannelService::seal_endpoints() {
  std::int64_t sealed = 0;
  db_.run_exclusive([&](db::Conn& c) {
    const auto unsealed = repo_.unsealed(c);
    if (unsealed.empty()) return;
    // SQLite: overwrite the plain URLs where they lay instead of leaving them in freed page space.
    const bool sqlite = db_.backend() == db::Backend::kSqlite;
    if (sqlite) repo_.set_secure_delete(c, true);
    for (const auto& ch : unsealed) {
      repo_.set_endpoint(c, ch.id, masked_endpoint(ch.kind, ch.endpoint),
                         keys_.encrypt(kChannelTable, kEndpointColumn, ch.id, ch.endpoint));
      ++sealed;
    }
    if (sqlite) repo_.set_secure_delete(c, false);
  });
  return sealed;
}

Status ChannelService::remove(const Caller& caller, std::int64_t id) {
  return db_.write([&](db::Conn& c) -> Status {
    auto current = repo_.get(c, keys_, id);
    if (!current) return Error::not_found("notify.channel_not_found", {{"id", id}});
    repo_.remove(c, id);
    audit_.append(c, {.actor = actor_of(caller),
                      .action = "delete",
                      .entity = "notify_channel",
                      .entity_id = std::to_string(id),
                      .before = audit_json(*current)});
    return ok_status();
  });
}

nlohmann::json to_json(const Channel& ch) {
  return {{"id", ch.id},
          {"kind", channel_kind_name(ch.kind)},
          {"name", ch.name},
          {"endpoint", masked_endpoint(ch.kind, ch.endpoint)},
          {"username", ch.username.empty() ? nlohmann::json(nullptr) : nlohmann::json(ch.username)},
          {"sender", ch.sender.empty() ? nlohmann::json(nullptr) : nlohmann::json(ch.sender)},
          {"enabled", ch.enabled},
          {"has_secret", ch.has_secret},
          {"created_at", format_rfc3339(ch.created_at)},
          {"updated_at", format_rfc3339(ch.updated_at)},
          {"version", ch.version}};
}

nlohmann::json channel_schema() {
  const nlohmann::json nullable_text = {{"type", {"string", "null"}}};
  return {{"type", "object"},
          {"required", {"id", "kind", "name", "endpoint", "enabled", "has_secret", "version"}},
          {"properties",
           {{"id", {{"type", "integer"}}},
            {"kind", {{"type", "string"}, {"enum", {"email", "wecom", "dingtalk", "feishu", "sms"}}}},
            {"name", {{"type", "string"}}},
            {"endpoint", {{"type", "string"}}},
            {"username", nullable_text},
            {"sender", nullable_text},
            {"enabled", {{"type", "boolean"}}},
            {"has_secret", {{"type", "boolean"}}},
            {"created_at", {{"type", "string"}, {"format", "date-time"}}},
            {"updated_at", {{"type", "string"}, {"format", "date-time"}}},
            {"version", {{"type", "integer"}}}}}};
}

}  // namespace anxin::notify
