#include "modules/warnings/warnings_module.hpp"

#include "modules/notify/channel_service.hpp"
#include "modules/notify/notifier.hpp"
#include "modules/warnings/warning_repository.hpp"
#include "modules/warnings/warning_service.hpp"
#include "modules/warnings/warnings_routes.hpp"

namespace anxin::warnings {

void register_module(extend::Registry& r) {
  for (const auto& column : encrypted_columns()) r.encrypted_column(column);
  for (const auto& column : free_text_columns()) {
    r.free_text(
        {.table = column.table,
         .column = column.column,
         .data_class = 2,
         .label_key = column.column == WarningRepository::kMeasuresColumn ? "fields.measures" : "fields.description"});
  }
  auto& notifier = r.service<notify::Notifier>();
  auto& warnings =
      r.provide(std::make_unique<WarningService>(r.db(), r.clock(), r.keys(), r.service<audit::AuditSink>(), notifier));
  register_templates(notifier);
  register_routes(r.router(), warnings, r.service<notify::ChannelService>());
  r.audit_entities({"warning", "warning_checklist_item"});
  r.demo([&warnings](extend::DemoContext& ctx) { return warnings.load_demo(ctx.system); });
}

}  // namespace anxin::warnings
