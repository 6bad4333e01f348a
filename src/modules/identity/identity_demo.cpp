#include "modules/identity/identity_demo.hpp"

#include <algorithm>

#include "platform/text/identifiers.hpp"

namespace anxin::identity {
namespace {

/// The demo password of every demo account. Demo data only: real accounts get random one-time
/// passwords.
constexpr const char* kDemoPassword = "Anxin#Demo2026";

/// Appends the GB 11643 check character to 17 digits.
std::string with_check_digit(const std::string& first17) { return first17 + *text::resident_id_check_char(first17); }

/// Appends the Luhn check digit.
std::string with_luhn(const std::string& digits) {
  int sum = 0;
  bool twice = true;
  for (auto it = digits.rbegin(); it != digits.rend(); ++it) {
    int d = *it - '0';
    if (twice) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    twice = !twice;
  }
  return digits + static_cast<char>('0' + (10 - sum % 10) % 10);
}

struct DemoAccount {
  const char* username;
  const char* display_name;
  const char* department_code;
  std::vector<std::string> roles;
  const char* id17;
  const char* phone;
  const char* card15;
  const char* address;
};

}  // namespace

Status load_demo(DepartmentService& departments, RoleService& roles, UserService& users, std::ostream& out) {
  auto made_departments = departments.load_demo();
  if (!made_departments.ok()) return made_departments.error();
  out << "Demo data: " << made_departments.value() << " departments created (安心家政服务有限公司).\n";
  const std::vector<DemoAccount> accounts = {
      {"admin", "系统管理员", "GM", {"sysadmin", "secadmin"}, nullptr, nullptr, nullptr, nullptr},
      {"auditor", "审计员", "GM", {"auditor"}, nullptr, nullptr, nullptr, nullptr},
      {"safety",
       "王安然",
       "SAFETY",
       {"safety_manager"},
       "11010519800101234",
       "13800138001",
       "622202123456789",
       "北京市朝阳区建国路88号院3号楼2单元501"},
      {"svc_head",
       "李服务",
       "SERVICE",
       {"dept_head"},
       "11010819850315123",
       "13900139002",
       "621700123456789",
       "北京市海淀区中关村大街1号"},
      {"agent",
       "赵客服",
       "CS",
       {"agent"},
       "11010219900220234",
       "13700137003",
       "622848123456789",
       "北京市东城区东直门内大街5号"},
      {"nanny",
       "张阿姨",
       "NANNY",
       {"worker"},
       "41052319751108432",
       "15800158004",
       "622588123456789",
       "北京市丰台区南苑路12号院6号楼101"},
      {"cleaner",
       "刘师傅",
       "CLEANING",
       {"worker"},
       "13068219820705241",
       "18600186005",
       "621483123456789",
       "北京市朝阳区望京西路48号"},
      {"dispatch", "孙调度", "SERVICE", {"dispatcher"}, nullptr, nullptr, nullptr, nullptr},
      {"hr_qian", "钱人事", "HQ", {"hr_officer"}, nullptr, nullptr, nullptr, nullptr},
      {"gm_chen", "陈国强", "GM", {"safety_manager"}, nullptr, nullptr, nullptr, nullptr},
      {"deputy_zhou", "周副总", "GM", {"safety_manager"}, nullptr, nullptr, nullptr, nullptr},
  };
  Caller system;
  system.username = "demo";
  system.data_scope = 3;
  system.clearance = 4;
  system.permissions = {"identity:user:assign_roles"};
  int created = 0;
  for (const auto& a : accounts) {
    if (users.id_of(a.username)) continue;
    auto dept = departments.find_by_code(a.department_code);
    if (!dept) {
      return Error::not_found("identity.department_not_found", {{"code", a.department_code}});
    }
    std::vector<std::int64_t> role_ids;
    for (const auto& code : a.roles) {
      if (auto id = roles.id_of(code)) role_ids.push_back(*id);
    }
    NewUser n{.username = a.username, .display_name = a.display_name, .department_id = dept->id};
    n.role_ids = role_ids;
    if (a.id17 != nullptr) {
      n.id_number = with_check_digit(a.id17);
      n.phone = std::string(a.phone);
      n.bank_account = with_luhn(a.card15 + std::string("0123").substr(0, 3));
      n.address = std::string(a.address);
    }
    auto made = users.create(system, n);
    if (!made.ok()) {
      out << "demo: cannot create " << a.username << "\n";
      return made.error();
    }
    if (auto r = users.set_password(made->user.id, kDemoPassword, false); !r.ok()) {
      out << "demo: cannot set the password of " << a.username << "\n";
      return r.error();
    }
    ++created;
  }
  out << "Demo accounts: " << created << " created. Sign in at http://127.0.0.1:8080 with password " << kDemoPassword
      << " as:\n"
      << "  admin     system and security administrator (two-factor enrolment at first sign-in)\n"
      << "  auditor   auditor (two-factor enrolment at first sign-in)\n"
      << "  safety    safety manager (all departments, may reveal personal data)\n"
      << "  svc_head  head of the household-service department\n"
      << "  agent     customer-service agent\n"
      << "  nanny     service worker\n"
      << "  dispatch  dispatcher (asks the dispatch gate before sending a worker)\n"
      << "  hr_qian   HR officer: worker files, vetting, certificates, health records\n"
      << "  gm_chen   general manager, leader of the emergency leadership group (deputy_zhou stands in)\n";
  return ok_status();
}

}  // namespace anxin::identity
