#include "modules/identity/identity_middleware.hpp"
#include "modules/identity/identity_routes.hpp"
#include "modules/identity/route_helpers.hpp"

namespace anxin::identity {
namespace {

using nlohmann::json;

std::string cookie(const std::string& name, const std::string& value, bool http_only, bool secure, bool clear) {
  std::string c = name + "=" + value + "; Path=/; SameSite=Strict";
  if (http_only) c += "; HttpOnly";
  if (secure) c += "; Secure";
  if (clear) c += "; Max-Age=0";
  return c;
}

json caller_json(const Caller& c) {
  return {{"user",
           {{"id", c.user_id},
            {"username", c.username},
            {"display_name", c.display_name},
            {"department_id", c.department_id}}},
          {"permissions", c.permissions},
          {"data_scope", c.data_scope},
          {"clearance", c.clearance},
          {"pending", c.pending.empty() ? json(nullptr) : json(c.pending)}};
}

http::Response session_response(const SessionStart& s, bool secure) {
  json body = caller_json(s.caller);
  body["csrf_token"] = s.csrf_token;
  http::Response r = http::Response::json(body);
  r.headers.emplace_back("Set-Cookie", cookie(kSessionCookie, s.token, true, secure, false));
  r.headers.emplace_back("Set-Cookie", cookie(kCsrfCookie, s.csrf_token, false, secure, false));
  return r;
}

const json kSessionSchema = {{"type", "object"},
                             {"required", {"user", "permissions", "data_scope", "clearance", "pending"}},
                             {"properties",
                              {{"user", {{"type", "object"}}},
                               {"permissions", {{"type", "array"}, {"items", {{"type", "string"}}}}},
                               {"data_scope", {{"type", "integer"}}},
                               {"clearance", {{"type", "integer"}}},
                               {"pending", {{"type", {"string", "null"}}}},
                               {"csrf_token", {{"type", "string"}}}}}};

json token_json(const ApiToken& t) {
  auto ts = [](const std::optional<TimestampMs>& v) { return v ? json(format_rfc3339(*v)) : json(nullptr); };
  return {{"id", t.id},
          {"user_id", t.user_id},
          {"name", t.name},
          {"scopes", t.scopes},
          {"created_at", format_rfc3339(t.created_at)},
          {"expires_at", ts(t.expires_at)},
          {"revoked_at", ts(t.revoked_at)},
          {"last_used_at", ts(t.last_used_at)}};
}

json token_schema() {
  const json time_or_null = {{"type", {"string", "null"}}, {"format", "date-time"}};
  return {{"type", "object"},
          {"required", {"id", "user_id", "name", "scopes", "created_at", "expires_at", "revoked_at", "last_used_at"}},
          {"properties",
           {{"id", {{"type", "integer"}}},
            {"user_id", {{"type", "integer"}}},
            {"name", {{"type", "string"}}},
            {"scopes", {{"type", "array"}, {"items", {{"type", "string"}}}}},
            {"created_at", {{"type", "string"}, {"format", "date-time"}}},
            {"expires_at", time_or_null},
            {"revoked_at", time_or_null},
            {"last_used_at", time_or_null}}}};
}

}  // namespace

void register_auth_routes(http::Router& router, AuthService& auth, bool secure) {
  router.add({.method = http::Method::kPost,
              .path = "/api/v1/auth/login",
              .is_public = true,
              .summary = "Sign in with user name and password",
              .tag = "auth",
              .body_schema = {{"type", "object"},
                              {"required", {"username", "password"}},
                              {"properties",
                               {{"username", {{"type", "string"}, {"minLength", 1}, {"maxLength", 64}}},
                                {"password", {{"type", "string"}, {"minLength", 1}, {"maxLength", 256}}}}}},
              .response_schema = kSessionSchema,
              .handler = [&auth, secure](http::Request& req) -> Result<http::Response> {
                const std::string previous = req.cookie(kSessionCookie);
                ANXIN_ASSIGN_OR_RETURN(
                    auto s,
                    auth.login(req.json["username"].get<std::string>(), req.json["password"].get<std::string>(),
                               req.remote_ip, previous.empty() ? std::nullopt : std::optional<std::string>(previous)));
                return session_response(s, secure);
              }});

  router.add({.method = http::Method::kPost,
              .path = "/api/v1/auth/totp",
              .authenticated_only = true,
              .summary = "Complete sign-in with a one-time code or a recovery code",
              .tag = "auth",
              .body_schema = {{"type", "object"},
                              {"required", {"code"}},
                              {"properties", {{"code", {{"type", "string"}, {"minLength", 6}, {"maxLength", 32}}}}}},
              .response_schema = kSessionSchema,
              .handler = [&auth, secure](http::Request& req) -> Result<http::Response> {
                ANXIN_ASSIGN_OR_RETURN(auto s, auth.second_factor(req.cookie(kSessionCookie),
                                                                  req.json["code"].get<std::string>(), req.remote_ip));
                return session_response(s, secure);
              }});

  router.add({.method = http::Method::kPost,
              .path = "/api/v1/auth/logout",
              .authenticated_only = true,
              .summary = "Sign out (ends this session)",
              .tag = "auth",
              .success_status = 204,
              .handler = [&auth, secure](http::Request& req) -> Result<http::Response> {
                ANXIN_TRY(auth.logout(req.cookie(kSessionCookie), req.principal));
                http::Response r = http::Response::no_content();
                r.headers.emplace_back("Set-Cookie", cookie(kSessionCookie, "", true, secure, true));
                r.headers.emplace_back("Set-Cookie", cookie(kCsrfCookie, "", false, secure, true));
                return r;
              }});

  router.add({.method = http::Method::kGet,
              .path = "/api/v1/auth/me",
              .authenticated_only = true,
              .summary = "The signed-in user, permissions and any step still due",
              .tag = "auth",
              .response_schema = kSessionSchema,
              .handler = [](http::Request& req) -> Result<http::Response> {
                json body = caller_json(req.principal);
                if (!req.csrf_token.empty()) body["csrf_token"] = req.csrf_token;
                return http::Response::json(body);
              }});

  router.add({.method = http::Method::kPost,
              .path = "/api/v1/auth/password",
              .authenticated_only = true,
              .summary = "Change the own password",
              .tag = "auth",
              .body_schema = {{"type", "object"},
                              {"required", {"current_password", "new_password"}},
                              {"properties",
                               {{"current_password", {{"type", "string"}, {"minLength", 1}, {"maxLength", 256}}},
                                {"new_password", {{"type", "string"}, {"minLength", 1}, {"maxLength", 256}}}}}},
              .success_status = 204,
              .handler = [&auth](http::Request& req) -> Result<http::Response> {
                ANXIN_TRY(auth.change_password(req.principal, req.cookie(kSessionCookie),
                                               req.json["current_password"].get<std::string>(),
                                               req.json["new_password"].get<std::string>()));
                return http::Response::no_content();
              }});

  router.add(
      {.method = http::Method::kPost,
       .path = "/api/v1/auth/totp/enroll",
       .authenticated_only = true,
       .summary = "Start two-factor enrolment: a new secret and its QR code",
       .tag = "auth",
       .response_schema = {{"type", "object"},
                           {"required", {"secret", "otpauth_uri", "qr_svg"}},
                           {"properties",
                            {{"secret", {{"type", "string"}}},
                             {"otpauth_uri", {{"type", "string"}}},
                             {"qr_svg", {{"type", "string"}}}}}},
       .handler = [&auth](http::Request& req) -> Result<http::Response> {
         ANXIN_ASSIGN_OR_RETURN(auto e, auth.begin_totp(req.principal));
         return http::Response::json({{"secret", e.secret}, {"otpauth_uri", e.otpauth_uri}, {"qr_svg", e.qr_svg}});
       }});

  router.add(
      {.method = http::Method::kPost,
       .path = "/api/v1/auth/totp/activate",
       .authenticated_only = true,
       .summary = "Confirm enrolment with a code; returns recovery codes once",
       .tag = "auth",
       .body_schema = {{"type", "object"},
                       {"required", {"code"}},
                       {"properties", {{"code", {{"type", "string"}, {"minLength", 6}, {"maxLength", 8}}}}}},
       .response_schema = {{"type", "object"},
                           {"required", {"recovery_codes"}},
                           {"properties", {{"recovery_codes", {{"type", "array"}, {"items", {{"type", "string"}}}}}}}},
       .handler = [&auth](http::Request& req) -> Result<http::Response> {
         ANXIN_ASSIGN_OR_RETURN(auto codes, auth.activate_totp(req.principal, req.json["code"].get<std::string>()));
         return http::Response::json({{"recovery_codes", codes}});
       }});

  router.add({.method = http::Method::kGet,
              .path = "/api/v1/permissions",
              .permission = "identity:role:read",
              .summary = "The permission catalogue",
              .tag = "identity",
              .response_schema = http::items_schema({{"type", "object"},
                                                     {"required", {"code", "label_zh", "label_en", "admin"}},
                                                     {"properties",
                                                      {{"code", {{"type", "string"}}},
                                                       {"label_zh", {{"type", "string"}}},
                                                       {"label_en", {{"type", "string"}}},
                                                       {"admin", {{"type", "boolean"}}}}}}),
              .handler = [](http::Request&) -> Result<http::Response> {
                json items = json::array();
                for (const auto& p : permission_catalogue()) {
                  items.push_back({{"code", p.code},
                                   {"label_zh", p.label_zh},
                                   {"label_en", p.label_en},
                                   {"admin", is_admin_or_audit_permission(p.code)}});
                }
                return http::Response::json({{"items", items}});
              }});

  router.add({.method = http::Method::kGet,
              .path = "/api/v1/api-tokens",
              .permission = "identity:token:manage",
              .summary = "List API tokens",
              .tag = "identity",
              .query_params = http::paging_params(),
              .response_schema = http::page_schema(token_schema()),
              .handler = [&auth](http::Request& req) -> Result<http::Response> {
                ANXIN_ASSIGN_OR_RETURN(auto page, http::page_of(req));
                auto result = auth.list_api_tokens(page);
                json items = json::array();
                for (const auto& t : result.items) items.push_back(token_json(t));
                return http::Response::json(http::page_json(items, result.total, page));
              }});

  router.add(
      {.method = http::Method::kPost,
       .path = "/api/v1/api-tokens",
       .permission = "identity:token:manage",
       .summary = "Create an API token for a service account (the secret is shown once)",
       .tag = "identity",
       .body_schema = {{"type", "object"},
                       {"required", {"user_id", "name", "scopes"}},
                       {"properties",
                        {{"user_id", {{"type", "integer"}, {"minimum", 1}}},
                         {"name", {{"type", "string"}, {"minLength", 1}, {"maxLength", 64}}},
                         {"scopes",
                          {{"type", "array"}, {"maxItems", 100}, {"items", {{"type", "string"}, {"maxLength", 64}}}}},
                         {"expires_in_days", {{"type", "integer"}, {"minimum", 1}, {"maximum", 3650}}}}}},
       .response_schema =
           [] {
             json s = token_schema();
             s["required"].push_back("token");
             s["properties"]["token"] = {{"type", "string"}, {"description", "The secret; shown only in this answer."}};
             return s;
           }(),
       .success_status = 201,
       .handler = [&auth](http::Request& req) -> Result<http::Response> {
         const json& b = req.json;
         std::optional<int> days;
         if (b.contains("expires_in_days")) days = b["expires_in_days"].get<int>();
         ANXIN_ASSIGN_OR_RETURN(auto made, auth.create_api_token(req.principal, b["user_id"].get<std::int64_t>(),
                                                                 b["name"].get<std::string>(),
                                                                 b["scopes"].get<std::vector<std::string>>(), days));
         json out = token_json(made.first);
         out["token"] = made.second;
         return http::Response::json(out, 201);
       }});

  router.add({.method = http::Method::kDelete,
              .path = "/api/v1/api-tokens/{id}",
              .permission = "identity:token:manage",
              .summary = "Revoke an API token",
              .tag = "identity",
              .success_status = 204,
              .handler = [&auth](http::Request& req) -> Result<http::Response> {
                ANXIN_ASSIGN_OR_RETURN(auto id, req.path_id("id"));
                ANXIN_TRY(auth.revoke_api_token(req.principal, id));
                return http::Response::no_content();
              }});

  auto log_params = http::paging_params();
  log_params.push_back({"user_id", {{"type", "integer"}, {"minimum", 1}}, "Only this user."});
  log_params.push_back({"event",
                        {{"type", "string"}, {"maxLength", 32}},
                        "login, second_factor, lockout, logout, password_change, totp_enrolled"});
  log_params.push_back({"outcome", {{"type", "string"}, {"enum", {"success", "failure"}}}, "success or failure"});
  log_params.push_back({"from", {{"type", "string"}, {"format", "date-time"}}, "From this instant (inclusive)."});
  log_params.push_back({"to", {{"type", "string"}, {"format", "date-time"}}, "Before this instant."});
  router.add({.method = http::Method::kGet,
              .path = "/api/v1/audit/login-logs",
              .permission = "audit:login_log:read",
              .summary = "Search the login log",
              .tag = "audit",
              .query_params = log_params,
              .response_schema = http::page_schema(
                  {{"type", "object"},
                   {"required", {"id", "at", "user_id", "username", "ip", "event", "outcome", "reason"}},
                   {"properties",
                    {{"id", {{"type", "integer"}}},
                     {"at", {{"type", "string"}, {"format", "date-time"}}},
                     {"user_id", {{"type", {"integer", "null"}}}},
                     {"username", {{"type", {"string", "null"}}}},
                     {"ip", {{"type", {"string", "null"}}}},
                     {"event", {{"type", "string"}}},
                     {"outcome", {{"type", "string"}, {"enum", {"success", "failure"}}}},
                     {"reason", {{"type", {"string", "null"}}}}}}}),
              .handler = [&auth](http::Request& req) -> Result<http::Response> {
                ANXIN_ASSIGN_OR_RETURN(auto page, http::page_of(req));
                LoginLogFilter f;
                ANXIN_ASSIGN_OR_RETURN(f.user_id, query_id(req, "user_id"));
                f.event = query_text(req, "event");
                f.outcome = query_text(req, "outcome");
                ANXIN_ASSIGN_OR_RETURN(f.from, http::query_time(req, "from"));
                ANXIN_ASSIGN_OR_RETURN(f.to, http::query_time(req, "to"));
                auto result = auth.login_log(f, page);
                json items = json::array();
                for (const auto& e : result.items) {
                  items.push_back({{"id", e.id},
                                   {"at", format_rfc3339(e.at)},
                                   {"user_id", e.user_id ? json(*e.user_id) : json(nullptr)},
                                   {"username", e.username ? json(*e.username) : json(nullptr)},
                                   {"ip", e.ip ? json(*e.ip) : json(nullptr)},
                                   {"event", e.event},
                                   {"outcome", e.outcome},
                                   {"reason", e.reason ? json(*e.reason) : json(nullptr)}});
                }
                return http::Response::json(http::page_json(items, result.total, page));
              }});
}

void register_routes(http::Router& router, IdentityServices s, bool secure_cookies) {
  register_auth_routes(router, s.auth, secure_cookies);
  register_department_routes(router, s.departments);
  register_user_routes(router, s.users);
  register_role_routes(router, s.roles);
  register_post_routes(router, s.posts);
}

}  // namespace anxin::identity
