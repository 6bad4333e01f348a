#include "modules/identity/department_service.hpp"

#include <algorithm>
#include <map>

#include "modules/identity/scope.hpp"

namespace anxin::identity {

bool valid_department_code(const std::string& code) {
  if (code.empty() || code.size() > 32) return false;
  return std::all_of(code.begin(), code.end(), [](char ch) {
    return (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_' || ch == '-';
  });
}

namespace {
nlohmann::json audit_json(const Department& d) {
  nlohmann::json j = to_json(d);
  j.erase("created_at");
  j.erase("updated_at");
  return j;
}
Error code_taken(const std::string& code) {
  return Error::conflict("identity.department_code_taken", {{"code", code}});
}
Error name_taken(const std::string& name) {
  return Error::conflict("identity.department_name_taken", {{"name", name}});
}
Error bad_code() { return Error::invalid("common.field_format", {{"field", "code"}, {"format", "[A-Za-z0-9_-]"}}); }
}  // namespace

Result<Department> DepartmentService::create_in(db::Conn& c, const Caller& caller, const NewDepartment& input) {
  std::string parent_path = "/";
  if (input.parent_id) {
    auto parent = repo_.get(c, *input.parent_id);
    if (!parent || (caller.authenticated() && !department_in_scope(caller, parent->id, parent->path))) {
      return Error::invalid("identity.department_parent_invalid", {{"field", "parent_id"}});
    }
    parent_path = parent->path;
  } else if (caller.authenticated() && caller.data_scope < 3) {
    // Only callers with the whole company in scope may add top-level units.
    return Error::invalid("identity.department_parent_invalid", {{"field", "parent_id"}});
  }
  if (repo_.code_taken(c, input.code, 0)) return code_taken(input.code);
  if (repo_.name_taken(c, input.parent_id, input.name, 0)) return name_taken(input.name);
  const std::int64_t id = repo_.insert(c, input, clock_.now_ms());
  repo_.set_path(c, id, parent_path + std::to_string(id) + "/");
  Department made = *repo_.get(c, id);
  audit_.append(c, {.actor = audit::Actor::of(caller),
                    .action = "create",
                    .entity = "department",
                    .entity_id = std::to_string(id),
                    .department_id = id,
                    .after = audit_json(made)});
  return made;
}

Result<Department> DepartmentService::create(const Caller& caller, const NewDepartment& input) {
  if (!valid_department_code(input.code)) return bad_code();
  return db_.write([&](db::Conn& c) { return create_in(c, caller, input); });
}

Result<Department> DepartmentService::update(const Caller& caller, std::int64_t id, const DepartmentPatch& patch) {
  if (patch.code && !valid_department_code(*patch.code)) return bad_code();
  return db_.write([&](db::Conn& c) -> Result<Department> {
    auto current = repo_.get(c, id);
    if (!current || !department_in_scope(caller, current->id, current->path)) {
      return Error::not_found("identity.department_not_found");
    }
    if (current->version != patch.version) return Error::conflict("common.version_conflict");
    Department next = *current;
    if (patch.name) next.name = *patch.name;
    if (patch.code) next.code = *patch.code;
    if (patch.sort_order) next.sort_order = *patch.sort_order;
    if (patch.phone) next.phone = *patch.phone;
    if (patch.active) next.active = *patch.active;
    std::string new_path = current->path;
    if (patch.parent_id && *patch.parent_id != current->parent_id) {
      next.parent_id = *patch.parent_id;
      std::string parent_path = "/";
      if (next.parent_id) {
        auto parent = repo_.get(c, *next.parent_id);
        if (!parent || !department_in_scope(caller, parent->id, parent->path)) {
          return Error::invalid("identity.department_parent_invalid", {{"field", "parent_id"}});
        }
        // The new parent must not be this unit or lie below it.
        if (parent->path.starts_with(current->path)) {
          return Error::invalid("identity.department_cycle", {{"field", "parent_id"}});
        }
        parent_path = parent->path;
      }
      new_path = parent_path + std::to_string(id) + "/";
    }
    if (next.code != current->code && repo_.code_taken(c, next.code, id)) return code_taken(next.code);
    if ((next.name != current->name || next.parent_id != current->parent_id) &&
        repo_.name_taken(c, next.parent_id, next.name, id)) {
      return name_taken(next.name);
    }
    if (!repo_.update(c, next, patch.version, clock_.now_ms())) return Error::conflict("common.version_conflict");
    if (new_path != current->path) repo_.move_subtree(c, current->path, new_path);
    Department saved = *repo_.get(c, id);
    audit_.append(c, {.actor = audit::Actor::of(caller),
                      .action = "update",
                      .entity = "department",
                      .entity_id = std::to_string(id),
                      .department_id = id,
                      .before = audit_json(*current),
                      .after = audit_json(saved)});
    return saved;
  });
}

Status DepartmentService::remove(const Caller& caller, std::int64_t id) {
  return db_.write([&](db::Conn& c) -> Status {
    auto current = repo_.get(c, id);
    if (!current || !department_in_scope(caller, current->id, current->path)) {
      return Error::not_found("identity.department_not_found");
    }
    if (repo_.count_children(c, id) > 0) return Error::conflict("identity.department_has_children");
    if (repo_.user_count(c, id) > 0) {
      return Error::conflict("identity.department_in_use");
    }
    repo_.remove(c, id);
    audit_.append(c, {.actor = audit::Actor::of(caller),
                      .action = "delete",
                      .entity = "department",
                      .entity_id = std::to_string(id),
                      .department_id = id,
                      .before = audit_json(*current)});
    return ok_status();
  });
}

Result<Department> DepartmentService::get(std::int64_t id) {
  auto d = db_.read([&](db::Conn& c) { return repo_.get(c, id); });
  if (!d) return Error::not_found("identity.department_not_found");
  return *d;
}

Result<PageOf<Department>> DepartmentService::list(const DepartmentFilter& filter, const PageRequest& page) {
  return db_.read([&](db::Conn& c) { return repo_.list(c, filter, page); });
}

std::optional<Department> DepartmentService::find_by_code(const std::string& code) {
  return db_.read([&](db::Conn& c) { return repo_.find_by_code(c, code); });
}

std::vector<std::int64_t> DepartmentService::subtree_ids(std::int64_t id) {
  return db_.read([&](db::Conn& c) { return repo_.subtree_ids(c, id); });
}

std::vector<DepartmentNode> DepartmentService::tree() {
  const auto all = db_.read([&](db::Conn& c) { return repo_.all(c); });
  std::map<std::optional<std::int64_t>, std::vector<const Department*>> by_parent;
  for (const auto& d : all) by_parent[d.parent_id].push_back(&d);
  std::function<std::vector<DepartmentNode>(std::optional<std::int64_t>)> build = [&](std::optional<std::int64_t> p) {
    std::vector<DepartmentNode> out;
    for (const Department* d : by_parent[p]) out.push_back({*d, build(d->id)});
    return out;
  };
  return build(std::nullopt);
}

Result<int> DepartmentService::load_demo() {
  // A fictional household-service company: head office, the safety department the emergency
  // measures call for, the service lines that send workers into homes, and two branches.
  struct Unit {
    const char* code;
    const char* parent;
    const char* name;
    const char* kind;
    const char* phone;
  };
  static constexpr Unit kUnits[] = {
      {"HQ", nullptr, "安心家政服务有限公司", "company", "010-6500 8000"},
      {"GM", "HQ", "总经理办公室", "department", "010-6500 8001"},
      {"SAFETY", "HQ", "安全管理部", "department", "010-6500 8010"},
      {"CS", "HQ", "客户服务中心", "department", "400-800-8000"},
      {"SERVICE", "HQ", "家政服务部", "department", "010-6500 8020"},
      {"NANNY", "SERVICE", "育儿嫂组", "team", nullptr},
      {"MATERNITY", "SERVICE", "月嫂组", "team", nullptr},
      {"CLEANING", "SERVICE", "保洁组", "team", nullptr},
      {"ELDERCARE", "SERVICE", "养老护理组", "team", nullptr},
      {"ADMIN", "HQ", "行政后勤部", "department", "010-6500 8030"},
      {"FINANCE", "HQ", "财务部", "department", "010-6500 8040"},
      {"LEGAL", "HQ", "法务部", "department", "010-6500 8050"},
      {"HR", "HQ", "人力资源部", "department", "010-6500 8060"},
      {"BR-CHAOYANG", "SERVICE", "朝阳服务站", "site", "010-6500 8101"},
      {"BR-HAIDIAN", "SERVICE", "海淀服务站", "site", "010-6500 8102"},
  };
  return db_.write([&](db::Conn& c) -> Result<int> {
    int created = 0;
    std::map<std::string, std::int64_t> ids;
    for (const Unit& u : kUnits) {
      if (auto existing = repo_.find_by_code(c, u.code)) {
        ids[u.code] = existing->id;
        continue;
      }
      NewDepartment d;
      if (u.parent != nullptr) d.parent_id = ids.at(u.parent);
      d.name = u.name;
      d.code = u.code;
      d.kind = u.kind;
      d.sort_order = created;
      if (u.phone != nullptr) d.phone = std::string(u.phone);
      Caller system;
      system.username = "demo";
      ANXIN_ASSIGN_OR_RETURN(Department made, create_in(c, system, d));
      ids[u.code] = made.id;
      ++created;
    }
    return created;
  });
}

}  // namespace anxin::identity
