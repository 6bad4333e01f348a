// WorkerService: the records that vet a worker (background checks, certificates, health checks and the consent
// health data needs).
#include <algorithm>

#include "modules/workforce/worker_service.hpp"

namespace anxin::workforce {

namespace {

constexpr const char* kHealthPurpose = "health_data";

std::optional<std::int64_t> actor_of(const Caller& caller) {
  return caller.user_id ? std::optional(caller.user_id) : std::nullopt;
}

/// A record's dates in order: it cannot end before it starts, nor start in the future.
Status check_dates(const std::string& start, const std::optional<std::string>& end, const char* end_field,
                   const std::string& today) {
  if (start > today) return Error::unprocessable("workforce.date_in_future", {{"field", "issued_on"}});
  if (end && *end < start) return Error::unprocessable("workforce.end_before_start", {{"field", end_field}});
  return ok_status();
}

}  // namespace

Result<Credentials> WorkerService::credentials(const Caller& caller, std::int64_t id) {
  return db_.read([&](db::Conn& c) -> Result<Credentials> {
    ANXIN_TRY(load_in_scope(c, caller, id));
    return credentials_.of(c, id);
  });
}

Result<BackgroundCheck> WorkerService::add_background_check(const Caller& caller, std::int64_t id,
                                                            BackgroundCheck check) {
  if (check.checked_on > china_date(clock_.now_ms())) {
    return Error::unprocessable("workforce.date_in_future", {{"field", "checked_on"}});
  }
  if (check.valid_until && *check.valid_until < check.checked_on) {
    return Error::unprocessable("workforce.end_before_start", {{"field", "valid_until"}});
  }
  return db_.write([&](db::Conn& c) -> Result<BackgroundCheck> {
    ANXIN_ASSIGN_OR_RETURN(Worker w, load_in_scope(c, caller, id));
    check.worker_id = id;
    check.id = credentials_.add_background_check(c, check, actor_of(caller), clock_.now_ms());
    audit_change(c, caller, "add_background_check", w, nullptr,
                 {{"check_id", check.id},
                  {"kind", check.kind},
                  {"result", check.result},
                  {"valid_until", check.valid_until ? nlohmann::json(*check.valid_until) : nlohmann::json()}});
    auto all = credentials_.of(c, id).checks;
    return *std::find_if(all.begin(), all.end(), [&](const auto& b) { return b.id == check.id; });
  });
}

Result<Certificate> WorkerService::add_certificate(const Caller& caller, std::int64_t id, Certificate cert) {
  ANXIN_TRY(check_dates(cert.issued_on, cert.expires_on, "expires_on", china_date(clock_.now_ms())));
  return db_.write([&](db::Conn& c) -> Result<Certificate> {
    ANXIN_ASSIGN_OR_RETURN(Worker w, load_in_scope(c, caller, id));
    cert.worker_id = id;
    cert.id = credentials_.add_certificate(c, cert, actor_of(caller), clock_.now_ms());
    audit_change(c, caller, "add_certificate", w, nullptr,
                 {{"certificate_id", cert.id},
                  {"kind", cert.kind},
                  {"number", cert.number},
                  {"expires_on", cert.expires_on ? nlohmann::json(*cert.expires_on) : nlohmann::json()}});
    auto all = credentials_.of(c, id).certificates;
    return *std::find_if(all.begin(), all.end(), [&](const auto& x) { return x.id == cert.id; });
  });
}

Status WorkerService::revoke_certificate(const Caller& caller, std::int64_t id, std::int64_t certificate_id,
                                         const std::string& reason) {
  return db_.write([&](db::Conn& c) -> Status {
    ANXIN_ASSIGN_OR_RETURN(Worker w, load_in_scope(c, caller, id));
    if (!credentials_.revoke_certificate(c, id, certificate_id, clock_.now_ms())) {
      return Error::not_found("workforce.certificate_not_found");
    }
    audit_change(c, caller, "revoke_certificate", w, nullptr, {{"certificate_id", certificate_id}}, reason);
    return ok_status();
  });
}

Result<Consent> WorkerService::record_health_consent(const Caller& caller, std::int64_t id,
                                                     const std::string& text_version) {
  return db_.write([&](db::Conn& c) -> Result<Consent> {
    ANXIN_ASSIGN_OR_RETURN(Worker w, load_in_scope(c, caller, id));
    if (auto current = credentials_.current_consent(c, id, kHealthPurpose)) return *current;
    const auto consent_id =
        credentials_.add_consent(c, id, kHealthPurpose, text_version, actor_of(caller), clock_.now_ms());
    audit_change(c, caller, "record_consent", w, nullptr,
                 {{"consent_id", consent_id}, {"purpose", kHealthPurpose}, {"text_version", text_version}});
    return *credentials_.current_consent(c, id, kHealthPurpose);
  });
}

Status WorkerService::withdraw_health_consent(const Caller& caller, std::int64_t id) {
  return db_.write([&](db::Conn& c) -> Status {
    ANXIN_ASSIGN_OR_RETURN(Worker w, load_in_scope(c, caller, id));
    if (!credentials_.withdraw_consent(c, id, kHealthPurpose, clock_.now_ms())) {
      return Error::not_found("workforce.consent_not_found");
    }
    audit_change(c, caller, "withdraw_consent", w, nullptr, {{"purpose", kHealthPurpose}});
    return ok_status();
  });
}

Result<HealthCheck> WorkerService::add_health_check(const Caller& caller, std::int64_t id, HealthCheck check) {
  if (check.checked_on > china_date(clock_.now_ms())) {
    return Error::unprocessable("workforce.date_in_future", {{"field", "checked_on"}});
  }
  if (check.next_due_on <= check.checked_on) {
    return Error::unprocessable("workforce.end_before_start", {{"field", "next_due_on"}});
  }
  if (check.result != "fit_with_restrictions") check.restrictions.reset();
  return db_.write([&](db::Conn& c) -> Result<HealthCheck> {
    ANXIN_ASSIGN_OR_RETURN(Worker w, load_in_scope(c, caller, id));
    // Health data is sensitive personal information: saved only under a recorded, unwithdrawn consent.
    auto consent = credentials_.current_consent(c, id, kHealthPurpose);
    if (!consent) return Error::conflict("workforce.health_consent_missing");
    check.worker_id = id;
    check.consent_id = consent->id;
    check.id = credentials_.add_health_check(c, check, actor_of(caller), clock_.now_ms());
    // The result is health data: the audit record names the check, not its outcome.
    audit_change(c, caller, "add_health_check", w, nullptr,
                 {{"health_check_id", check.id}, {"kind", check.kind}, {"next_due_on", check.next_due_on}});
    auto all = credentials_.of(c, id).health;
    return *std::find_if(all.begin(), all.end(), [&](const auto& h) { return h.id == check.id; });
  });
}

}  // namespace anxin::workforce
