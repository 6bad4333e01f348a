#include "modules/workforce/credential_repository.hpp"

#include "modules/workforce/worker_repository.hpp"

namespace anxin::workforce {

std::string_view workforce_sql(std::string_view name);  // embedded queries/*.sql

namespace {
constexpr const char* kChecks = "worker_background_checks";
constexpr const char* kHealth = "worker_health_checks";
constexpr const char* kHealthConsent = "health_data";

Consent consent_from(const db::Row& r) {
  return {.id = r.int64("id"),
          .worker_id = r.int64("worker_id"),
          .purpose = r.text("purpose"),
          .text_version = r.text("text_version"),
          .recorded_by = r.opt_int64("recorded_by"),
          .recorded_at = r.int64("recorded_at"),
          .withdrawn_at = r.opt_int64("withdrawn_at")};
}
}  // namespace

std::int64_t CredentialRepository::add_background_check(db::Conn& c, const BackgroundCheck& b,
                                                        std::optional<std::int64_t> by, TimestampMs now) {
  const auto id = c.query_one(workforce_sql("background_check_insert"), b.worker_id, b.kind, b.result, b.checked_on,
                              b.valid_until, by, now)
                      ->int64("id");
  if (b.note) c.exec(workforce_sql("background_check_seal"), id, keys_.seal(kChecks, "note_enc", id, b.note));
  return id;
}

std::int64_t CredentialRepository::add_certificate(db::Conn& c, const Certificate& cert, std::optional<std::int64_t> by,
                                                   TimestampMs now) {
  return c
      .query_one(workforce_sql("certificate_insert"), cert.worker_id, cert.kind, cert.number, cert.issuer,
                 cert.issued_on, cert.expires_on, by, now)
      ->int64("id");
}

bool CredentialRepository::revoke_certificate(db::Conn& c, std::int64_t worker_id, std::int64_t id, TimestampMs now) {
  return c.exec(workforce_sql("certificate_revoke"), id, worker_id, now) == 1;
}

std::int64_t CredentialRepository::add_consent(db::Conn& c, std::int64_t worker_id, const std::string& purpose,
                                               const std::string& text_version, std::optional<std::int64_t> by,
                                               TimestampMs now) {
  return c.query_one(workforce_sql("consent_insert"), worker_id, purpose, text_version, by, now)->int64("id");
}

std::optional<Consent> CredentialRepository::current_consent(db::Conn& c, std::int64_t worker_id,
                                                             const std::string& purpose) const {
  auto r = c.query_one(workforce_sql("consent_current"), worker_id, purpose);
  if (!r) return std::nullopt;
  return consent_from(*r);
}

bool CredentialRepository::withdraw_consent(db::Conn& c, std::int64_t worker_id, const std::string& purpose,
                                            TimestampMs now) {
  return c.exec(workforce_sql("consent_withdraw"), worker_id, purpose, now) > 0;
}

std::int64_t CredentialRepository::add_health_check(db::Conn& c, const HealthCheck& h, std::optional<std::int64_t> by,
                                                    TimestampMs now) {
  const auto id = c.query_one(workforce_sql("health_check_insert"), h.worker_id, h.kind, h.checked_on, db::Blob{},
                              h.next_due_on, h.consent_id, by, now)
                      ->int64("id");
  c.exec(workforce_sql("health_check_seal"), id, keys_.seal(kHealth, "result_enc", id, h.result),
         keys_.seal(kHealth, "restrictions_enc", id, h.restrictions));
  return id;
}

Credentials CredentialRepository::of(db::Conn& c, std::int64_t worker_id) const {
  Credentials out;
  for (const auto& r : c.query(workforce_sql("background_checks_of"), worker_id)) {
    const auto id = r.int64("id");
    out.checks.push_back({.id = id,
                          .worker_id = worker_id,
                          .kind = r.text("kind"),
                          .result = r.text("result"),
                          .checked_on = r.text("checked_on"),
                          .valid_until = r.opt_text("valid_until"),
                          .note = keys_.open(kChecks, "note_enc", id, r),
                          .created_at = r.int64("created_at")});
  }
  for (const auto& r : c.query(workforce_sql("certificates_of"), worker_id)) {
    out.certificates.push_back({.id = r.int64("id"),
                                .worker_id = worker_id,
                                .kind = r.text("kind"),
                                .number = r.text("number"),
                                .issuer = r.text("issuer"),
                                .issued_on = r.text("issued_on"),
                                .expires_on = r.opt_text("expires_on"),
                                .revoked_at = r.opt_int64("revoked_at"),
                                .created_at = r.int64("created_at")});
  }
  for (const auto& r : c.query(workforce_sql("health_checks_of"), worker_id)) {
    const auto id = r.int64("id");
    // A result that does not open (tampered) reads as "unfit": the gate never passes on an unreadable record.
    out.health.push_back({.id = id,
                          .worker_id = worker_id,
                          .kind = r.text("kind"),
                          .checked_on = r.text("checked_on"),
                          .result = keys_.open(kHealth, "result_enc", id, r).value_or("unfit"),
                          .restrictions = keys_.open(kHealth, "restrictions_enc", id, r),
                          .next_due_on = r.text("next_due_on"),
                          .consent_id = r.int64("consent_id"),
                          .created_at = r.int64("created_at")});
  }
  out.health_consent = current_consent(c, worker_id, kHealthConsent);
  return out;
}

std::vector<ServiceType> CredentialRepository::service_types(db::Conn& c) const {
  std::vector<ServiceType> out;
  for (const auto& r : c.query(workforce_sql("service_types_all"))) {
    out.push_back({.code = r.text("code"),
                   .name_zh = r.text("name_zh"),
                   .name_en = r.text("name_en"),
                   .required_certificates = decode_job_types("," + r.text("required_certificates") + ","),
                   .health_valid_days = r.int64("health_valid_days"),
                   .builtin = r.int64("builtin") == 1,
                   .active = r.int64("active") == 1});
  }
  return out;
}

}  // namespace anxin::workforce
