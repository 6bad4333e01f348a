#include "modules/identity/identity_module.hpp"

#include "modules/identity/auth_service.hpp"
#include "modules/identity/department_service.hpp"
#include "modules/identity/identity_demo.hpp"
#include "modules/identity/identity_middleware.hpp"
#include "modules/identity/identity_routes.hpp"
#include "modules/identity/post_service.hpp"
#include "modules/identity/role_service.hpp"
#include "modules/identity/user_service.hpp"
#include "platform/log/log.hpp"

namespace anxin::identity {

void register_module(extend::Registry& r) {
  const auto& config = r.config();
  for (const char* column : {"phone_enc", "id_number_enc", "bank_account_enc", "address_enc", "totp_secret_enc"}) {
    r.encrypted_column({.table = "users", .column = column});
  }
  AuthOptions options;
  options.session_idle_ms = config.security_session_idle_minutes * 60 * 1000;
  options.session_absolute_ms = config.security_session_absolute_hours * 3600 * 1000;
  options.lockout_threshold = static_cast<int>(config.security_lockout_threshold);
  options.lockout_ms = config.security_lockout_minutes * 60 * 1000;
  options.policy.profile = config.security_password_profile;
  auto& audit = r.service<audit::AuditSink>();
  auto& auth = r.provide(std::make_unique<AuthService>(r.db(), r.clock(), r.keys(), audit, options));
  auto& departments = r.provide(std::make_unique<DepartmentService>(r.db(), r.clock(), audit));
  auto& users = r.provide(std::make_unique<UserService>(r.db(), r.clock(), r.keys(), audit, auth));
  auto& roles = r.provide(std::make_unique<RoleService>(r.db(), r.clock(), audit));
  auto& posts = r.provide(std::make_unique<PostService>(r.db(), r.clock(), audit));
  // Written once every module has added its permissions and roles.
  r.lifecycle().on_registered.push_back([&roles] {
    if (auto s = roles.ensure_builtin_roles(); !s.ok()) throw std::runtime_error("cannot create the built-in roles");
  });

  register_routes(r.router(), {departments, users, roles, posts, auth}, !config.tls_cert.empty());
  r.middleware(authentication_middleware(auth));
  r.audit_entities({"user", "department", "role", "post", "api_token"});
  r.periodic("sessions.expire", std::chrono::minutes(10), [&auth] {
    const auto removed = auth.expire_sessions();
    if (removed > 0) log::info("sessions.expired", {{"removed", removed}});
  });
  r.demo([&departments, &roles, &users](extend::DemoContext& ctx) {
    return load_demo(departments, roles, users, ctx.out);
  });
}

}  // namespace anxin::identity
