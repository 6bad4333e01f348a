#include "modules/emergency/organisation.hpp"

namespace anxin::emergency {
namespace {
nlohmann::json opt(const std::optional<std::int64_t>& v) { return v ? nlohmann::json(*v) : nlohmann::json(nullptr); }

nlohmann::json str() { return {{"type", "string"}}; }
nlohmann::json int_() { return {{"type", "integer"}}; }
nlohmann::json int_or_null() { return {{"type", {"integer", "null"}}}; }
nlohmann::json boolean() { return {{"type", "boolean"}}; }
nlohmann::json one_of(std::initializer_list<const char*> values) {
  return {{"type", "string"}, {"enum", std::vector<std::string>(values.begin(), values.end())}};
}
nlohmann::json array_of(nlohmann::json items) { return {{"type", "array"}, {"items", std::move(items)}}; }
}  // namespace

const std::vector<BuiltinGroup>& builtin_groups() {
  static const std::vector<BuiltinGroup> kGroups = {
      {"rescue", "应急救援组", "现场救援、伤员救治、事故现场保护；预警发布后集结待命。"},
      {"logistics", "后勤保障组", "应急物资的采购、储备、调配，应急期间的生活保障与资金支持。"},
      {"liaison", "信息联络组", "收集、汇总、传递应急信息，与主管部门、政府部门、媒体及顾客保持沟通。"},
      {"investigation", "事故调查组", "调查事件原因、认定责任，提出处理建议和改进措施。"},
  };
  return kGroups;
}

nlohmann::json to_json(const WorkingGroup& g) {
  nlohmann::json members = nlohmann::json::array();
  for (const auto& m : g.members) {
    members.push_back({{"user_id", m.user_id},
                       {"display_name", m.display_name},
                       {"role", m.role},
                       {"duties", m.duties},
                       {"stand_in_user_id", opt(m.stand_in_user_id)},
                       {"away", m.away}});
  }
  return {{"id", g.id},         {"code", g.code},       {"name", g.name},
          {"duties", g.duties}, {"builtin", g.builtin}, {"sort_order", g.sort_order},
          {"members", members}, {"version", g.version}};
}

nlohmann::json to_json(const Organisation& o) {
  nlohmann::json leaders = nlohmann::json::array();
  for (const auto& l : o.leaders) {
    leaders.push_back({{"user_id", l.user_id},
                       {"display_name", l.display_name},
                       {"position", l.position},
                       {"stand_in_user_id", opt(l.stand_in_user_id)},
                       {"away", l.away},
                       {"sort_order", l.sort_order}});
  }
  nlohmann::json groups = nlohmann::json::array();
  for (const auto& g : o.groups) groups.push_back(to_json(g));
  nlohmann::json departments = nlohmann::json::array();
  for (const auto& d : o.departments) {
    departments.push_back({{"department_id", d.department_id},
                           {"department_name", d.department_name},
                           {"head_user_id", opt(d.head_user_id)},
                           {"stand_in_user_id", opt(d.stand_in_user_id)},
                           {"away", d.away},
                           {"duties", d.duties}});
  }
  return {{"safety_department_id", opt(o.safety_department_id)},
          {"leaders", leaders},
          {"groups", groups},
          {"departments", departments},
          {"settings_version", o.settings_version}};
}

nlohmann::json to_json(const Commander& c) {
  return {{"user_id", c.user_id}, {"rule", c.rule}, {"standing_in_for", opt(c.standing_in_for)}};
}

nlohmann::json working_group_schema() {
  const nlohmann::json member = {
      {"type", "object"},
      {"required", {"user_id", "display_name", "role", "duties", "stand_in_user_id", "away"}},
      {"properties",
       {{"user_id", int_()},
        {"display_name", str()},
        {"role", one_of({"head", "member"})},
        {"duties", str()},
        {"stand_in_user_id", int_or_null()},
        {"away", boolean()}}}};
  return {{"type", "object"},
          {"required", {"id", "code", "name", "duties", "builtin", "sort_order", "members", "version"}},
          {"properties",
           {{"id", int_()},
            {"code", str()},
            {"name", str()},
            {"duties", str()},
            {"builtin", boolean()},
            {"sort_order", int_()},
            {"members", array_of(member)},
            {"version", int_()}}}};
}

nlohmann::json organisation_schema() {
  const nlohmann::json leader = {
      {"type", "object"},
      {"required", {"user_id", "display_name", "position", "stand_in_user_id", "away", "sort_order"}},
      {"properties",
       {{"user_id", int_()},
        {"display_name", str()},
        {"position", one_of({"leader", "deputy_leader", "member"})},
        {"stand_in_user_id", int_or_null()},
        {"away", boolean()},
        {"sort_order", int_()}}}};
  const nlohmann::json department = {
      {"type", "object"},
      {"required", {"department_id", "department_name", "head_user_id", "stand_in_user_id", "away", "duties"}},
      {"properties",
       {{"department_id", int_()},
        {"department_name", str()},
        {"head_user_id", int_or_null()},
        {"stand_in_user_id", int_or_null()},
        {"away", boolean()},
        {"duties", str()}}}};
  return {{"type", "object"},
          {"required", {"safety_department_id", "leaders", "groups", "departments", "settings_version"}},
          {"properties",
           {{"safety_department_id", int_or_null()},
            {"leaders", array_of(leader)},
            {"groups", array_of(working_group_schema())},
            {"departments", array_of(department)},
            {"settings_version", int_()}}}};
}

nlohmann::json commander_schema() {
  return {{"type", "object"},
          {"required", {"user_id", "rule", "standing_in_for"}},
          {"properties",
           {{"user_id", int_()},
            {"rule", one_of({"leader", "deputy_leader", "safety_department_head", "department_head"})},
            {"standing_in_for",
             {{"type", {"integer", "null"}}, {"description", "The away user this stand-in acts for."}}}}}};
}

}  // namespace anxin::emergency
