#pragma once

#include <string>
#include <vector>

#include "core/caller.hpp"
#include "core/clock.hpp"
#include "core/result.hpp"
#include "modules/incidents/attachment.hpp"
#include "modules/incidents/attachment_repository.hpp"
#include "modules/incidents/incident_repository.hpp"
#include "platform/audit/audit_sink.hpp"
#include "platform/crypto/key_ring.hpp"
#include "platform/db/database.hpp"

namespace anxin::incidents {

/// Files attached to incidents. Uploads are checked for what they really are (the detected type must
/// be an accepted one and the declared one; pages and scripts never pass), stored encrypted, put on
/// the incident's timeline and audited without their content. Names and downloads are for clearance
/// 3 and above or the uploader; every download is audited as a sensitive read. Only incidents in
/// the caller's data scope exist for them.
class AttachmentService {
 public:
  AttachmentService(db::Database& db, const Clock& clock, const crypto::KeyRing& keys, audit::AuditSink& audit);

  /// The column holding the bytes, for key rotation: re-encrypted a few rows at a time.
  static crypto::EncryptedColumn encrypted_column();

  /// Attaches `bytes` declared as `declared_type` under file name `name`.
  Result<Attachment> add(const Caller& caller, std::int64_t incident_id, const std::string& name,
                         const std::string& declared_type, const std::string& bytes);
  /// The attachments of an incident (metadata only), oldest first.
  Result<std::vector<Attachment>> list(const Caller& caller, std::int64_t incident_id);

  struct File {
    Attachment meta;
    std::string bytes;
  };
  /// One attachment with its bytes, for download.
  Result<File> download(const Caller& caller, std::int64_t incident_id, std::int64_t attachment_id);

 private:
  Result<Incident> load_in_scope(db::Conn& c, const Caller& caller, std::int64_t id);

  db::Database& db_;
  const Clock& clock_;
  audit::AuditSink& audit_;
  IncidentRepository incidents_;
  AttachmentRepository repo_;
};

}  // namespace anxin::incidents
