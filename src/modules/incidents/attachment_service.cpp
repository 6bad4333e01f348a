#include "modules/incidents/attachment_service.hpp"

#include <algorithm>

#include "modules/identity/scope.hpp"
#include "platform/crypto/crypto.hpp"
#include "platform/http/media_sniff.hpp"

namespace anxin::incidents {

namespace {

nlohmann::json audit_json(const Attachment& a) {
  // What identifies the file, never its content.
  return {{"attachment_id", a.id},
          {"name", a.name},
          {"media_type", a.media_type},
          {"size_bytes", a.size_bytes},
          {"sha256", a.sha256}};
}

}  // namespace

AttachmentService::AttachmentService(db::Database& db, const Clock& clock, const crypto::KeyRing& keys,
                                     audit::AuditSink& audit)
    : db_(db), clock_(clock), audit_(audit), incidents_(keys), repo_(keys) {}

crypto::EncryptedColumn AttachmentService::encrypted_column() {
  // Up to 10 MiB a row: a rotation batch of 200 would hold 2 GB in memory.
  return {.table = "incident_attachments", .column = "content_enc", .batch_size = 4};
}

Result<Incident> AttachmentService::load_in_scope(db::Conn& c, const Caller& caller, std::int64_t id) {
  auto i = incidents_.get(c, id);
  if (!i || !identity::in_scope(caller, i->reporter_id, i->department_id, i->department_path)) {
    return Error::not_found("incidents.not_found");
  }
  return *i;
}

Result<Attachment> AttachmentService::add(const Caller& caller, std::int64_t incident_id, const std::string& name,
                                          const std::string& declared_type, const std::string& bytes) {
  if (!valid_attachment_name(name)) {
    return Error::invalid("incidents.attachment_name_invalid", {{"field", "name"}, {"max", kMaxAttachmentName}});
  }
  if (bytes.empty()) return Error::invalid("common.body_required");
  if (bytes.size() > kMaxAttachmentBytes) {
    return Error{ErrorCode::kPayloadTooLarge, "common.payload_too_large", {{"max_bytes", kMaxAttachmentBytes}}};
  }
  // The bytes decide, not the client: what is detected must be accepted, harmless and what was declared.
  const std::string detected = http::sniff_media_type(bytes);
  const auto& accepted = attachment_media_types();
  if (http::is_active_content(detected) || std::find(accepted.begin(), accepted.end(), detected) == accepted.end() ||
      !same_media_type(declared_type, detected)) {
    return Error{ErrorCode::kUnsupportedMediaType,
                 "incidents.attachment_type_refused",
                 {{"declared", declared_type}, {"detected", detected}}};
  }
  Attachment a{.incident_id = incident_id,
               .name = name,
               .media_type = detected,
               .size_bytes = static_cast<std::int64_t>(bytes.size()),
               .sha256 = crypto::sha256_hex(bytes),
               .uploaded_by = caller.user_id,
               .uploaded_at = clock_.now_ms()};
  return db_.write([&](db::Conn& c) -> Result<Attachment> {
    ANXIN_ASSIGN_OR_RETURN(Incident i, load_in_scope(c, caller, incident_id));
    if (i.status == "closed") return Error::conflict("incidents.closed");
    a.id = repo_.insert(c, a, bytes);
    // The timeline shows that a file came and which one; its name is class 3 like other notes.
    incidents_.add_event(c, incident_id, a.uploaded_at, caller.user_id, "attachment",
                         "attachment:" + std::to_string(a.id), a.name);
    incidents_.touch(c, incident_id, a.uploaded_at);
    audit_.append(c, {.actor = audit::Actor::of(caller),
                      .action = "add_attachment",
                      .entity = "incident",
                      .entity_id = std::to_string(incident_id),
                      .department_id = i.department_id,
                      .after = audit_json(a)});
    return a;
  });
}

Result<std::vector<Attachment>> AttachmentService::list(const Caller& caller, std::int64_t incident_id) {
  return db_.read([&](db::Conn& c) -> Result<std::vector<Attachment>> {
    ANXIN_TRY(load_in_scope(c, caller, incident_id));
    return repo_.of_incident(c, incident_id);
  });
}

Result<AttachmentService::File> AttachmentService::download(const Caller& caller, std::int64_t incident_id,
                                                            std::int64_t attachment_id) {
  std::int64_t department_id = 0;
  auto file = db_.read([&](db::Conn& c) -> Result<File> {
    ANXIN_ASSIGN_OR_RETURN(Incident i, load_in_scope(c, caller, incident_id));
    department_id = i.department_id;
    auto meta = repo_.get(c, incident_id, attachment_id);
    if (!meta) return Error::not_found("incidents.attachment_not_found");
    if (!may_open(*meta, caller)) return Error::forbidden("incidents.attachment_restricted");
    auto bytes = repo_.content(c, attachment_id);
    if (!bytes) return Error::internal();
    return File{*meta, std::move(*bytes)};
  });
  if (!file.ok()) return file;
  // The file leaves the server only once the read is on record.
  auto recorded = db_.write([&](db::Conn& c) -> Status {
    audit_.append(c, {.actor = audit::Actor::of(caller),
                      .action = "read_sensitive",
                      .entity = "incident_attachment",
                      .entity_id = std::to_string(attachment_id),
                      .department_id = department_id,
                      .after = audit_json(file->meta),
                      .reason = "download"});
    return ok_status();
  });
  if (!recorded.ok()) return recorded.error();
  return file;
}

}  // namespace anxin::incidents
