#include "modules/emergency/organisation_service.hpp"

#include <algorithm>
#include <set>
#include <unordered_map>

namespace anxin::emergency {

namespace {

bool valid_code(const std::string& s) {
  if (s.empty() || s.size() > 32) return false;
  return std::all_of(s.begin(), s.end(),
                     [](char ch) { return (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_'; });
}

}  // namespace

std::optional<Error> OrganisationService::check_user(db::Conn& c, std::optional<std::int64_t> id, const char* field) {
  if (!id) return std::nullopt;
  if (!directory_.user_active(c, *id)) return Error::invalid("emergency.user_invalid", {{"field", field}});
  return std::nullopt;
}

WorkingGroup OrganisationService::with_members(db::Conn& c, WorkingGroup g, identity::NameLookup& names) {
  for (auto& m : repo_.members(c, g.id)) {
    // Only people identity knows are listed (the members' user ids reference its accounts).
    auto name = names.user(m.user_id);
    if (!name) continue;
    m.display_name = std::move(*name);
    g.members.push_back(std::move(m));
  }
  return g;
}

std::optional<WorkingGroup> OrganisationService::load_group(db::Conn& c, std::int64_t id) {
  auto g = repo_.group(c, id);
  if (!g) return std::nullopt;
  identity::NameLookup names(directory_, c);
  return with_members(c, std::move(*g), names);
}

std::vector<WorkingGroup> OrganisationService::load_groups(db::Conn& c, identity::NameLookup& names) {
  std::vector<WorkingGroup> out;
  for (auto& g : repo_.groups(c)) out.push_back(with_members(c, std::move(g), names));
  return out;
}

Organisation OrganisationService::get() {
  return db_.read([&](db::Conn& c) {
    Organisation o;
    const auto settings = repo_.settings(c);
    o.safety_department_id = settings.safety_department_id;
    o.settings_version = settings.version;
    identity::NameLookup names(directory_, c);
    for (auto& l : repo_.leaders(c)) {
      auto name = names.user(l.user_id);
      if (!name) continue;
      l.display_name = std::move(*name);
      o.leaders.push_back(std::move(l));
    }
    o.groups = load_groups(c, names);
    // Department duties in the order of the department tree (parents before their children).
    std::unordered_map<std::int64_t, DepartmentDuty> duties;
    for (auto& d : repo_.department_duties(c)) {
      const auto id = d.department_id;
      duties.emplace(id, std::move(d));
    }
    if (!duties.empty()) {
      for (const auto& dept : directory_.departments_by_path(c)) {
        auto it = duties.find(dept.id);
        if (it == duties.end()) continue;
        it->second.department_name = dept.name;
        o.departments.push_back(std::move(it->second));
      }
    }
    return o;
  });
}

std::optional<WorkingGroup> OrganisationService::group_by_code(const std::string& code) {
  return db_.read([&](db::Conn& c) -> std::optional<WorkingGroup> {
    auto g = repo_.group_by_code(c, code);
    if (!g) return std::nullopt;
    return load_group(c, g->id);
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
    for (const auto& l : repo_.leaders(c)) before.push_back({{"user_id", l.user_id}, {"position", l.position}});
    repo_.clear_leaders(c);
    nlohmann::json after = nlohmann::json::array();
    std::int64_t order = 0;
    for (const auto& l : leaders) {
      if (auto e = check_user(c, l.user_id, "user_id")) return *e;
      if (auto e = check_user(c, l.stand_in_user_id, "stand_in_user_id")) return *e;
      repo_.insert_leader(c, {l.user_id, std::string(), l.position, l.stand_in_user_id, l.away, order++});
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
    if (repo_.group_by_code(c, code)) return Error::conflict("emergency.group_code_taken", {{"code", code}});
    const auto id = repo_.insert_group(c, code, name, duties, false, std::int64_t{100}, clock_.now_ms());
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
    if (!repo_.update_group(c, id, name.value_or(g->name), duties.value_or(g->duties), g->sort_order, clock_.now_ms(),
                            version)) {
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
    repo_.delete_group(c, id);
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
    repo_.clear_members(c, group_id);
    for (const auto& m : members) {
      if (auto e = check_user(c, m.user_id, "user_id")) return *e;
      if (auto e = check_user(c, m.stand_in_user_id, "stand_in_user_id")) return *e;
      repo_.insert_member(c, group_id, {m.user_id, std::string(), m.role, m.duties, m.stand_in_user_id, m.away});
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
    if (!directory_.department(c, department_id)) return Error::not_found("identity.department_not_found");
    if (auto e = check_user(c, input.head_user_id, "head_user_id")) return *e;
    if (auto e = check_user(c, input.stand_in_user_id, "stand_in_user_id")) return *e;
    repo_.upsert_department_duty(
        c, {department_id, std::string(), input.head_user_id, input.stand_in_user_id, input.away, input.duties},
        clock_.now_ms());
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
    if (!directory_.department(c, department_id)) {
      return Error::invalid("identity.department_not_found", {{"field", "safety_department_id"}});
    }
    repo_.set_safety_department(c, department_id, clock_.now_ms());
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
    if (auto h = repo_.department_duty(c, *dept); h && h->head_user_id) {
      if (h->away && h->stand_in_user_id) return *h->stand_in_user_id;
      return *h->head_user_id;
    }
    auto d = directory_.department(c, *dept);
    dept = d ? d->parent_id : std::nullopt;
  }
  return std::nullopt;
}

Result<Commander> OrganisationService::commander_for(db::Conn& c, int level, std::int64_t department_id) {
  if (level < 1 || level > 4) return Error::invalid("emergency.level_invalid", {{"field", "level"}});
  auto from_leaders = [&](const char* position, const char* rule) -> Result<Commander> {
    for (const auto& l : repo_.leaders(c)) {
      if (l.position != position) continue;
      Commander cmd{l.user_id, rule, std::nullopt};
      if (l.away && l.stand_in_user_id) {
        cmd.standing_in_for = cmd.user_id;
        cmd.user_id = *l.stand_in_user_id;
      }
      return cmd;
    }
    return Error::conflict("emergency.no_commander", {{"level", level}});
  };
  if (level == 1) return from_leaders("leader", "leader");
  if (level == 2) return from_leaders("deputy_leader", "deputy_leader");
  if (level == 3) {
    const auto safety = repo_.settings(c).safety_department_id;
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
  return repo_.group_by_code(c, code).has_value();
}

bool OrganisationService::in_leadership(db::Conn& c, std::int64_t user_id) { return repo_.in_leadership(c, user_id); }

Status OrganisationService::ensure_builtin_groups() {
  return db_.write([&](db::Conn& c) -> Status {
    std::int64_t order = 0;
    for (const auto& g : builtin_groups()) {
      if (!repo_.group_by_code(c, std::string(g.code))) {
        repo_.insert_group(c, std::string(g.code), std::string(g.name), std::string(g.duties), true, order,
                           clock_.now_ms());
      }
      ++order;
    }
    return ok_status();
  });
}

}  // namespace anxin::emergency
