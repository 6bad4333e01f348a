#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "core/caller.hpp"
#include "core/clock.hpp"
#include "core/result.hpp"
#include "modules/incidents/attachment_repository.hpp"
#include "modules/incidents/incident.hpp"
#include "modules/incidents/incident_repository.hpp"
#include "platform/audit/audit_sink.hpp"
#include "platform/crypto/key_ring.hpp"
#include "platform/db/database.hpp"

namespace anxin::incidents {

/// A file made for download.
struct Document {
  std::string bytes;
  std::string file_name;
  std::string media_type;
  /// Rows in an export (the incidents it lists), 1 for a report.
  std::int64_t rows = 0;
  /// Incidents that matched; more than `rows` when the export was cut at its limit.
  std::int64_t total = 0;
};

/// "2026-11-21 14:05": an instant in China Standard Time (UTC+8 all year).
std::string beijing_time(TimestampMs t);

/// Printable and exportable forms of incidents: the incident report as PDF and the incident list as
/// an Excel workbook, in the caller's language (Chinese unless English is asked for). Class-3 text
/// and names follow the caller's clearance exactly as the JSON API does; every document is audited
/// as an export.
class IncidentDocuments {
 public:
  /// Most incidents one workbook lists.
  static constexpr std::int64_t kMaxExportRows = 10000;

  IncidentDocuments(db::Database& db, const Clock& clock, const crypto::KeyRing& keys, audit::AuditSink& audit);

  /// The report of one incident in the caller's scope: facts, people, reporting chain, level
  /// history, tasks, timeline, end and loss, attachments.
  Result<Document> report_pdf(const Caller& caller, std::int64_t id, const std::string& lang);
  /// The incidents in the caller's scope matching `filter` (newest first, at most kMaxExportRows).
  Result<Document> list_xlsx(const Caller& caller, const IncidentFilter& filter, const std::string& lang);

 private:
  /// Display names of users and departments, looked up once per document.
  class Names;

  db::Database& db_;
  const Clock& clock_;
  audit::AuditSink& audit_;
  IncidentRepository incidents_;
  AttachmentRepository attachments_;
};

}  // namespace anxin::incidents
