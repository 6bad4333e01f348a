#include "modules/partners/partners_module.hpp"

#include "modules/identity/permissions.hpp"
#include "modules/identity/user_service.hpp"
#include "modules/partners/partner_routes.hpp"
#include "modules/partners/partners_demo.hpp"
#include "platform/log/log.hpp"

namespace anxin::partners {

void register_module(extend::Registry& r) {
  identity::add_permissions({
      {"partners:partner:read", "查看合作方", "View partners"},
      {"partners:partner:manage", "登记与评价合作方", "Register and evaluate partners"},
  });
  identity::grant_builtin("safety_manager", {"partners:partner:read", "partners:partner:manage"});
  identity::grant_builtin("dept_head", {"partners:partner:read", "partners:partner:manage"});
  identity::grant_builtin("dispatcher", {"partners:partner:read"});
  identity::grant_builtin("hr_officer", {"partners:partner:read"});

  r.encrypted_column({.table = "partners", .column = "contact_phone_enc"});
  r.free_text({.table = "partner_evaluations", .column = "notes_enc", .data_class = 3, .label_key = "fields.note"});

  auto* notifier = r.find<notify::Notifier>();
  auto& partners =
      r.provide(std::make_unique<PartnerService>(r.db(), r.clock(), r.keys(), r.service<audit::AuditSink>(), notifier));
  if (notifier != nullptr) PartnerService::register_templates(*notifier);
  register_routes(r.router(), partners);
  r.daily_job(kDueJob, [&partners, &r](db::Conn& c, const nlohmann::json&) -> Status {
    log::info("partners.evaluation_due", {{"due", partners.remind_due(c, r.clock().now_ms())}});
    return ok_status();
  });
  r.audit_entities({"partner"});
  r.demo([&partners, &r](extend::DemoContext& ctx) {
    return load_demo(r.clock(), partners, r.service<identity::UserService>(), ctx);
  });
}

}  // namespace anxin::partners
