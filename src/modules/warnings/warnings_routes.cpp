#include "modules/warnings/warnings_routes.hpp"

#include <charconv>

namespace anxin::warnings {
namespace {

using nlohmann::json;

constexpr const char* kRead = "warnings:warning:read";
constexpr const char* kIssue = "warnings:warning:issue";
constexpr const char* kChecklist = "warnings:checklist:update";
constexpr const char* kFeedPath = "/api/v1/warnings/cap-feed";
constexpr const char* kCapPrefix = "/api/v1/warnings/";

json level_enum() { return {{"type", "string"}, {"enum", {"red", "orange", "yellow", "blue"}}}; }
json version_field() { return {{"type", "integer"}, {"minimum", 1}}; }
json reason_field() { return {{"type", "string"}, {"minLength", 1}, {"maxLength", kMaxReason}}; }
json text_field(std::size_t max) { return {{"type", "string"}, {"maxLength", max}}; }

json areas_field() {
  return {{"type", "array"},
          {"maxItems", kMaxAreas},
          {"items",
           {{"type", "object"},
            {"properties",
             {{"department_id", {{"type", "integer"}, {"minimum", 1}}},
              {"text", {{"type", "string"}, {"minLength", 1}, {"maxLength", kMaxAreaText}}}}}}}};
}

json channels_field() {
  return {{"type", "array"}, {"maxItems", kMaxChannels}, {"items", {{"type", "integer"}, {"minimum", 1}}}};
}

json customer_contacts_field() {
  return {{"type", "array"},
          {"maxItems", kMaxCustomerContacts},
          {"description", "Affected customers: a mobile number or an e-mail address each; told by SMS or e-mail"},
          {"items", {{"type", "string"}, {"minLength", 1}, {"maxLength", 254}}}};
}

/// The body properties of a warning's content, shared by issuing and updating, plus `extra`.
json content_properties(json extra) {
  json p = {{"category",
             {{"type", "string"}, {"enum", {"weather", "safety", "health", "fire", "security", "system", "other"}}}},
            {"title", {{"type", "string"}, {"minLength", 1}, {"maxLength", kMaxTitle}}},
            {"areas", areas_field()},
            {"expected_at", {{"type", "string"}, {"format", "date-time"}}},
            {"expires_at", {{"type", {"string", "null"}}, {"format", "date-time"}}},
            {"scope", {{"type", "string"}, {"enum", {"public", "restricted"}}}},
            {"measures", {{"type", "string"}, {"minLength", 1}, {"maxLength", kMaxText}}},
            {"description", text_field(kMaxText)},
            {"channels", channels_field()},
            {"customer_contacts", customer_contacts_field()}};
  p.update(extra);
  return p;
}

std::vector<std::string> strings_of(const json& j) {
  std::vector<std::string> out;
  for (const auto& x : j) out.push_back(x.get<std::string>());
  return out;
}

std::vector<AreaInput> areas_of(const json& j) {
  std::vector<AreaInput> out;
  for (const auto& a : j) {
    AreaInput in;
    if (a.contains("department_id")) in.department_id = a["department_id"].get<std::int64_t>();
    if (a.contains("text")) in.text = a["text"].get<std::string>();
    out.push_back(std::move(in));
  }
  return out;
}

std::vector<std::int64_t> ids_of(const json& j) {
  std::vector<std::int64_t> out;
  for (const auto& v : j) out.push_back(v.get<std::int64_t>());
  return out;
}

/// A date-time field the schema already checked.
TimestampMs time_of(const json& j) { return parse_rfc3339(j.get<std::string>()).value_or(0); }

/// The media type a CAP document is served as: application/cap+xml unless the client asks only for
/// text/xml or application/xml.
std::string cap_content_type(const http::Request& req) {
  const std::string accept = req.header("accept");
  std::string type(kCapMediaType);
  if (accept.find("cap+xml") == std::string::npos && accept.find("*/*") == std::string::npos) {
    if (accept.find("text/xml") != std::string::npos) {
      type = "text/xml";
    } else if (accept.find("application/xml") != std::string::npos) {
      type = "application/xml";
    }
  }
  return type + "; charset=utf-8";
}

Result<std::optional<std::int64_t>> query_version(const http::Request& req) {
  auto v = req.query_param("version");
  if (!v || v->empty()) return std::optional<std::int64_t>{};
  std::int64_t n = 0;
  auto r = std::from_chars(v->data(), v->data() + v->size(), n);
  if (r.ec != std::errc{} || r.ptr != v->data() + v->size() || n <= 0) {
    return Error::invalid("common.query_invalid", {{"field", "version"}});
  }
  return std::optional<std::int64_t>(n);
}

}  // namespace

void register_routes(http::Router& router, WarningService& warnings, notify::ChannelService& channels) {
  const json warning = warning_schema();

  // Whoever issues warnings picks the robots to publish to without managing channels (no URLs here).
  router.add({.method = http::Method::kGet,
              .path = "/api/v1/warnings/channels",
              .permission = kIssue,
              .summary = "Group robots a warning can be published to: the enabled WeCom, DingTalk and Feishu channels",
              .tag = "warnings",
              .response_schema =
                  http::items_schema({{"type", "object"},
                                      {"required", {"id", "kind", "name"}},
                                      {"properties",
                                       {{"id", {{"type", "integer"}}},
                                        {"kind", {{"type", "string"}, {"enum", {"wecom", "dingtalk", "feishu"}}}},
                                        {"name", {{"type", "string"}}}}}}),
              .handler = [&channels](http::Request&) -> Result<http::Response> {
                json items = json::array();
                for (const auto& c : channels.group_channels()) {
                  items.push_back({{"id", c.id}, {"kind", notify::channel_kind_name(c.kind)}, {"name", c.name}});
                }
                return http::Response::json({{"items", items}});
              }});

  // A literal path next to /api/v1/warnings/{id}: listed first, and the router prefers literal segments anyway.
  router.add({.method = http::Method::kGet,
              .path = kFeedPath,
              .permission = kRead,
              .summary = "Atom feed of the active (and recently lifted) warnings as CAP 1.2 messages",
              .tag = "warnings",
              .response_media_type = std::string(kAtomMediaType),
              .handler = [&warnings](http::Request&) -> Result<http::Response> {
                return http::Response::text(warnings.cap_feed(kFeedPath, kCapPrefix),
                                            std::string(kAtomMediaType) + "; charset=utf-8");
              }});
  router.add({.method = http::Method::kGet,
              .path = "/api/v1/warnings",
              .permission = kRead,
              .summary = "List warnings (active first, most severe first)",
              .tag = "warnings",
              .query_params =
                  [] {
                    auto params = http::paging_params();
                    params.push_back({"status",
                                      {{"type", "string"}, {"enum", {"active", "lifted"}}},
                                      "Only warnings with this status."});
                    params.push_back({"level", level_enum(), "Only warnings of this level."});
                    return params;
                  }(),
              .response_schema = http::page_schema(warning),
              .handler = [&warnings](http::Request& req) -> Result<http::Response> {
                ANXIN_ASSIGN_OR_RETURN(auto page, http::page_of(req));
                WarningFilter filter;
                if (auto s = req.query_param("status"); s && !s->empty()) {
                  if (*s != "active" && *s != "lifted") {
                    return Error::invalid("common.query_invalid", {{"field", "status"}});
                  }
                  filter.status = *s;
                }
                if (auto l = req.query_param("level"); l && !l->empty()) {
                  filter.level = parse_level(*l);
                  if (!filter.level) return Error::invalid("common.query_invalid", {{"field", "level"}});
                }
                auto result = warnings.list(filter, page);
                json items = json::array();
                for (const auto& w : result.items) items.push_back(to_json(w));
                return http::Response::json(http::page_json(items, result.total, page));
              }});
  router.add({.method = http::Method::kPost,
              .path = "/api/v1/warnings",
              .permission = kIssue,
              .summary = "Issue a warning: starts the response checklist and notifies the affected departments",
              .tag = "warnings",
              .body_schema = {{"type", "object"},
                              {"required", {"level", "title", "areas", "expected_at", "measures"}},
                              {"properties",
                               content_properties({{"level", level_enum()}, {"reason", text_field(kMaxReason)}})}},
              .response_schema = warning,
              .success_status = 201,
              .handler = [&warnings](http::Request& req) -> Result<http::Response> {
                const json& b = req.json;
                NewWarning w;
                w.level = *parse_level(b["level"].get<std::string>());
                w.category = parse_category(b.value("category", "other")).value_or(Category::kOther);
                w.title = b["title"].get<std::string>();
                w.areas = areas_of(b["areas"]);
                w.expected_at = time_of(b["expected_at"]);
                if (b.contains("expires_at") && !b["expires_at"].is_null()) w.expires_at = time_of(b["expires_at"]);
                w.scope = parse_scope(b.value("scope", "public")).value_or(Scope::kPublic);
                w.measures = b["measures"].get<std::string>();
                w.description = b.value("description", "");
                if (b.contains("channels")) w.channels = ids_of(b["channels"]);
                if (b.contains("customer_contacts")) w.customer_contacts = strings_of(b["customer_contacts"]);
                w.reason = b.value("reason", "");
                ANXIN_ASSIGN_OR_RETURN(auto saved, warnings.issue(req.principal, w));
                return http::Response::json(to_json(saved), 201);
              }});
  router.add({.method = http::Method::kGet,
              .path = "/api/v1/warnings/{id}",
              .permission = kRead,
              .summary = "Read a warning",
              .tag = "warnings",
              .response_schema = warning,
              .handler = [&warnings](http::Request& req) -> Result<http::Response> {
                ANXIN_ASSIGN_OR_RETURN(auto id, req.path_id("id"));
                ANXIN_ASSIGN_OR_RETURN(auto w, warnings.get(id));
                return http::Response::json(to_json(w));
              }});
  router.add(
      {.method = http::Method::kPatch,
       .path = "/api/v1/warnings/{id}",
       .permission = kIssue,
       .summary = "Update a warning's content (a new version; optimistic locking by version)",
       .tag = "warnings",
       .body_schema = {{"type", "object"},
                       {"required", {"version", "reason"}},
                       {"properties", content_properties({{"version", version_field()}, {"reason", reason_field()}})}},
       .response_schema = warning,
       .handler = [&warnings](http::Request& req) -> Result<http::Response> {
         ANXIN_ASSIGN_OR_RETURN(auto id, req.path_id("id"));
         const json& b = req.json;
         WarningPatch p;
         p.version = b["version"].get<std::int64_t>();
         p.title = http::json_string(b, "title");
         if (b.contains("category")) p.category = parse_category(b["category"].get<std::string>());
         if (b.contains("areas")) p.areas = areas_of(b["areas"]);
         if (b.contains("expected_at")) p.expected_at = time_of(b["expected_at"]);
         if (b.contains("expires_at")) {
           p.expires_at = b["expires_at"].is_null() ? std::optional<TimestampMs>{} : time_of(b["expires_at"]);
         }
         if (b.contains("scope")) p.scope = parse_scope(b["scope"].get<std::string>());
         p.measures = http::json_string(b, "measures");
         p.description = http::json_string(b, "description");
         if (b.contains("channels")) p.channels = ids_of(b["channels"]);
         if (b.contains("customer_contacts")) p.customer_contacts = strings_of(b["customer_contacts"]);
         p.reason = b["reason"].get<std::string>();
         ANXIN_ASSIGN_OR_RETURN(auto saved, warnings.update(req.principal, id, p));
         return http::Response::json(to_json(saved));
       }});
  const json level_change = {
      {"type", "object"},
      {"required", {"version", "level", "reason"}},
      {"properties", {{"version", version_field()}, {"level", level_enum()}, {"reason", reason_field()}}}};
  struct LevelRoute {
    const char* path;
    const char* summary;
    Result<Warning> (WarningService::*change)(const Caller&, std::int64_t, std::int64_t, Level, const std::string&);
  };
  for (const LevelRoute& r :
       {LevelRoute{"/api/v1/warnings/{id}/escalate", "Escalate a warning to a higher level (red is the highest)",
                   &WarningService::escalate},
        LevelRoute{"/api/v1/warnings/{id}/downgrade", "Downgrade a warning to a lower level",
                   &WarningService::downgrade}}) {
    router.add({.method = http::Method::kPost,
                .path = r.path,
                .permission = kIssue,
                .summary = r.summary,
                .tag = "warnings",
                .body_schema = level_change,
                .response_schema = warning,
                .handler = [&warnings, change = r.change](http::Request& req) -> Result<http::Response> {
                  ANXIN_ASSIGN_OR_RETURN(auto id, req.path_id("id"));
                  const json& b = req.json;
                  ANXIN_ASSIGN_OR_RETURN(
                      auto saved,
                      (warnings.*change)(req.principal, id, b["version"].get<std::int64_t>(),
                                         *parse_level(b["level"].get<std::string>()), b["reason"].get<std::string>()));
                  return http::Response::json(to_json(saved));
                }});
  }
  router.add({.method = http::Method::kPost,
              .path = "/api/v1/warnings/{id}/lift",
              .permission = kIssue,
              .summary = "Lift a warning (解除); it cannot change afterwards",
              .tag = "warnings",
              .body_schema = {{"type", "object"},
                              {"required", {"version", "reason"}},
                              {"properties", {{"version", version_field()}, {"reason", reason_field()}}}},
              .response_schema = warning,
              .handler = [&warnings](http::Request& req) -> Result<http::Response> {
                ANXIN_ASSIGN_OR_RETURN(auto id, req.path_id("id"));
                const json& b = req.json;
                ANXIN_ASSIGN_OR_RETURN(auto saved, warnings.lift(req.principal, id, b["version"].get<std::int64_t>(),
                                                                 b["reason"].get<std::string>()));
                return http::Response::json(to_json(saved));
              }});
  router.add({.method = http::Method::kGet,
              .path = "/api/v1/warnings/{id}/history",
              .permission = kRead,
              .summary = "Every version of a warning with who, when and why",
              .tag = "warnings",
              .response_schema = http::items_schema(version_schema()),
              .handler = [&warnings](http::Request& req) -> Result<http::Response> {
                ANXIN_ASSIGN_OR_RETURN(auto id, req.path_id("id"));
                ANXIN_ASSIGN_OR_RETURN(auto versions, warnings.history(id));
                json items = json::array();
                for (const auto& v : versions) items.push_back(to_json(v));
                return http::Response::json({{"items", items}});
              }});
  router.add({.method = http::Method::kGet,
              .path = "/api/v1/warnings/{id}/checklist",
              .permission = kRead,
              .summary = "The response checklist of a warning, by working group",
              .tag = "warnings",
              .response_schema = checklist_schema(),
              .handler = [&warnings](http::Request& req) -> Result<http::Response> {
                ANXIN_ASSIGN_OR_RETURN(auto id, req.path_id("id"));
                ANXIN_ASSIGN_OR_RETURN(auto items, warnings.checklist(id));
                return http::Response::json({{"warning_id", id}, {"groups", checklist_json(items)}});
              }});
  router.add({.method = http::Method::kPatch,
              .path = "/api/v1/warnings/{id}/checklist/{item_id}",
              .permission = kChecklist,
              .summary = "Tick or untick a checklist item and set its owner",
              .tag = "warnings",
              .body_schema = {{"type", "object"},
                              {"required", {"done"}},
                              {"properties",
                               {{"done", {{"type", "boolean"}}},
                                {"owner_id", {{"type", {"integer", "null"}}, {"minimum", 1}}}}}},
              .response_schema = checklist_item_schema(),
              .handler = [&warnings](http::Request& req) -> Result<http::Response> {
                ANXIN_ASSIGN_OR_RETURN(auto id, req.path_id("id"));
                ANXIN_ASSIGN_OR_RETURN(auto item_id, req.path_id("item_id"));
                const json& b = req.json;
                ChecklistChange change;
                change.done = b["done"].get<bool>();
                if (b.contains("owner_id")) {
                  change.owner_id = b["owner_id"].is_null() ? std::optional<std::int64_t>{}
                                                            : std::optional(b["owner_id"].get<std::int64_t>());
                }
                ANXIN_ASSIGN_OR_RETURN(auto item, warnings.update_checklist_item(req.principal, id, item_id, change));
                return http::Response::json(to_json(item));
              }});
  router.add(
      {.method = http::Method::kGet,
       .path = "/api/v1/warnings/{id}/cap",
       .permission = kRead,
       .summary = "The warning as an OASIS CAP 1.2 alert (latest version, or ?version=N)",
       .tag = "warnings",
       .query_params = {{"version", {{"type", "integer"}, {"minimum", 1}}, "Version to export; default the latest."}},
       .response_media_type = std::string(kCapMediaType),
       .handler = [&warnings](http::Request& req) -> Result<http::Response> {
         ANXIN_ASSIGN_OR_RETURN(auto id, req.path_id("id"));
         ANXIN_ASSIGN_OR_RETURN(auto version, query_version(req));
         ANXIN_ASSIGN_OR_RETURN(auto xml, warnings.cap(id, version));
         return http::Response::text(std::move(xml), cap_content_type(req));
       }});
}

}  // namespace anxin::warnings
