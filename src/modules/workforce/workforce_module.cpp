#include "modules/workforce/workforce_module.hpp"

#include "modules/identity/permissions.hpp"
#include "modules/identity/user_service.hpp"
#include "modules/workforce/gate_checks.hpp"
#include "modules/workforce/gate_service.hpp"
#include "modules/workforce/import_routes.hpp"
#include "modules/workforce/safety_code_routes.hpp"
#include "modules/workforce/worker_records_service.hpp"
#include "modules/workforce/workforce_demo.hpp"
#include "modules/workforce/workforce_routes.hpp"

namespace anxin::workforce {

namespace {

/// The module's permissions, its two roles and what identity's roles may do with workers.
void register_permissions() {
  identity::add_permissions({
      {"workforce:worker:read", "查看服务人员档案", "View worker files"},
      {"workforce:worker:create", "登记服务人员", "Register workers"},
      {"workforce:worker:update", "修改服务人员档案", "Edit worker files"},
      {"workforce:worker:manage", "服务人员上岗、停岗与离职", "Activate, suspend and end workers"},
      {"workforce:worker:vet", "背景审查与资质证书", "Record background checks and certificates"},
      {"workforce:health:manage", "体检记录与健康信息授权", "Record health checks and health-data consent"},
      {"workforce:worker:reveal", "查看服务人员完整个人信息（需说明用途）",
       "Reveal a worker's personal data (with a stated purpose)", /*personal_data=*/true},
      {"workforce:gate:check", "派工准入检查", "Ask the dispatch gate"},
      {"workforce:settings:manage", "设置工时上限与派工预警天数",
       "Set working-time limits and the gate's warning window"},
      {"workforce:records:manage", "诚信档案、薪酬、社保与维权调解记录",
       "Keep integrity, pay, social-insurance and worker case records"},
  });
  const std::vector<std::string> files = {"workforce:worker:read",   "workforce:worker:create",
                                          "workforce:worker:update", "workforce:worker:manage",
                                          "workforce:worker:vet",    "workforce:gate:check"};
  std::vector<std::string> all = files;
  all.insert(all.end(), {"workforce:health:manage", "workforce:worker:reveal", "workforce:settings:manage",
                         "workforce:records:manage"});
  identity::add_builtin_role(
      {"dispatcher",
       "调度员",
       "Dispatcher: assigns workers to orders through the dispatch gate, in the own department and below.",
       identity::DataScope::kDepartmentTree,
       2,
       {"identity:department:read", "emergency:organisation:read", "warnings:warning:read", "incidents:incident:read",
        "incidents:incident:report", "workforce:worker:read", "workforce:gate:check"}});
  std::vector<std::string> hr = {"identity:department:read"};
  hr.insert(hr.end(), all.begin(), all.end());
  identity::add_builtin_role(
      {"hr_officer", "人事专员",
       "Worker files, vetting, certificates and health records; personal data on stated purpose.",
       identity::DataScope::kDepartmentTree, 4, hr});
  identity::grant_builtin("safety_manager", all);
  identity::grant_builtin("dept_head", files);
  identity::grant_builtin("agent", {"workforce:worker:read", "workforce:gate:check"});
}

/// Workers as incidents name them.
class WorkerResolver final : public extend::RecordResolver {
 public:
  explicit WorkerResolver(const WorkerService& workers) : workers_(workers) {}
  std::string kind() const override { return "worker"; }
  std::optional<extend::LinkedRecord> resolve(db::Conn& c, const Caller& caller, std::int64_t id) const override {
    auto w = workers_.load_in_scope(c, caller, id);
    if (!w.ok()) return std::nullopt;
    return extend::LinkedRecord{.kind = "worker", .id = id, .name = w->name, .worker_id = id};
  }

 private:
  const WorkerService& workers_;
};

}  // namespace

void register_module(extend::Registry& r) {
  register_permissions();
  for (const char* column : {"id_number_enc", "phone_enc", "address_enc", "bank_account_enc", "safety_token_enc"}) {
    r.encrypted_column({.table = "workers", .column = column});
  }
  r.free_text({.table = "workers",
               .column = "emergency_contact_enc",
               .data_class = 3,
               .label_key = "fields.emergency_contact"});
  r.free_text({.table = "worker_background_checks", .column = "note_enc", .data_class = 4, .label_key = "fields.note"});
  r.free_text({.table = "worker_health_checks",
               .column = "restrictions_enc",
               .data_class = 4,
               .label_key = "fields.health_restrictions"});
  r.encrypted_column({.table = "worker_health_checks", .column = "result_enc"});
  r.free_text({.table = "worker_integrity_entries",
               .column = "summary_enc",
               .data_class = 3,
               .label_key = "fields.integrity_summary"});
  r.encrypted_column({.table = "worker_pay_records", .column = "amounts_enc"});
  r.free_text({.table = "worker_cases", .column = "parties_enc", .data_class = 4, .label_key = "fields.case_parties"});
  r.free_text({.table = "worker_cases", .column = "summary_enc", .data_class = 4, .label_key = "fields.case_summary"});
  r.free_text({.table = "worker_cases", .column = "outcome_enc", .data_class = 4, .label_key = "fields.case_outcome"});

  auto& workers = r.provide(std::make_unique<WorkerService>(r.db(), r.clock(), r.keys(), r.service<audit::AuditSink>(),
                                                            r.service<identity::UserService>()));
  auto& gate = r.provide(std::make_unique<GateService>(r.db(), r.clock(), workers, r.gate()));
  r.gate().add(std::make_unique<StatusCheck>(workers.workers(), workers.credential_repository()));
  r.gate().add(std::make_unique<VettingCheck>(workers.workers(), workers.credential_repository()));
  r.gate().add(std::make_unique<CertificateCheck>(workers.workers(), workers.credential_repository()));
  r.gate().add(std::make_unique<HealthCheckCheck>(workers.workers(), workers.credential_repository()));
  r.gate().add(std::make_unique<HoursCheck>(workers.working_time_repository()));
  auto& records = r.provide(
      std::make_unique<WorkerRecordsService>(r.db(), r.clock(), r.keys(), r.service<audit::AuditSink>(), workers));
  r.gate().add(std::make_unique<IntegrityCheck>(records.repository(), workers.working_time_repository()));

  r.record_links().add(std::make_unique<WorkerResolver>(workers));
  register_worker_routes(r.router(), workers);
  register_credential_routes(r.router(), workers);
  register_working_time_routes(r.router(), workers);
  register_gate_routes(r.router(), gate);
  register_worker_records_routes(r.router(), records);
  auto& codes =
      r.provide(std::make_unique<SafetyCodes>(r.db(), r.clock(), workers, gate, r.service<audit::AuditSink>()));
  register_safety_code_routes(r.router(), codes);
  auto& import = r.provide(std::make_unique<WorkerImport>(r.db(), r.clock(), workers, r.service<audit::AuditSink>()));
  register_import_routes(r.router(), import);
  r.audit_entities({"worker", "workforce_settings"});
  r.demo([&workers, &r](extend::DemoContext& ctx) { return load_demo(r.db(), r.clock(), workers, ctx); });
  r.demo([&workers, &records, &r](extend::DemoContext& ctx) {
    return load_records_demo(r.clock(), workers, records, ctx);
  });
}

}  // namespace anxin::workforce
