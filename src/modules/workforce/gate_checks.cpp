#include "modules/workforce/gate_checks.hpp"

#include <algorithm>
#include <cmath>

namespace anxin::workforce {

using extend::GateReason;

GatePeriod period_of(const extend::GateRequest& request) {
  // A window of 0 days warns of nothing.
  const TimestampMs warn_before =
      request.warning_days > 0 ? std::max(request.to, request.now) + request.warning_days * kDayMs : 0;
  return {.from = request.from, .to = request.to, .warn_before = warn_before};
}

std::optional<GateReason> validity_reason(const std::string& prefix, const std::string& first_day,
                                          const std::optional<std::string>& last_day, const GatePeriod& p) {
  const auto starts = china_day_start(first_day);
  if (starts && *starts > p.from) {
    return GateReason{.message_key = prefix + "_not_yet_valid", .params = {{"date", first_day}}, .date = first_day};
  }
  if (!last_day) return std::nullopt;
  const auto last_start = china_day_start(*last_day);
  // A record whose end cannot be read does not let anybody through.
  const TimestampMs ends = last_start ? *last_start + kDayMs : 0;
  if (ends <= p.from) {
    return GateReason{.message_key = prefix + "_expired", .params = {{"date", *last_day}}, .date = *last_day};
  }
  if (ends < p.to) {
    return GateReason{.message_key = prefix + "_expires_during", .params = {{"date", *last_day}}, .date = *last_day};
  }
  if (ends <= p.warn_before) {
    return GateReason{.message_key = "workforce.gate_expires_soon",
                      .params = {{"date", *last_day}},
                      .warning = true,
                      .date = *last_day};
  }
  return std::nullopt;
}

namespace {

/// The reason with the record it concerns and the kind of record named in its parameters.
GateReason about(GateReason r, const char* record_kind, std::int64_t id, const std::string& kind) {
  r.record_kind = record_kind;
  r.record_id = id;
  r.params["kind"] = kind;
  return r;
}

}  // namespace

std::vector<GateReason> status_reasons(const Worker& w) {
  if (w.status == "active") return {};
  return {{.message_key = "workforce.gate_status_" + w.status,
           .params = {{"status", w.status}},
           .record_kind = "worker",
           .record_id = w.id}};
}

std::vector<GateReason> vetting_reasons(const Credentials& r, const GatePeriod& p) {
  std::vector<GateReason> out;
  for (const char* kind : {"criminal_record", "mental_health", "credit"}) {
    const bool blocking = std::string_view(kind) != "credit";
    // Checks are ordered newest first: the latest of a kind is the one that counts.
    const auto it = std::find_if(r.checks.begin(), r.checks.end(), [&](const auto& b) { return b.kind == kind; });
    if (it == r.checks.end()) {
      out.push_back({.message_key = "workforce.gate_background_missing",
                     .params = {{"kind", kind}},
                     .warning = !blocking,
                     .record_kind = "worker_background_check"});
      continue;
    }
    if (it->result != "clear") {
      out.push_back(about({.message_key = "workforce.gate_background_" + it->result, .warning = !blocking},
                          "worker_background_check", it->id, kind));
      continue;
    }
    if (auto reason = validity_reason("workforce.gate_background", it->checked_on, it->valid_until, p)) {
      if (!blocking) reason->warning = true;
      out.push_back(about(std::move(*reason), "worker_background_check", it->id, kind));
    }
  }
  return out;
}

std::vector<GateReason> certificate_reasons(const Credentials& r, const ServiceType& s, const GatePeriod& p) {
  std::vector<GateReason> out;
  for (const auto& kind : s.required_certificates) {
    // Of several certificates of a kind, one in force at the start counts before a renewal not yet in force, and
    // of those the one that lasts longest (no end lasts longest).
    const auto started = [&](const Certificate& cert) {
      const auto at = china_day_start(cert.issued_on);
      return at && *at <= p.from;
    };
    const auto better = [&](const Certificate& a, const Certificate& b) {
      if (started(a) != started(b)) return started(a);
      if (!a.expires_on) return b.expires_on.has_value();
      return b.expires_on && *a.expires_on > *b.expires_on;
    };
    const Certificate* best = nullptr;
    for (const auto& cert : r.certificates) {
      if (cert.kind == kind && !cert.revoked_at && (best == nullptr || better(cert, *best))) best = &cert;
    }
    if (best == nullptr) {
      out.push_back({.message_key = "workforce.gate_certificate_missing",
                     .params = {{"kind", kind}},
                     .record_kind = "worker_certificate"});
      continue;
    }
    if (auto reason = validity_reason("workforce.gate_certificate", best->issued_on, best->expires_on, p)) {
      out.push_back(about(std::move(*reason), "worker_certificate", best->id, kind));
    }
  }
  return out;
}

std::vector<GateReason> health_reasons(const Credentials& r, const ServiceType& s, const GatePeriod& p) {
  if (r.health.empty()) {
    return {{.message_key = "workforce.gate_health_missing", .record_kind = "worker_health_check"}};
  }
  const HealthCheck& latest = r.health.front();  // newest first
  const auto about_health = [&](GateReason reason) {
    reason.params["kind"] = "health_check";
    reason.record_kind = "worker_health_check";
    reason.record_id = latest.id;
    return reason;
  };
  if (latest.result == "unfit") return {about_health({.message_key = "workforce.gate_health_unfit"})};
  // Valid until the next due date, and for no longer than the service type allows.
  std::string last_day = latest.next_due_on;
  if (auto by_type = add_days(latest.checked_on, s.health_valid_days - 1); by_type && *by_type < last_day) {
    last_day = *by_type;
  }
  std::vector<GateReason> out;
  if (auto reason = validity_reason("workforce.gate_health", latest.checked_on, last_day, p)) {
    out.push_back(about_health(std::move(*reason)));
  }
  if (latest.result == "fit_with_restrictions") {
    out.push_back(about_health({.message_key = "workforce.gate_health_restrictions", .warning = true}));
  }
  return out;
}

std::vector<GateReason> WorkforceCheck::check(db::Conn& c, const extend::GateRequest& request) const {
  auto& slot = request.loaded["workforce"];
  if (!slot) {
    auto records = std::make_shared<GateRecords>();
    records->worker = workers_.get(c, request.worker_id);
    if (records->worker) {
      records->credentials = credentials_.of(c, request.worker_id);
      for (auto& s : credentials_.service_types(c)) {
        if (s.code == request.service_type) records->service = std::move(s);
      }
    }
    slot = std::move(records);
  }
  const auto& records = *static_cast<const GateRecords*>(slot.get());
  if (!records.worker) {
    return {{.message_key = "workforce.gate_worker_unknown", .record_kind = "worker", .record_id = request.worker_id}};
  }
  return reasons(records, period_of(request));
}

std::vector<GateReason> StatusCheck::reasons(const GateRecords& r, const GatePeriod&) const {
  return status_reasons(*r.worker);
}

std::vector<GateReason> VettingCheck::reasons(const GateRecords& r, const GatePeriod& p) const {
  return vetting_reasons(r.credentials, p);
}

std::vector<GateReason> CertificateCheck::reasons(const GateRecords& r, const GatePeriod& p) const {
  if (!r.service) {
    return {{.message_key = "workforce.gate_service_type_unknown", .params = {{"service_type", ""}}}};
  }
  return certificate_reasons(r.credentials, *r.service, p);
}

std::vector<GateReason> HealthCheckCheck::reasons(const GateRecords& r, const GatePeriod& p) const {
  if (!r.service) return {};
  return health_reasons(r.credentials, *r.service, p);
}

std::vector<GateReason> HoursCheck::check(db::Conn& c, const extend::GateRequest& request) const {
  if (request.worker_id == 0 || request.to <= request.from) return {};
  const WorkforceSettings rules = repo_.settings(c);
  const TimestampMs week_from = *china_day_start(week_start(request.from));
  const TimestampMs week_to = *china_day_start(week_start(request.to - 1)) + 7 * kDayMs;
  auto shifts = repo_.shifts(c, request.worker_id, week_from, week_to);
  // A visit of a day or less is work on its day; a live-in service is governed by its contract's rest days.
  if (request.to - request.from <= kDayMs) shifts.push_back({.starts_at = request.from, .ends_at = request.to});
  std::vector<GateReason> out;
  for (const auto& f : hours_flags(shifts, rules, china_date(request.from), china_date(request.to - 1))) {
    const std::int64_t limit = f.kind == "day_over"    ? rules.daily_hours_max
                               : f.kind == "week_over" ? rules.weekly_hours_max
                                                       : rules.weekly_rest_days_min;
    out.push_back({.message_key = "workforce.gate_hours_" + f.kind,
                   .params = {{"date", f.date}, {"hours", std::round(f.hours * 10) / 10}, {"limit", limit}},
                   .record_kind = "worker_shift",
                   .date = f.date});
  }
  return out;
}

std::vector<GateReason> integrity_reasons(std::int64_t points, std::int64_t limit) {
  if (points >= limit) {
    return {{.message_key = "workforce.gate_integrity_points",
             .params = {{"points", points}, {"limit", limit}},
             .record_kind = "worker_integrity"}};
  }
  if (points > 0 && points >= limit - 3) {
    return {{.message_key = "workforce.gate_integrity_near",
             .params = {{"points", points}, {"limit", limit}},
             .warning = true,
             .record_kind = "worker_integrity"}};
  }
  return {};
}

std::vector<GateReason> IntegrityCheck::check(db::Conn& c, const extend::GateRequest& request) const {
  if (request.worker_id == 0) return {};
  const std::string first_day = china_date(request.from);
  const std::string since = add_days(first_day, -(kIntegrityWindowDays - 1)).value_or(first_day);
  return integrity_reasons(records_.points(c, request.worker_id, since, first_day),
                           settings_.settings(c).integrity_points_max);
}

}  // namespace anxin::workforce
