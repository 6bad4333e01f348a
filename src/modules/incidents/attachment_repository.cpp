#include "modules/incidents/attachment_repository.hpp"

#include "platform/log/log.hpp"

namespace anxin::incidents {

std::string_view incidents_sql(std::string_view name);  // embedded queries/*.sql

namespace {

constexpr const char* kTable = "incident_attachments";
constexpr const char* kColumn = "content_enc";

Attachment from_row(const db::Row& r) {
  return {.id = r.int64("id"),
          .incident_id = r.int64("incident_id"),
          .name = r.text("name"),
          .media_type = r.text("media_type"),
          .size_bytes = r.int64("size_bytes"),
          .sha256 = r.text("sha256"),
          .uploaded_by = r.int64("uploaded_by"),
          .uploaded_at = r.int64("uploaded_at")};
}

}  // namespace

std::int64_t AttachmentRepository::insert(db::Conn& c, const Attachment& a, std::string_view bytes) {
  // The ciphertext is bound to the row id, which the insert makes: an empty placeholder first.
  const auto id = c.query_one(incidents_sql("attachment_insert"), a.incident_id, a.name, a.media_type, a.size_bytes,
                              a.sha256, a.uploaded_by, a.uploaded_at, db::Blob{})
                      ->int64("id");
  c.exec(incidents_sql("attachment_seal"), id, keys_.encrypt(kTable, kColumn, id, bytes));
  return id;
}

std::vector<Attachment> AttachmentRepository::of_incident(db::Conn& c, std::int64_t incident_id) {
  std::vector<Attachment> out;
  for (const auto& r : c.query(incidents_sql("attachments_of"), incident_id)) out.push_back(from_row(r));
  return out;
}

std::optional<Attachment> AttachmentRepository::get(db::Conn& c, std::int64_t incident_id, std::int64_t id) {
  auto r = c.query_one(incidents_sql("attachment_get"), id, incident_id);
  if (!r) return std::nullopt;
  return from_row(*r);
}

std::optional<std::string> AttachmentRepository::content(db::Conn& c, std::int64_t id) {
  auto r = c.query_one(incidents_sql("attachment_content"), id);
  if (!r) return std::nullopt;
  auto plain = keys_.decrypt(kTable, kColumn, id, r->blob(kColumn));
  if (!plain.ok()) {
    log::error("incidents.decrypt_failed", {{"table", kTable}, {"column", kColumn}, {"id", id}});
    return std::nullopt;
  }
  return std::move(plain).value();
}

std::int64_t AttachmentRepository::count(db::Conn& c, std::int64_t incident_id) {
  return c.query_one(incidents_sql("attachment_count"), incident_id)->int64("n");
}

}  // namespace anxin::incidents
