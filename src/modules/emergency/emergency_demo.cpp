#include "modules/emergency/emergency_demo.hpp"

#include <stdexcept>

namespace anxin::emergency {

Status load_demo(OrganisationService& organisation, identity::DepartmentService& departments,
                 identity::UserService& users, const Caller& system, std::ostream& out) {
  // The emergency organisation of the demo company: GM leads, the deputy GM stands in; the safety
  // department's manager heads it and the rescue group; service heads answer for their departments.
  if (!organisation.get().leaders.empty()) return ok_status();
  auto id = [&](const char* username) -> std::int64_t {
    auto found = users.id_of(username);
    if (!found) throw std::runtime_error(std::string("demo account missing: ") + username);
    return *found;
  };
  auto department = [&](const char* code) -> std::int64_t {
    auto found = departments.find_by_code(code);
    if (!found) throw std::runtime_error(std::string("demo department missing: ") + code);
    return found->id;
  };
  auto step = [&](const auto& s) {
    if (!s.ok()) out << "demo: emergency organisation: " << s.error().message_key << "\n";
  };
  step(organisation.set_leaders(system, {{id("gm_chen"), "leader", id("deputy_zhou"), false},
                                         {id("deputy_zhou"), "deputy_leader", std::nullopt, false},
                                         {id("safety"), "member", std::nullopt, false}}));
  step(organisation.set_safety_department(system, department("SAFETY")));
  step(organisation.set_department_duty(
      system, department("SAFETY"), {id("safety"), std::nullopt, false, "制定应急预案，组织培训演练，现场救援指挥。"}));
  step(organisation.set_department_duty(system, department("SERVICE"),
                                        {id("svc_head"), std::nullopt, false, "服务现场处置，安抚客户，保护现场。"}));
  step(organisation.set_department_duty(system, department("CS"),
                                        {id("agent"), std::nullopt, false, "受理顾客报告，信息收集与沟通协调。"}));
  if (auto rescue = organisation.group_by_code("rescue")) {
    step(organisation.set_members(system, rescue->id,
                                  {{id("safety"), "head", "现场指挥与救援", std::nullopt, false},
                                   {id("cleaner"), "member", "现场协助", std::nullopt, false}}));
  }
  if (auto liaison = organisation.group_by_code("liaison")) {
    step(organisation.set_members(system, liaison->id,
                                  {{id("agent"), "head", "顾客沟通与信息汇总", std::nullopt, false}}));
  }
  return ok_status();
}

}  // namespace anxin::emergency
