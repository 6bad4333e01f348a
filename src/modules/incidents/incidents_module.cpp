#include "modules/incidents/incidents_module.hpp"

#include "modules/emergency/organisation_service.hpp"
#include "modules/incidents/aftermath_repository.hpp"
#include "modules/incidents/aftermath_routes.hpp"
#include "modules/incidents/aftermath_service.hpp"
#include "modules/incidents/attachment_service.hpp"
#include "modules/incidents/incident_documents.hpp"
#include "modules/incidents/incident_extensions.hpp"
#include "modules/incidents/incident_file_routes.hpp"
#include "modules/incidents/incident_routes.hpp"
#include "modules/incidents/incident_service.hpp"
#include "modules/incidents/investigation_service.hpp"
#include "modules/notify/notifier.hpp"

namespace anxin::incidents {

void register_module(extend::Registry& r) {
  r.encrypted_column({.table = "incident_people", .column = "name_enc"});
  for (const auto& column : aftermath_encrypted_columns()) r.encrypted_column(column);
  for (const auto& column : aftermath_free_text_columns()) {
    r.free_text({.table = column.table, .column = column.column, .data_class = 3, .label_key = "fields.note"});
  }
  r.encrypted_column(AttachmentService::encrypted_column());

  auto& audit = r.service<audit::AuditSink>();
  auto& notifier = r.service<notify::Notifier>();
  auto& incidents = r.provide(std::make_unique<IncidentService>(
      r.db(), r.clock(), r.keys(), audit, r.service<emergency::OrganisationService>(), &notifier, &r.record_links()));
  auto& aftermath = r.provide(std::make_unique<AftermathService>(r.db(), r.clock(), r.keys(), audit));
  auto& investigations = r.provide(std::make_unique<InvestigationService>(r.db(), r.clock(), r.keys(), audit));
  auto& attachments = r.provide(std::make_unique<AttachmentService>(r.db(), r.clock(), r.keys(), audit));
  auto& documents = r.provide(std::make_unique<IncidentDocuments>(r.db(), r.clock(), r.keys(), audit));
  IncidentService::register_templates(notifier);
  incidents.register_with(r.jobs());

  register_routes(r.router(), incidents);
  register_aftermath_routes(r.router(), aftermath, investigations);
  register_file_routes(r.router(), attachments, documents);
  r.audit_entities({"incident", "incident_deadline", "incident_attachment", "incident_case"});
  register_extensions(r, incidents);
}

}  // namespace anxin::incidents
