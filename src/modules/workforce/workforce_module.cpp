#include "modules/workforce/workforce_module.hpp"

#include "modules/identity/user_service.hpp"
#include "modules/workforce/gate_checks.hpp"
#include "modules/workforce/gate_service.hpp"
#include "modules/workforce/import_routes.hpp"
#include "modules/workforce/safety_code_routes.hpp"
#include "modules/workforce/workforce_demo.hpp"
#include "modules/workforce/workforce_routes.hpp"

namespace anxin::workforce {

void register_module(extend::Registry& r) {
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

  auto& workers = r.provide(std::make_unique<WorkerService>(r.db(), r.clock(), r.keys(), r.service<audit::AuditSink>(),
                                                            r.service<identity::UserService>()));
  auto& gate = r.provide(std::make_unique<GateService>(r.db(), r.clock(), workers, r.gate()));
  r.gate().add(std::make_unique<StatusCheck>(workers.workers(), workers.credential_repository()));
  r.gate().add(std::make_unique<VettingCheck>(workers.workers(), workers.credential_repository()));
  r.gate().add(std::make_unique<CertificateCheck>(workers.workers(), workers.credential_repository()));
  r.gate().add(std::make_unique<HealthCheckCheck>(workers.workers(), workers.credential_repository()));
  r.gate().add(std::make_unique<HoursCheck>(workers.working_time_repository()));

  register_worker_routes(r.router(), workers);
  register_credential_routes(r.router(), workers);
  register_working_time_routes(r.router(), workers);
  register_gate_routes(r.router(), gate);
  auto& codes =
      r.provide(std::make_unique<SafetyCodes>(r.db(), r.clock(), workers, gate, r.service<audit::AuditSink>()));
  register_safety_code_routes(r.router(), codes);
  auto& import = r.provide(std::make_unique<WorkerImport>(r.db(), r.clock(), workers, r.service<audit::AuditSink>()));
  register_import_routes(r.router(), import);
  r.audit_entities({"worker", "workforce_settings"});
  r.demo([&workers, &r](extend::DemoContext& ctx) { return load_demo(r.db(), r.clock(), workers, ctx); });
}

}  // namespace anxin::workforce
