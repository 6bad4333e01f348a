#include "modules/audit/audit_module.hpp"

#include "modules/audit/audit_log.hpp"
#include "modules/audit/audit_routes.hpp"
#include "platform/log/log.hpp"

namespace anxin::audit {

void register_module(extend::Registry& r) {
  const auto& config = r.config();
  auto& log = r.provide(std::make_unique<AuditLog>(r.db(), r.clock(), SigningKey::load_or_create(config.data_dir)));
  // Every other module records through the platform's sink interface, never through this module's class.
  r.publish<AuditSink>(log);
  // The kinds are read when asked: modules registered after this one add theirs.
  register_routes(
      r.router(), log, [&r]() -> const auto& { return r.audit_entity_kinds(); });
  r.periodic("audit.checkpoint", std::chrono::minutes(config.audit_checkpoint_minutes), [&log] {
    if (auto s = log.checkpoint(); !s.ok()) log::warn("audit.checkpoint_skipped", {{"key", s.error().message_key}});
  });
  const auto retention_days = config.audit_retention_days;
  r.periodic("audit.retention", std::chrono::hours(24), [&log, retention_days] {
    const auto removed = log.apply_retention(retention_days);
    if (removed > 0) log::info("audit.retention_applied", {{"removed", removed}});
  });
}

}  // namespace anxin::audit
