// Checks over the complete route table of the composed application.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <random>
#include <set>

#include "app/app.hpp"
#include "app/modules.hpp"
#include "modules/identity/permissions.hpp"
#include "platform/http/schema.hpp"

namespace anxin::app {
namespace {

class AppRoutesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::random_device rd;
    dir_ = std::filesystem::temp_directory_path() / ("anxin-app-" + std::to_string(rd()));
    config_ = config::load(std::nullopt, {}, {{"data_dir", dir_.string()}});
    ASSERT_TRUE(prepare_process(config_));
    app_ = std::make_unique<App>(config_);
  }
  void TearDown() override {
    app_.reset();
    std::filesystem::remove_all(dir_);
  }
  std::filesystem::path dir_;
  config::Config config_;
  std::unique_ptr<App> app_;
};

TEST_F(AppRoutesTest, EveryRouteDeclaresWhoMayCallIt) {
  const auto& routes = app_->router().routes();
  ASSERT_GT(routes.size(), 30u);
  for (const auto& r : routes) {
    const std::string name = std::string(http::method_name(r.method)) + " " + r.path;
    const int kinds = (r.is_public ? 1 : 0) + (r.authenticated_only ? 1 : 0) + (r.permission.empty() ? 0 : 1);
    EXPECT_EQ(kinds, 1) << name << " must be exactly one of: public, authenticated-only, permission";
    if (!r.permission.empty()) {
      EXPECT_TRUE(identity::is_known_permission(r.permission)) << name << " " << r.permission;
    }
    if (r.authenticated_only) {
      // Besides the caller's own session, only the dashboard: it answers each figure and indicator by the
      // permission its module declared for it.
      EXPECT_TRUE(r.path.starts_with("/api/v1/auth/") || r.path.starts_with("/api/v1/dashboard/") ||
                  r.path.starts_with("/api/v1/indicators"))
          << name;
    }
    if (r.is_public) {
      // The customer's side, without an account: the 安心码 page a customer opens at the door, and the order link
      // (its page, the arrival confirmation and the sign-off).
      const std::set<std::string> allowed = {"/healthz",
                                             "/readyz",
                                             "/metrics",
                                             "/api/openapi.json",
                                             "/api/v1/auth/login",
                                             "/api/v1/public/safety-codes/{token}",
                                             "/api/v1/public/order-links/{token}",
                                             "/api/v1/public/order-links/{token}/arrival",
                                             "/api/v1/public/order-links/{token}/signoff"};
      EXPECT_TRUE(allowed.count(r.path)) << name << " is public but not on the list of public routes";
    }
  }
}

TEST_F(AppRoutesTest, EveryModuleIsWiredThroughTheRegistryAndEachExtensionPointHasAContribution) {
  const auto& reg = app_->registry();
  std::vector<std::string> listed;
  for (const auto& m : modules()) listed.emplace_back(m.name);
  EXPECT_EQ(reg.modules(), listed);
  const auto checks = reg.gate().check_names();
  EXPECT_NE(std::find(checks.begin(), checks.end(), "incidents.open_serious_incident"), checks.end());
  EXPECT_NE(reg.indicators().find("incidents.open"), nullptr);
  EXPECT_NE(reg.indicators().find("incidents.overdue_steps"), nullptr);
  ASSERT_FALSE(reg.figures().all().empty());
  EXPECT_EQ(reg.figures().all()[0].key, "incidents.by_level_month");
  // Every figure and indicator names the permission that guards it, and the permission exists.
  for (const auto& f : reg.figures().all()) EXPECT_TRUE(identity::is_known_permission(f.permission)) << f.key;
  for (const auto& i : reg.indicators().all()) EXPECT_TRUE(identity::is_known_permission(i.permission)) << i.key;
  EXPECT_FALSE(reg.free_text_fields().of_table("incidents").empty());
  EXPECT_FALSE(reg.free_text_fields().of_table("warnings").empty());
  EXPECT_FALSE(reg.audit_entity_kinds().empty());
  EXPECT_FALSE(reg.demo_steps().empty());
  // A module adds its permissions and roles from its own registration; identity's rules apply to them.
  EXPECT_TRUE(identity::is_known_permission("workforce:gate:check"));
  EXPECT_TRUE(identity::forbidden_for_sysadmin("workforce:worker:reveal"));
  const auto& roles = identity::builtin_roles();
  const auto role = [&](const std::string& code) {
    return std::find_if(roles.begin(), roles.end(), [&](const auto& r) { return r.code == code; });
  };
  ASSERT_NE(role("dispatcher"), roles.end());
  ASSERT_NE(role("safety_manager"), roles.end());
  const auto& safety = role("safety_manager")->permissions;
  EXPECT_NE(std::find(safety.begin(), safety.end(), "workforce:worker:reveal"), safety.end());
}

TEST_F(AppRoutesTest, TheDefaultReadTimeoutLetsAPhoneUploadTheLargestBody) {
  // The read timeout covers a whole request; a phone on a weak mobile link sends ~1 Mbit/s.
  constexpr double kPhoneBytesPerSecond = 1'000'000.0 / 8;
  std::size_t largest = 0;
  for (const auto& r : app_->router().routes()) largest = std::max(largest, r.max_body_bytes);
  ASSERT_GE(largest, 10u * 1024 * 1024);  // incident attachments
  const double needed_ms = static_cast<double>(largest) / kPhoneBytesPerSecond * 1000;
  EXPECT_GE(static_cast<double>(config_.http_read_timeout_ms), needed_ms)
      << "a " << largest << "-byte upload at 1 Mbit/s takes " << needed_ms << " ms";
}

TEST_F(AppRoutesTest, RoutesAreUniqueAndDocumented) {
  std::set<std::string> seen;
  for (const auto& r : app_->router().routes()) {
    const std::string name = std::string(http::method_name(r.method)) + " " + r.path;
    EXPECT_TRUE(seen.insert(name).second) << "duplicate route " << name;
    EXPECT_FALSE(r.summary.empty()) << name;
    EXPECT_FALSE(r.tag.empty()) << name;
    if (r.method == http::Method::kPost || r.method == http::Method::kPatch || r.method == http::Method::kPut) {
      // Action routes without a body are fine; a body must be declared to be accepted at all.
      if (!r.body_schema.is_null()) {
        EXPECT_EQ(r.body_schema.value("type", ""), "object") << name;
      }
    }
  }
}

// Every answer is described in the OpenAPI document: a JSON answer by its response schema, a file or
// text answer (PDF, XLSX, CAP, metrics, event stream) by its media type, and a 204 by having no body.
TEST_F(AppRoutesTest, EveryRouteDeclaresWhatItAnswers) {
  for (const auto& r : app_->router().routes()) {
    const std::string name = std::string(http::method_name(r.method)) + " " + r.path;
    const bool json_answer = r.response_media_types.empty() && r.response_media_type == "application/json";
    if (r.success_status == 204) {
      EXPECT_TRUE(r.response_schema.is_null()) << name << " answers 204 No Content but declares a response body";
      EXPECT_TRUE(json_answer) << name << " answers 204 No Content but declares a response media type";
    } else if (json_answer) {
      ASSERT_TRUE(r.response_schema.is_object()) << name << " answers JSON but declares no response schema";
      EXPECT_TRUE(r.response_schema.contains("type")) << name;
      if (r.response_schema.value("type", "") == "object") {
        EXPECT_TRUE(r.response_schema.contains("properties")) << name << " declares an object without properties";
      }
    } else if (!r.response_schema.is_null()) {
      // A file or text answer is described by its media type; a text one may describe its content.
      EXPECT_EQ(r.response_schema.value("type", ""), "string") << name << " answers " << r.response_media_type;
      const std::string& type = r.response_media_type;
      EXPECT_TRUE(r.response_media_types.empty() && (type.starts_with("text/") || type.ends_with("xml")))
          << name << " describes the content of a binary answer";
    }
  }
}

TEST_F(AppRoutesTest, EveryPermissionIsUsedByARoute) {
  std::set<std::string> used;
  for (const auto& r : app_->router().routes()) used.insert(r.permission);
  for (const auto& p : identity::permission_catalogue()) {
    EXPECT_TRUE(used.count(p.code)) << p.code << " is in the catalogue but no route requires it";
  }
}

/// Real answers of a demo company, sent through the request pipeline (or, for routes only a two-factor
/// administrator reaches, straight to the handler), checked against the response schema of their route.
class AnswerSchemaTest : public AppRoutesTest {
 protected:
  using json = nlohmann::json;

  struct Session {
    std::string cookie;
    std::string csrf;
  };

  void SetUp() override {
    AppRoutesTest::SetUp();
    ASSERT_EQ(app_->load_demo(), 0);
  }

  static http::Method method_of(const std::string& m) {
    if (m == "POST") return http::Method::kPost;
    if (m == "PUT") return http::Method::kPut;
    if (m == "PATCH") return http::Method::kPatch;
    if (m == "DELETE") return http::Method::kDelete;
    return http::Method::kGet;
  }

  /// The route serving `method` `target` (query ignored), with its path parameters.
  const http::Route& route_of(const std::string& method, const std::string& target,
                              std::map<std::string, std::string>* params = nullptr) {
    std::map<std::string, std::string> found;
    bool exists = false;
    const http::Route* r = app_->router().match(method_of(method), target.substr(0, target.find('?')), found, exists);
    if (r == nullptr) throw std::runtime_error("no route for " + method + " " + target);
    if (params) *params = found;
    return *r;
  }

  Session login(const std::string& username) {
    const auto r =
        app_->dispatcher().dispatch({.method = "POST",
                                     .target = "/api/v1/auth/login",
                                     .headers = {{"Content-Type", "application/json"}},
                                     .body = json{{"username", username}, {"password", kDemoPassword}}.dump(),
                                     .remote_ip = "127.0.0.1"});
    EXPECT_EQ(r.status, 200) << r.body;
    Session s;
    for (const auto& [name, value] : r.headers) {
      if (name == "Set-Cookie") s.cookie += (s.cookie.empty() ? "" : "; ") + value.substr(0, value.find(';'));
    }
    s.csrf = json::parse(r.body).value("csrf_token", "");
    return s;
  }

  /// Sends a request through the pipeline and checks the answer against its route's schema.
  json call(const Session* s, const std::string& method, const std::string& target, const json& body = nullptr) {
    http::RawRequest raw{.method = method, .target = target, .remote_ip = "127.0.0.1"};
    if (s) raw.headers = {{"Cookie", s->cookie}, {"X-CSRF-Token", s->csrf}};
    if (!body.is_null()) {
      raw.headers.emplace_back("Content-Type", "application/json");
      raw.body = body.dump();
    }
    const http::Response r = app_->dispatcher().dispatch(raw);
    return checked(method, target, r);
  }

  /// Calls the handler of the route directly as a caller holding `permissions` (bypassing sign-in).
  json call_as(std::vector<std::string> permissions, const std::string& method, const std::string& target) {
    http::Request req;
    req.method = method_of(method);
    req.path = target.substr(0, target.find('?'));
    const http::Route& route = route_of(method, target, &req.path_params);
    req.route = route.path;
    std::sort(permissions.begin(), permissions.end());
    req.principal.username = "schema-test";
    req.principal.data_scope = 3;
    req.principal.clearance = 4;
    req.principal.permissions = std::move(permissions);
    auto r = route.handler(req);
    if (!r.ok()) {
      ADD_FAILURE() << method << " " << target << " failed: " << r.error().message_key;
      return nullptr;
    }
    return checked(method, target, *r);
  }

  json checked(const std::string& method, const std::string& target, const http::Response& r) {
    const http::Route& route = route_of(method, target);
    const std::string name = method + " " + target;
    EXPECT_EQ(r.status, route.success_status) << name << ": " << r.body;
    if (r.status != route.success_status) return nullptr;
    const json body = json::parse(r.body);
    const auto problem = http::validate(route.response_schema, body);
    EXPECT_FALSE(problem) << name << " answers outside its declared schema: " << problem->message_key << " "
                          << problem->details.dump() << "\n"
                          << body.dump(2).substr(0, 4000);
    ++checked_;
    return body;
  }

  static constexpr const char* kDemoPassword = "Anxin#Demo2026";
  int checked_ = 0;
};

TEST_F(AnswerSchemaTest, IncidentAnswersMatchTheirSchemas) {
  const Session safety = login("safety");
  const json departments = call(&safety, "GET", "/api/v1/departments?page_size=200");
  ASSERT_FALSE(departments["items"].empty());
  std::int64_t department = 0;
  for (const auto& d : departments["items"]) {
    if (d.value("code", "") == "NANNY") department = d["id"].get<std::int64_t>();
  }
  ASSERT_NE(department, 0);
  const json incident =
      call(&safety, "POST", "/api/v1/incidents",
           {{"type", "customer_injury"},
            {"title", "Customer slipped on a wet floor"},
            {"department_id", department},
            {"place", "Chaoyang, building 3"},
            {"description", "Slipped in the kitchen during cleaning"},
            {"injuries", 1},
            {"people", {{{"role", "customer"}, {"name", "Chen Jing"}, {"order_ref", "SO-1"}, {"injured", true}}}}});
  ASSERT_TRUE(incident.contains("id"));
  // The check has teeth: an answer with a property its schema does not name is refused.
  json narrower = route_of("POST", "/api/v1/incidents").response_schema;
  narrower["properties"].erase("masked");
  EXPECT_TRUE(http::validate(narrower, incident));
  const std::string path = "/api/v1/incidents/" + std::to_string(incident["id"].get<std::int64_t>());
  const json task =
      call(&safety, "POST", path + "/tasks", {{"group_code", "rescue"}, {"title", "Take the customer to hospital"}});
  ASSERT_TRUE(task.contains("id"));
  call(&safety, "PATCH", path + "/tasks/" + std::to_string(task["id"].get<std::int64_t>()),
       {{"version", task["version"]}, {"status", "in_progress"}});
  const json detail = call(&safety, "GET", path);
  EXPECT_FALSE(detail["steps"].empty());
  EXPECT_FALSE(detail["levels"].empty());
  call(&safety, "GET", path + "/timeline");
  call(&safety, "GET", "/api/v1/incidents?page_size=50");
  call(&safety, "GET", "/api/v1/incidents/deadlines");
  call(&safety, "POST", path + "/level", {{"version", detail["version"]}, {"level", 3}, {"reason", "Hospitalised"}});
  EXPECT_EQ(checked_, 9);
}

TEST_F(AnswerSchemaTest, OrganisationAuditAndSystemAnswersMatchTheirSchemas) {
  const Session safety = login("safety");
  const json organisation = call(&safety, "GET", "/api/v1/emergency/organisation");
  EXPECT_FALSE(organisation["groups"].empty());
  call(&safety, "GET", "/api/v1/emergency/commander?level=1&department_id=1");
  call(&safety, "POST", "/api/v1/emergency/groups", {{"code", "press"}, {"name", "Press group"}});
  call(&safety, "GET", "/api/v1/warnings");
  call(nullptr, "GET", "/api/openapi.json");
  call(nullptr, "GET", "/healthz");
  ASSERT_EQ(app_->checkpoint_audit(), 0);
  call_as({"audit:log:read"}, "GET", "/api/v1/audit/logs?page_size=200");
  call_as({"audit:log:read"}, "GET", "/api/v1/audit/checkpoints");
  call_as({"audit:login_log:read"}, "GET", "/api/v1/audit/login-logs");
  call_as({"identity:role:read"}, "GET", "/api/v1/permissions");
  call_as({"identity:token:manage"}, "GET", "/api/v1/api-tokens");
  // The audit filter lists what the modules registered, including modules registered after audit.
  const json kinds = call_as({"audit:log:read"}, "GET", "/api/v1/audit/entity-kinds");
  EXPECT_EQ(kinds["items"].size(), app_->registry().audit_entity_kinds().size());
  EXPECT_NE(
      std::find(kinds["items"].begin(), kinds["items"].end(), json{{"module", "incidents"}, {"entity", "incident"}}),
      kinds["items"].end());
  const json figures = call(&safety, "GET", "/api/v1/dashboard/figures");
  EXPECT_FALSE(figures["items"].empty());
  call(&safety, "GET", "/api/v1/indicators");
  call(&safety, "GET",
       "/api/v1/indicators/incidents.open?from=2026-01-01T00:00:00Z&to=2027-01-01T00:00:00Z&period=month");
  EXPECT_EQ(checked_, 15);
}

}  // namespace
}  // namespace anxin::app
