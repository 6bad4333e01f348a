#include "modules/emergency/emergency_module.hpp"

#include "modules/emergency/emergency_demo.hpp"
#include "modules/emergency/emergency_routes.hpp"
#include "modules/emergency/organisation_service.hpp"

namespace anxin::emergency {

void register_module(extend::Registry& r) {
  auto& organisation =
      r.provide(std::make_unique<OrganisationService>(r.db(), r.clock(), r.service<audit::AuditSink>()));
  if (auto s = organisation.ensure_builtin_groups(); !s.ok()) throw std::runtime_error("cannot create working groups");
  register_routes(r.router(), organisation);
  r.audit_entities({"emergency_leadership", "emergency_settings", "department_duty", "working_group"});
  auto& departments = r.service<identity::DepartmentService>();
  auto& users = r.service<identity::UserService>();
  r.demo([&organisation, &departments, &users](extend::DemoContext& ctx) {
    return load_demo(organisation, departments, users, ctx.system, ctx.out);
  });
}

}  // namespace anxin::emergency
