#include "modules/emergency/organisation_service.hpp"

#include <algorithm>
#include <set>

namespace anxin::emergency {

std::string_view emergency_sql(std::string_view name);  // embedded queries/*.sql

namespace {

bool valid_code(const std::string& s) {
  if (s.empty() || s.size() > 32) return false;
  return std::all_of(s.begin(), s.end(),
                     [](char ch) { return (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_'; });
}

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

}  // namespace

std::optional<Error> OrganisationService::check_user(db::Conn& c, std::optional<std::int64_t> id, const char* field) {
  if (!id) return std::nullopt;
  if (!c.query_one(emergency_sql("user_active"), *id))
    return Error::invalid("emergency.user_invalid", {{"field", field}});
  return std::nullopt;
}

std::optional<WorkingGroup> OrganisationService::load_group(db::Conn& c, std::int64_t id) {
  auto row = c.query_one(emergency_sql("group_get"), id);
  if (!row) return std::nullopt;
  WorkingGroup g = group_from(*row);
  for (const auto& m : c.query(emergency_sql("members_of"), id)) {
    g.members.push_back({m.int64("user_id"), m.text("display_name"), m.text("role"), m.text("duties"),
                         m.opt_int64("stand_in_user_id"), m.int64("away") != 0});
  }
  return g;
}

std::vector<WorkingGroup> OrganisationService::load_groups(db::Conn& c) {
  std::vector<WorkingGroup> out;
  for (const auto& r : c.query(emergency_sql("groups_list"))) out.push_back(*load_group(c, r.int64("id")));
  return out;
}

Organisation OrganisationService::get() {
  return db_.read([&](db::Conn& c) {
    Organisation o;
    auto settings = c.query_one(emergency_sql("settings_get"));
    o.safety_department_id = settings->opt_int64("safety_department_id");
    o.settings_version = settings->int64("version");
    for (const auto& r : c.query(emergency_sql("leaders_list"))) {
      o.leaders.push_back({r.int64("user_id"), r.text("display_name"), r.text("position"),
                           r.opt_int64("stand_in_user_id"), r.int64("away") != 0, r.int64("sort_order")});
    }
    o.groups = load_groups(c);
    for (const auto& r : c.query(emergency_sql("department_heads_list"))) {
      o.departments.push_back({r.int64("department_id"), r.text("department_name"), r.opt_int64("head_user_id"),
                               r.opt_int64("stand_in_user_id"), r.int64("away") != 0, r.text("duties")});
    }
    return o;
  });
}

std::optional<WorkingGroup> OrganisationService::group_by_code(const std::string& code) {
  return db_.read([&](db::Conn& c) -> std::optional<WorkingGroup> {
    auto row = c.query_one(emergency_sql("group_by_code"), code);
    if (!row) return std::nullopt;
    return load_group(c, row->int64("id"));
  });
}

Status OrganisationService::set_leaders(const Caller& caller, const std::vector<LeaderInput>& leaders) {
  const auto count = [&](const char* position) {
    return std::count_if(leaders.begin(), leaders.end(), [&](const LeaderInput& l) { return l.position == position; });
  };
  if (count("leader") != 1) return Error::invalid("emergency.one_leader_required", {{"field", "leaders"}});
  if (count("deputy_leader") < 1) return Error::invalid("emergency.deputy_required", {{"field", "leaders"}});
  std::set<std::int64_t> seen;
  for (const auto& l : leaders) {
    if (!seen.insert(l.user_id).second) return Error::invalid("emergency.duplicate_person", {{"field", "leaders"}});
    if (l.stand_in_user_id == l.user_id)
      return Error::invalid("emergency.stand_in_self", {{"field", "stand_in_user_id"}});
  }
  return db_.write([&](db::Conn& c) -> Status {
    nlohmann::json before = nlohmann::json::array();
    for (const auto& r : c.query(emergency_sql("leaders_list"))) {
      before.push_back({{"user_id", r.int64("user_id")}, {"position", r.text("position")}});
    }
    c.exec(emergency_sql("leaders_clear"));
    nlohmann::json after = nlohmann::json::array();
    std::int64_t order = 0;
    for (const auto& l : leaders) {
      if (auto e = check_user(c, l.user_id, "user_id")) return *e;
      if (auto e = check_user(c, l.stand_in_user_id, "stand_in_user_id")) return *e;
      c.exec(emergency_sql("leader_insert"), l.user_id, l.position, l.stand_in_user_id, l.away, order++);
      after.push_back({{"user_id", l.user_id}, {"position", l.position}, {"away", l.away}});
    }
    audit_.append(c, {.actor = audit::Actor::of(caller),
                      .action = "update",
                      .entity = "emergency_leadership",
                      .before = {{"leaders", before}},
                      .after = {{"leaders", after}}});
    return ok_status();
  });
}

Result<WorkingGroup> OrganisationService::create_group(const Caller& caller, const std::string& code,
                                                       const std::string& name, const std::string& duties) {
  if (!valid_code(code)) return Error::invalid("common.field_format", {{"field", "code"}, {"format", "[a-z0-9_]"}});
  return db_.write([&](db::Conn& c) -> Result<WorkingGroup> {
    if (c.query_one(emergency_sql("group_by_code"), code))
      return Error::conflict("emergency.group_code_taken", {{"code", code}});
    const auto id =
        c.query_one(emergency_sql("group_insert"), code, name, duties, false, std::int64_t{100}, clock_.now_ms())
            ->int64("id");
    WorkingGroup g = *load_group(c, id);
    audit_.append(c, {.actor = audit::Actor::of(caller),
                      .action = "create",
                      .entity = "working_group",
                      .entity_id = std::to_string(id),
                      .after = {{"code", code}, {"name", name}}});
    return g;
  });
}

Result<WorkingGroup> OrganisationService::update_group(const Caller& caller, std::int64_t id, std::int64_t version,
                                                       std::optional<std::string> name,
                                                       std::optional<std::string> duties) {
  return db_.write([&](db::Conn& c) -> Result<WorkingGroup> {
    auto g = load_group(c, id);
    if (!g) return Error::not_found("emergency.group_not_found");
    if (g->version != version) return Error::conflict("common.version_conflict");
    if (c.exec(emergency_sql("group_update"), id, name.value_or(g->name), duties.value_or(g->duties), g->sort_order,
               clock_.now_ms(), version) != 1) {
      return Error::conflict("common.version_conflict");
    }
    WorkingGroup saved = *load_group(c, id);
    audit_.append(c, {.actor = audit::Actor::of(caller),
                      .action = "update",
                      .entity = "working_group",
                      .entity_id = std::to_string(id),
                      .before = {{"name", g->name}, {"duties", g->duties}},
                      .after = {{"name", saved.name}, {"duties", saved.duties}}});
    return saved;
  });
}

Status OrganisationService::delete_group(const Caller& caller, std::int64_t id) {
  return db_.write([&](db::Conn& c) -> Status {
    auto g = load_group(c, id);
    if (!g) return Error::not_found("emergency.group_not_found");
    if (g->builtin) return Error::conflict("emergency.group_builtin");
    c.exec(emergency_sql("group_delete"), id);
    audit_.append(c, {.actor = audit::Actor::of(caller),
                      .action = "delete",
                      .entity = "working_group",
                      .entity_id = std::to_string(id),
                      .before = {{"code", g->code}, {"name", g->name}}});
    return ok_status();
  });
}

Result<WorkingGroup> OrganisationService::set_members(const Caller& caller, std::int64_t group_id,
                                                      const std::vector<MemberInput>& members) {
  std::set<std::int64_t> seen;
  for (const auto& m : members) {
    if (!seen.insert(m.user_id).second) return Error::invalid("emergency.duplicate_person", {{"field", "members"}});
  }
  return db_.write([&](db::Conn& c) -> Result<WorkingGroup> {
    auto g = load_group(c, group_id);
    if (!g) return Error::not_found("emergency.group_not_found");
    c.exec(emergency_sql("members_clear"), group_id);
    for (const auto& m : members) {
      if (auto e = check_user(c, m.user_id, "user_id")) return *e;
      if (auto e = check_user(c, m.stand_in_user_id, "stand_in_user_id")) return *e;
      c.exec(emergency_sql("member_insert"), group_id, m.user_id, m.role, m.duties, m.stand_in_user_id, m.away);
    }
    WorkingGroup saved = *load_group(c, group_id);
    nlohmann::json ids = nlohmann::json::array();
    for (const auto& m : saved.members) ids.push_back({{"user_id", m.user_id}, {"role", m.role}});
    audit_.append(c, {.actor = audit::Actor::of(caller),
                      .action = "set_members",
                      .entity = "working_group",
                      .entity_id = std::to_string(group_id),
                      .after = {{"members", ids}}});
    return saved;
  });
}

Status OrganisationService::set_department_duty(const Caller& caller, std::int64_t department_id,
                                                const DepartmentDutyInput& input) {
  return db_.write([&](db::Conn& c) -> Status {
    if (!c.query_one(emergency_sql("department_parent"), department_id)) {
      return Error::not_found("identity.department_not_found");
    }
    if (auto e = check_user(c, input.head_user_id, "head_user_id")) return *e;
    if (auto e = check_user(c, input.stand_in_user_id, "stand_in_user_id")) return *e;
    c.exec(emergency_sql("department_head_upsert"), department_id, input.head_user_id, input.stand_in_user_id,
           input.away, input.duties, clock_.now_ms());
    audit_.append(
        c,
        {.actor = audit::Actor::of(caller),
         .action = "update",
         .entity = "department_duty",
         .entity_id = std::to_string(department_id),
         .department_id = department_id,
         .after = {{"head_user_id", input.head_user_id ? nlohmann::json(*input.head_user_id) : nlohmann::json(nullptr)},
                   {"away", input.away}}});
    return ok_status();
  });
}

Status OrganisationService::set_safety_department(const Caller& caller, std::int64_t department_id) {
  return db_.write([&](db::Conn& c) -> Status {
    if (!c.query_one(emergency_sql("department_parent"), department_id)) {
      return Error::invalid("identity.department_not_found", {{"field", "safety_department_id"}});
    }
    c.exec(emergency_sql("settings_set"), department_id, clock_.now_ms());
    audit_.append(c, {.actor = audit::Actor::of(caller),
                      .action = "update",
                      .entity = "emergency_settings",
                      .after = {{"safety_department_id", department_id}}});
    return ok_status();
  });
}

std::optional<std::int64_t> OrganisationService::department_head(db::Conn& c, std::int64_t department_id) {
  std::optional<std::int64_t> dept = department_id;
  // Walk up the tree until a unit with a head is found (a team without its own head reports to
  // the head of its department).
  for (int depth = 0; dept && depth < 32; ++depth) {
    if (auto h = c.query_one(emergency_sql("department_head_get"), *dept); h && !h->is_null("head_user_id")) {
      if (h->int64("away") != 0 && !h->is_null("stand_in_user_id")) return h->int64("stand_in_user_id");
      return h->int64("head_user_id");
    }
    auto parent = c.query_one(emergency_sql("department_parent"), *dept);
    dept = parent ? parent->opt_int64("parent_id") : std::nullopt;
  }
  return std::nullopt;
}

Result<Commander> OrganisationService::commander_for(db::Conn& c, int level, std::int64_t department_id) {
  if (level < 1 || level > 4) return Error::invalid("emergency.level_invalid", {{"field", "level"}});
  auto from_leaders = [&](const char* position, const char* rule) -> Result<Commander> {
    for (const auto& r : c.query(emergency_sql("leaders_list"))) {
      if (r.text("position") != position) continue;
      Commander cmd{r.int64("user_id"), rule, std::nullopt};
      if (r.int64("away") != 0 && !r.is_null("stand_in_user_id")) {
        cmd.standing_in_for = cmd.user_id;
        cmd.user_id = r.int64("stand_in_user_id");
      }
      return cmd;
    }
    return Error::conflict("emergency.no_commander", {{"level", level}});
  };
  if (level == 1) return from_leaders("leader", "leader");
  if (level == 2) return from_leaders("deputy_leader", "deputy_leader");
  if (level == 3) {
    auto settings = c.query_one(emergency_sql("settings_get"));
    const auto safety = settings->opt_int64("safety_department_id");
    if (!safety) return Error::conflict("emergency.no_commander", {{"level", level}});
    auto head = department_head(c, *safety);
    if (!head) return Error::conflict("emergency.no_commander", {{"level", level}});
    return Commander{*head, "safety_department_head", std::nullopt};
  }
  auto head = department_head(c, department_id);
  if (!head) return Error::conflict("emergency.no_commander", {{"level", level}});
  return Commander{*head, "department_head", std::nullopt};
}

Result<Commander> OrganisationService::commander_for(int level, std::int64_t department_id) {
  return db_.read([&](db::Conn& c) { return commander_for(c, level, department_id); });
}

bool OrganisationService::group_exists(db::Conn& c, const std::string& code) {
  return c.query_one(emergency_sql("group_by_code"), code).has_value();
}

bool OrganisationService::in_leadership(db::Conn& c, std::int64_t user_id) {
  return c.query_one(emergency_sql("leader_position"), user_id).has_value();
}

Status OrganisationService::ensure_builtin_groups() {
  return db_.write([&](db::Conn& c) -> Status {
    std::int64_t order = 0;
    for (const auto& g : builtin_groups()) {
      if (!c.query_one(emergency_sql("group_by_code"), std::string(g.code))) {
        c.exec(emergency_sql("group_insert"), std::string(g.code), std::string(g.name), std::string(g.duties), true,
               order, clock_.now_ms());
      }
      ++order;
    }
    return ok_status();
  });
}

}  // namespace anxin::emergency
