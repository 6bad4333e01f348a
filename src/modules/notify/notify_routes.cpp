#include "modules/notify/notify_routes.hpp"

namespace anxin::notify {
namespace {

using nlohmann::json;

Result<bool> bool_param(const http::Request& req, const std::string& name) {
  auto v = http::query_text(req, name);
  if (!v || *v == "false") return false;
  if (*v == "true") return true;
  return Error::invalid("common.query_invalid", {{"field", name}});
}

/// Absent -> nullopt; null -> inner nullopt; value -> value.
std::optional<std::optional<std::string>> patch_string(const json& j, const char* key) {
  if (!j.contains(key)) return std::nullopt;
  return http::json_string(j, key);
}

json inbox_schema() {
  return {
      {"type", "object"},
      {"required", {"id", "event", "entity", "entity_id", "title", "body", "created_at", "read"}},
      {"properties",
       {{"id", {{"type", "integer"}}},
        {"event", {{"type", "string"}}},
        {"entity", {{"type", {"string", "null"}}, {"description", "What the item is about, e.g. incident, warning"}}},
        {"entity_id", {{"type", {"integer", "null"}}}},
        {"title", {{"type", "string"}}},
        {"body", {{"type", "string"}}},
        {"created_at", {{"type", "string"}, {"format", "date-time"}}},
        {"read_at", {{"type", {"string", "null"}}, {"format", "date-time"}}},
        {"read", {{"type", "boolean"}}}}}};
}

json delivery_schema() {
  const json nullable_int = {{"type", {"integer", "null"}}};
  const json nullable_time = {{"type", {"string", "null"}}, {"format", "date-time"}};
  return {{"type", "object"},
          {"required", {"id", "message_id", "event", "channel", "status", "attempts", "next_attempt_at"}},
          {"properties",
           {{"id", {{"type", "integer"}}},
            {"message_id", {{"type", "integer"}}},
            {"event", {{"type", "string"}}},
            {"channel", {{"type", "string"}}},
            {"channel_id", nullable_int},
            {"user_id", nullable_int},
            {"status", {{"type", "string"}, {"enum", {"pending", "sent", "dead"}}}},
            {"attempts", {{"type", "integer"}}},
            {"next_attempt_at", {{"type", "string"}, {"format", "date-time"}}},
            {"last_error", {{"type", {"string", "null"}}}},
            {"sent_at", nullable_time},
            {"created_at", {{"type", "string"}, {"format", "date-time"}}},
            {"updated_at", {{"type", "string"}, {"format", "date-time"}}}}}};
}

void register_inbox_routes(http::Router& router, Notifier& notifier) {
  auto params = http::paging_params();
  params.push_back({"unread", {{"type", "boolean"}}, "true: only unread items."});
  router.add({.method = http::Method::kGet,
              .path = "/api/v1/auth/notifications",
              .authenticated_only = true,
              .summary = "The caller's notifications, newest first",
              .tag = "notify",
              .query_params = params,
              .response_schema = http::page_schema(inbox_schema()),
              .handler = [&notifier](http::Request& req) -> Result<http::Response> {
                ANXIN_ASSIGN_OR_RETURN(auto page, http::page_of(req));
                ANXIN_ASSIGN_OR_RETURN(bool unread, bool_param(req, "unread"));
                ANXIN_ASSIGN_OR_RETURN(auto result, notifier.inbox(req.principal, unread, page));
                json items = json::array();
                for (const auto& item : result.items) items.push_back(to_json(item));
                return http::Response::json(http::page_json(items, result.total, page));
              }});
  router.add({.method = http::Method::kGet,
              .path = "/api/v1/auth/notifications/unread-count",
              .authenticated_only = true,
              .summary = "Number of the caller's unread notifications",
              .tag = "notify",
              .response_schema = {{"type", "object"},
                                  {"required", {"count"}},
                                  {"properties", {{"count", {{"type", "integer"}}}}}},
              .handler = [&notifier](http::Request& req) -> Result<http::Response> {
                return http::Response::json({{"count", notifier.unread_count(req.principal)}});
              }});
  router.add({.method = http::Method::kPost,
              .path = "/api/v1/auth/notifications/{id}/read",
              .authenticated_only = true,
              .summary = "Mark one of the caller's notifications read",
              .tag = "notify",
              .success_status = 204,
              .handler = [&notifier](http::Request& req) -> Result<http::Response> {
                ANXIN_ASSIGN_OR_RETURN(auto id, req.path_id("id"));
                ANXIN_TRY(notifier.mark_read(req.principal, id));
                return http::Response::no_content();
              }});
  router.add({.method = http::Method::kPost,
              .path = "/api/v1/auth/notifications/read-all",
              .authenticated_only = true,
              .summary = "Mark all the caller's notifications read",
              .tag = "notify",
              .response_schema = {{"type", "object"},
                                  {"required", {"updated"}},
                                  {"properties", {{"updated", {{"type", "integer"}}}}}},
              .handler = [&notifier](http::Request& req) -> Result<http::Response> {
                ANXIN_ASSIGN_OR_RETURN(auto n, notifier.mark_all_read(req.principal));
                return http::Response::json({{"updated", n}});
              }});
}

void register_channel_routes(http::Router& router, ChannelService& channels) {
  const json kind = {{"type", "string"}, {"enum", {"email", "wecom", "dingtalk", "feishu", "sms"}}};
  const json name = {{"type", "string"}, {"minLength", 1}, {"maxLength", 64}};
  const json endpoint = {{"type", "string"}, {"minLength", 1}, {"maxLength", ChannelService::kMaxEndpoint}};
  const json secret = {{"type", {"string", "null"}}, {"minLength", 1}, {"maxLength", 512}};
  const json username = {{"type", {"string", "null"}}, {"maxLength", 128}};
  const json sender = {{"type", {"string", "null"}}, {"maxLength", 256}};
  const json enabled = {{"type", "boolean"}};

  router.add({.method = http::Method::kGet,
              .path = "/api/v1/notify/channels",
              .permission = "notify:channel:manage",
              .summary = "List notification channels (secrets are never returned)",
              .tag = "notify",
              .query_params = http::paging_params(),
              .response_schema = http::page_schema(channel_schema()),
              .handler = [&channels](http::Request& req) -> Result<http::Response> {
                ANXIN_ASSIGN_OR_RETURN(auto page, http::page_of(req));
                auto result = channels.list(page);
                json items = json::array();
                for (const auto& c : result.items) items.push_back(to_json(c));
                return http::Response::json(http::page_json(items, result.total, page));
              }});
  router.add({.method = http::Method::kPost,
              .path = "/api/v1/notify/channels",
              .permission = "notify:channel:manage",
              .summary = "Create a notification channel (SMTP server, group robot or SMS gateway)",
              .tag = "notify",
              .body_schema = {{"type", "object"},
                              {"required", {"kind", "name", "endpoint"}},
                              {"properties",
                               {{"kind", kind},
                                {"name", name},
                                {"endpoint", endpoint},
                                {"secret", secret},
                                {"username", username},
                                {"sender", sender},
                                {"enabled", enabled}}}},
              .response_schema = channel_schema(),
              .success_status = 201,
              .handler = [&channels](http::Request& req) -> Result<http::Response> {
                const json& b = req.json;
                NewChannel n;
                n.kind = *parse_channel_kind(b["kind"].get<std::string>());
                n.name = b["name"].get<std::string>();
                n.endpoint = b["endpoint"].get<std::string>();
                n.secret = http::json_string(b, "secret");
                n.username = http::json_string(b, "username");
                n.sender = http::json_string(b, "sender");
                n.enabled = b.value("enabled", true);
                ANXIN_ASSIGN_OR_RETURN(auto c, channels.create(req.principal, n));
                return http::Response::json(to_json(c), 201);
              }});
  router.add({.method = http::Method::kPatch,
              .path = "/api/v1/notify/channels/{id}",
              .permission = "notify:channel:manage",
              .summary = "Update a notification channel (optimistic locking by version; null secret clears it)",
              .tag = "notify",
              .body_schema = {{"type", "object"},
                              {"required", {"version"}},
                              {"properties",
                               {{"version", {{"type", "integer"}, {"minimum", 1}}},
                                {"name", name},
                                {"endpoint", endpoint},
                                {"secret", secret},
                                {"username", username},
                                {"sender", sender},
                                {"enabled", enabled}}}},
              .response_schema = channel_schema(),
              .handler = [&channels](http::Request& req) -> Result<http::Response> {
                ANXIN_ASSIGN_OR_RETURN(auto id, req.path_id("id"));
                const json& b = req.json;
                ChannelPatch p;
                p.version = b["version"].get<std::int64_t>();
                p.name = http::json_string(b, "name");
                p.endpoint = http::json_string(b, "endpoint");
                p.secret = patch_string(b, "secret");
                p.username = patch_string(b, "username");
                p.sender = patch_string(b, "sender");
                if (b.contains("enabled")) p.enabled = b["enabled"].get<bool>();
                ANXIN_ASSIGN_OR_RETURN(auto c, channels.update(req.principal, id, p));
                return http::Response::json(to_json(c));
              }});
  router.add({.method = http::Method::kDelete,
              .path = "/api/v1/notify/channels/{id}",
              .permission = "notify:channel:manage",
              .summary = "Delete a notification channel",
              .tag = "notify",
              .success_status = 204,
              .handler = [&channels](http::Request& req) -> Result<http::Response> {
                ANXIN_ASSIGN_OR_RETURN(auto id, req.path_id("id"));
                ANXIN_TRY(channels.remove(req.principal, id));
                return http::Response::no_content();
              }});
}

void register_delivery_routes(http::Router& router, Notifier& notifier) {
  auto params = http::paging_params();
  params.push_back(
      {"status", {{"type", "string"}, {"enum", {"pending", "sent", "dead"}}}, "dead: the dead-letter view."});
  params.push_back({"channel",
                    {{"type", "string"}, {"enum", {"inapp", "email", "sms", "wecom", "dingtalk", "feishu"}}},
                    "Channel of the delivery."});
  params.push_back({"event", {{"type", "string"}, {"maxLength", 64}}, "Event name, e.g. incident.reported."});
  router.add({.method = http::Method::kGet,
              .path = "/api/v1/notify/deliveries",
              .permission = "notify:delivery:read",
              .summary = "List notification deliveries, newest first (status=dead: the dead letters)",
              .tag = "notify",
              .query_params = params,
              .response_schema = http::page_schema(delivery_schema()),
              .handler = [&notifier](http::Request& req) -> Result<http::Response> {
                ANXIN_ASSIGN_OR_RETURN(auto page, http::page_of(req));
                DeliveryFilter f{.status = http::query_text(req, "status"),
                                 .channel = http::query_text(req, "channel"),
                                 .event = http::query_text(req, "event")};
                ANXIN_ASSIGN_OR_RETURN(auto result, notifier.deliveries(f, page));
                json items = json::array();
                for (const auto& d : result.items) items.push_back(to_json(d));
                return http::Response::json(http::page_json(items, result.total, page));
              }});
  router.add({.method = http::Method::kPost,
              .path = "/api/v1/notify/deliveries/{id}/retry",
              .permission = "notify:channel:manage",
              .summary = "Put a dead delivery back in the queue",
              .tag = "notify",
              .response_schema = delivery_schema(),
              .handler = [&notifier](http::Request& req) -> Result<http::Response> {
                ANXIN_ASSIGN_OR_RETURN(auto id, req.path_id("id"));
                ANXIN_ASSIGN_OR_RETURN(auto d, notifier.retry(req.principal, id));
                return http::Response::json(to_json(d));
              }});
}

}  // namespace

void register_stream_route(http::Router& router, LiveInbox& live) {
  router.add({.method = http::Method::kGet,
              .path = "/api/v1/auth/notifications/stream",
              .authenticated_only = true,
              .summary = "The caller's new notifications as they arrive (Server-Sent Events)",
              .tag = "notify",
              .response_schema = {{"type", "string"},
                                  {"description",
                                   "event: unread, data {\"unread\": N} (on open, after new items, every 15 s); "
                                   "event: notification, data: one inbox item as in GET /api/v1/auth/notifications"}},
              .response_media_type = "text/event-stream",
              .handler = [&live](http::Request& req) -> Result<http::Response> {
                const std::int64_t user = req.principal.user_id;
                return http::Response::event_stream(
                    [&live, user, alive = req.credential_alive](std::shared_ptr<http::StreamWriter> s) {
                      live.subscribe(user, std::move(s), alive);
                    });
              }});
}

void register_routes(http::Router& router, Notifier& notifier, ChannelService& channels, LiveInbox* live) {
  register_inbox_routes(router, notifier);
  if (live) register_stream_route(router, *live);
  register_channel_routes(router, channels);
  register_delivery_routes(router, notifier);
}

}  // namespace anxin::notify
