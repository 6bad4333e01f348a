#pragma once

#include "modules/incidents/attachment_service.hpp"
#include "modules/incidents/incident_documents.hpp"
#include "platform/http/api.hpp"

namespace anxin::incidents {

/// Adds the file routes of incidents: attachments (upload, list, download), the incident report as
/// PDF (/api/v1/incidents/{id}/report.pdf) and the list as Excel (/api/v1/incidents/export.xlsx).
void register_file_routes(http::Router& router, AttachmentService& attachments, IncidentDocuments& documents);

}  // namespace anxin::incidents
