#include "modules/identity/permissions.hpp"

#include <algorithm>

namespace anxin::identity {

namespace {

std::vector<PermissionInfo>& catalogue() {
  static std::vector<PermissionInfo> kAll = {
      {"identity:department:read", "查看部门", "View departments"},
      {"identity:department:create", "新建部门", "Create departments"},
      {"identity:department:update", "修改部门", "Edit departments"},
      {"identity:department:delete", "删除部门", "Delete departments"},
      {"identity:post:read", "查看岗位", "View posts"},
      {"identity:post:manage", "管理岗位", "Manage posts"},
      {"identity:user:read", "查看用户", "View users"},
      {"identity:user:create", "新建用户", "Create users"},
      {"identity:user:update", "修改用户", "Edit users"},
      {"identity:user:disable", "停用/启用用户", "Disable and enable users"},
      {"identity:user:reset_password", "重置用户密码", "Reset user passwords"},
      {"identity:user:reveal", "查看完整个人信息（需说明用途）", "Reveal personal data (with a stated purpose)"},
      {"identity:user:assign_roles", "分配角色", "Assign roles"},
      {"identity:role:read", "查看角色", "View roles"},
      {"identity:role:manage", "管理角色与权限", "Manage roles and permissions"},
      {"identity:token:manage", "管理接口令牌", "Manage API tokens"},
      {"emergency:organisation:read", "查看应急组织", "View the emergency organisation"},
      {"emergency:organisation:manage", "维护应急组织（领导小组、工作小组、部门职责）",
       "Maintain the emergency organisation (leadership, working groups, department duties)"},
      {"warnings:warning:read", "查看预警", "View warnings"},
      {"warnings:warning:issue", "发布、更新、升级、降级和解除预警",
       "Issue, update, escalate, downgrade and lift warnings"},
      {"warnings:checklist:update", "勾选预警响应清单事项", "Tick warning response checklist items"},
      {"incidents:incident:read", "查看突发事件", "View incidents"},
      {"incidents:incident:report", "上报突发事件、续报、确认报告环节",
       "Report incidents, add follow-ups, confirm reporting steps"},
      {"incidents:incident:manage", "指挥处置（响应级别、指挥人、任务、结束应急）",
       "Command the response (level, commander, tasks, end of emergency)"},
      {"incidents:investigation:manage", "事故调查（调查报告、整改措施、恢复重建、结案、发布案例）",
       "Investigate incidents (report, corrective actions, recovery plan, closing, publishing cases)"},
      {"incidents:case:read", "查看事故案例", "Read incident cases (training material)"},
      {"audit:log:read", "查看审计日志", "Read the audit log"},
      {"audit:log:verify", "校验审计日志完整性", "Verify the audit log"},
      {"audit:login_log:read", "查看登录日志", "Read the login log"},
      {"notify:channel:manage", "管理通知渠道（邮件、群机器人、短信）",
       "Manage notification channels (e-mail, group robots, SMS)"},
      {"notify:delivery:read", "查看通知投递记录", "View notification deliveries"},
  };
  return kAll;
}

}  // namespace

const std::vector<PermissionInfo>& permission_catalogue() { return catalogue(); }

void add_permissions(const std::vector<PermissionInfo>& permissions) {
  for (const auto& p : permissions) {
    if (!is_known_permission(p.code)) catalogue().push_back(p);
  }
}

bool is_known_permission(const std::string& code) {
  const auto& all = permission_catalogue();
  return std::any_of(all.begin(), all.end(), [&](const PermissionInfo& p) { return p.code == code; });
}

const char* data_scope_name(DataScope s) {
  switch (s) {
    case DataScope::kOwn: return "own";
    case DataScope::kDepartment: return "department";
    case DataScope::kDepartmentTree: return "department_tree";
    case DataScope::kAll: return "all";
  }
  return "own";
}

bool parse_data_scope(const std::string& text, DataScope& out) {
  for (DataScope s : {DataScope::kOwn, DataScope::kDepartment, DataScope::kDepartmentTree, DataScope::kAll}) {
    if (text == data_scope_name(s)) {
      out = s;
      return true;
    }
  }
  return false;
}

namespace {

std::vector<BuiltinRole>& roles() {
  static std::vector<BuiltinRole> kRoles = {
      {"sysadmin",
       "系统管理员",
       "Accounts and organisation; no role assignment, no audit records, no personal data.",
       DataScope::kAll,
       2,
       {"identity:department:read", "identity:department:create", "identity:department:update",
        "identity:department:delete", "identity:post:read", "identity:post:manage", "identity:user:read",
        "identity:user:create", "identity:user:update", "identity:user:disable", "identity:user:reset_password",
        "identity:role:read", "identity:token:manage", "notify:channel:manage", "notify:delivery:read"}},
      {"secadmin",
       "安全管理员",
       "Roles, permissions and their assignment; the login log.",
       DataScope::kAll,
       2,
       {"identity:department:read", "identity:user:read", "identity:role:read", "identity:role:manage",
        "identity:user:assign_roles", "audit:login_log:read"}},
      {"auditor",
       "审计员",
       "Reads and verifies the audit and login logs; sees no customer data.",
       DataScope::kAll,
       1,
       {"audit:log:read", "audit:log:verify", "audit:login_log:read"}},
      {"safety_manager",
       "安全管理部经理",
       "Safety department: all records, personal data on stated purpose.",
       DataScope::kAll,
       4,
       {"identity:department:read", "identity:post:read", "identity:user:read", "identity:user:reveal",
        "identity:role:read", "emergency:organisation:read", "emergency:organisation:manage", "warnings:warning:read",
        "warnings:warning:issue", "warnings:checklist:update", "incidents:incident:read", "incidents:incident:report",
        "incidents:incident:manage", "incidents:investigation:manage", "incidents:case:read"}},
      {"dept_head",
       "部门负责人",
       "Head of a department: its records and those of its sub-units.",
       DataScope::kDepartmentTree,
       3,
       {"identity:department:read", "identity:post:read", "identity:user:read", "emergency:organisation:read",
        "warnings:warning:read", "warnings:checklist:update", "incidents:incident:read", "incidents:incident:report",
        "incidents:incident:manage", "incidents:investigation:manage", "incidents:case:read"}},
      {"agent",
       "客服专员",
       "Customer-service agent: records of the own department.",
       DataScope::kDepartment,
       2,
       {"identity:department:read", "identity:user:read", "emergency:organisation:read", "warnings:warning:read",
        "warnings:checklist:update", "incidents:incident:read", "incidents:incident:report", "incidents:case:read"}},
      {"worker",
       "服务人员",
       "Service worker: own records only.",
       DataScope::kOwn,
       2,
       {"identity:department:read", "emergency:organisation:read", "warnings:warning:read", "incidents:incident:read",
        "incidents:incident:report", "incidents:case:read"}},
  };
  return kRoles;
}

}  // namespace

const std::vector<BuiltinRole>& builtin_roles() { return roles(); }

void add_builtin_role(const BuiltinRole& role) {
  const auto& all = roles();
  if (std::none_of(all.begin(), all.end(), [&](const auto& r) { return r.code == role.code; })) roles().push_back(role);
}

void grant_builtin(const std::string& role_code, const std::vector<std::string>& permissions) {
  for (auto& r : roles()) {
    if (r.code != role_code) continue;
    for (const auto& p : permissions) {
      if (std::find(r.permissions.begin(), r.permissions.end(), p) == r.permissions.end()) r.permissions.push_back(p);
    }
  }
}

bool is_admin_or_audit_permission(const std::string& code) {
  static const std::vector<std::string> kAdmin = {"identity:user:create",       "identity:user:update",
                                                  "identity:user:disable",      "identity:user:reset_password",
                                                  "identity:user:assign_roles", "identity:role:manage",
                                                  "identity:token:manage",      "identity:department:create",
                                                  "identity:department:update", "identity:department:delete",
                                                  "identity:post:manage",       "audit:log:read",
                                                  "audit:log:verify",           "audit:login_log:read",
                                                  "notify:channel:manage"};
  return std::find(kAdmin.begin(), kAdmin.end(), code) != kAdmin.end();
}

bool forbidden_for_sysadmin(const std::string& code) {
  const auto& all = permission_catalogue();
  const bool personal =
      std::any_of(all.begin(), all.end(), [&](const auto& p) { return p.code == code && p.personal_data; });
  return personal || code.starts_with("audit:") || code == "identity:user:reveal" ||
         code == "identity:user:assign_roles" || code == "identity:role:manage";
}

}  // namespace anxin::identity
