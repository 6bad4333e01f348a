#include "modules/emergency/organisation_repository.hpp"

namespace anxin::emergency {

std::string_view emergency_sql(std::string_view name);  // embedded queries/*.sql

namespace {

WorkingGroup group_from(const db::Row& r) {
  WorkingGroup g;
  g.id = r.int64("id");
  g.code = r.text("code");
  g.name = r.text("name");
  g.duties = r.text("duties");
  g.builtin = r.int64("builtin") != 0;
  g.sort_order = r.int64("sort_order");
  g.version = r.int64("version");
  return g;
}

DepartmentDuty duty_from(const db::Row& r) {
  DepartmentDuty d;
  d.department_id = r.int64("department_id");
  d.head_user_id = r.opt_int64("head_user_id");
  d.stand_in_user_id = r.opt_int64("stand_in_user_id");
  d.away = r.int64("away") != 0;
  d.duties = r.text("duties");
  return d;
}

}  // namespace

OrganisationSettings OrganisationRepository::settings(db::Conn& c) {
  auto r = c.query_one(emergency_sql("settings_get"));
  return {r->opt_int64("safety_department_id"), r->int64("version")};
}

void OrganisationRepository::set_safety_department(db::Conn& c, std::int64_t department_id, TimestampMs now) {
  c.exec(emergency_sql("settings_set"), department_id, now);
}

std::vector<Leader> OrganisationRepository::leaders(db::Conn& c) {
  std::vector<Leader> out;
  for (const auto& r : c.query(emergency_sql("leaders_list"))) {
    out.push_back({r.int64("user_id"), std::string(), r.text("position"), r.opt_int64("stand_in_user_id"),
                   r.int64("away") != 0, r.int64("sort_order")});
  }
  return out;
}

void OrganisationRepository::clear_leaders(db::Conn& c) { c.exec(emergency_sql("leaders_clear")); }

void OrganisationRepository::insert_leader(db::Conn& c, const Leader& l) {
  c.exec(emergency_sql("leader_insert"), l.user_id, l.position, l.stand_in_user_id, l.away, l.sort_order);
}

bool OrganisationRepository::in_leadership(db::Conn& c, std::int64_t user_id) {
  return c.query_one(emergency_sql("leader_position"), user_id).has_value();
}

std::optional<WorkingGroup> OrganisationRepository::group(db::Conn& c, std::int64_t id) {
  auto row = c.query_one(emergency_sql("group_get"), id);
  if (!row) return std::nullopt;
  return group_from(*row);
}

std::optional<WorkingGroup> OrganisationRepository::group_by_code(db::Conn& c, const std::string& code) {
  auto row = c.query_one(emergency_sql("group_by_code"), code);
  if (!row) return std::nullopt;
  return group_from(*row);
}

std::vector<WorkingGroup> OrganisationRepository::groups(db::Conn& c) {
  std::vector<WorkingGroup> out;
  for (const auto& r : c.query(emergency_sql("groups_list"))) out.push_back(group_from(r));
  return out;
}

std::int64_t OrganisationRepository::insert_group(db::Conn& c, const std::string& code, const std::string& name,
                                                  const std::string& duties, bool builtin, std::int64_t sort_order,
                                                  TimestampMs now) {
  return c.query_one(emergency_sql("group_insert"), code, name, duties, builtin, sort_order, now)->int64("id");
}

bool OrganisationRepository::update_group(db::Conn& c, std::int64_t id, const std::string& name,
                                          const std::string& duties, std::int64_t sort_order, TimestampMs now,
                                          std::int64_t expected_version) {
  return c.exec(emergency_sql("group_update"), id, name, duties, sort_order, now, expected_version) == 1;
}

void OrganisationRepository::delete_group(db::Conn& c, std::int64_t id) { c.exec(emergency_sql("group_delete"), id); }

std::vector<GroupMember> OrganisationRepository::members(db::Conn& c, std::int64_t group_id) {
  std::vector<GroupMember> out;
  for (const auto& m : c.query(emergency_sql("members_of"), group_id)) {
    out.push_back({m.int64("user_id"), std::string(), m.text("role"), m.text("duties"), m.opt_int64("stand_in_user_id"),
                   m.int64("away") != 0});
  }
  return out;
}

void OrganisationRepository::clear_members(db::Conn& c, std::int64_t group_id) {
  c.exec(emergency_sql("members_clear"), group_id);
}

void OrganisationRepository::insert_member(db::Conn& c, std::int64_t group_id, const GroupMember& m) {
  c.exec(emergency_sql("member_insert"), group_id, m.user_id, m.role, m.duties, m.stand_in_user_id, m.away);
}

std::optional<DepartmentDuty> OrganisationRepository::department_duty(db::Conn& c, std::int64_t department_id) {
  auto row = c.query_one(emergency_sql("department_head_get"), department_id);
  if (!row) return std::nullopt;
  return duty_from(*row);
}

std::vector<DepartmentDuty> OrganisationRepository::department_duties(db::Conn& c) {
  std::vector<DepartmentDuty> out;
  for (const auto& r : c.query(emergency_sql("department_heads_list"))) out.push_back(duty_from(r));
  return out;
}

void OrganisationRepository::upsert_department_duty(db::Conn& c, const DepartmentDuty& d, TimestampMs now) {
  c.exec(emergency_sql("department_head_upsert"), d.department_id, d.head_user_id, d.stand_in_user_id, d.away, d.duties,
         now);
}

}  // namespace anxin::emergency
