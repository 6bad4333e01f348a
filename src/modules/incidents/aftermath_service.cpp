#include "modules/incidents/aftermath_service.hpp"

#include <algorithm>

#include "modules/identity/scope.hpp"
#include "platform/text/utf8.hpp"

namespace anxin::incidents {
namespace {

/// Records may be dated a little ahead for clock skew between devices, never more.
constexpr std::int64_t kFutureSlackMs = 5 * 60 * 1000;

bool one_of(const std::vector<std::string>& values, const std::string& v) {
  return std::find(values.begin(), values.end(), v) != values.end();
}

std::ptrdiff_t rank(const std::vector<std::string>& ordered, const std::string& v) {
  return std::find(ordered.begin(), ordered.end(), v) - ordered.begin();
}

nlohmann::json opt_text(const std::optional<std::string>& v) {
  return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
}

nlohmann::json audit_json(const Compensation& k) {
  return {{"compensation_id", k.id},
          {"kind", k.kind},
          {"amount_fen", k.amount_fen},
          {"status", k.status},
          {"claim_ref", opt_text(k.claim_ref)}};
}

/// Optional free text trimmed; blank becomes absent.
std::optional<std::string> trimmed(const std::optional<std::string>& v) {
  if (!v) return std::nullopt;
  const auto t = text::trim_ascii(*v);
  if (t.empty()) return std::nullopt;
  return std::string(t);
}

}  // namespace

AftermathService::AftermathService(db::Database& db, const Clock& clock, const crypto::KeyRing& keys,
                                   audit::AuditSink& audit)
    : db_(db), clock_(clock), audit_(audit), incidents_(keys), repo_(keys) {}

Result<Incident> AftermathService::load_in_scope(db::Conn& c, const Caller& caller, std::int64_t id) {
  auto i = incidents_.get(c, id);
  // Records outside the caller's scope answer "not found", as if they did not exist.
  if (!i || !identity::in_scope(caller, i->reporter_id, i->department_id, i->department_path)) {
    return Error::not_found("incidents.not_found");
  }
  return *i;
}

AftermathSummary AftermathService::summarise(db::Conn& c, std::int64_t incident_id) {
  AftermathSummary s;
  s.injured = repo_.injured_of(c, incident_id);
  s.compensations = repo_.compensations_of(c, incident_id);
  s.visits = repo_.visits_of(c, incident_id);
  for (const auto& kind : compensation_kinds()) s.total_fen_by_kind[kind] = 0;
  for (const auto& k : s.compensations) {
    // Amounts are capped by the API far below overflow; the sums stay exact integers.
    s.total_fen_by_kind[k.kind] += k.amount_fen;
    s.total_fen += k.amount_fen;
    if (k.status == "approved" || k.status == "paid") s.approved_fen += k.amount_fen;
    if (k.status == "paid") s.paid_fen += k.amount_fen;
  }
  return s;
}

Result<AftermathSummary> AftermathService::summary(const Caller& caller, std::int64_t incident_id) {
  return db_.read([&](db::Conn& c) -> Result<AftermathSummary> {
    ANXIN_TRY(load_in_scope(c, caller, incident_id));
    return summarise(c, incident_id);
  });
}

Result<Injured> AftermathService::add_injured(const Caller& caller, std::int64_t incident_id, NewInjured in) {
  in.name = trimmed(in.name);
  if (in.person_id.has_value() == in.name.has_value()) {
    return Error::invalid("incidents.injured_person_or_name", {{"field", in.person_id ? "name" : "person_id"}});
  }
  if (!one_of(treatment_statuses(), in.first.status)) return Error::invalid("common.field_enum", {{"field", "status"}});
  const TimestampMs now = clock_.now_ms();
  if (in.first.at == 0) in.first.at = now;
  if (in.first.at > now + kFutureSlackMs) return Error::invalid("incidents.time_in_future", {{"field", "at"}});
  in.first.note = trimmed(in.first.note);
  in.first.created_by = caller.user_id;
  return db_.write([&](db::Conn& c) -> Result<Injured> {
    ANXIN_ASSIGN_OR_RETURN(Incident i, load_in_scope(c, caller, incident_id));
    if (in.person_id) {
      if (!repo_.person(c, incident_id, *in.person_id)) {
        return Error::invalid("incidents.person_not_found", {{"field", "person_id"}});
      }
      for (const auto& other : repo_.injured_of(c, incident_id)) {
        if (other.person_id == in.person_id) return Error::conflict("incidents.injured_exists");
      }
    }
    const auto injured_id = repo_.add_injured(c, incident_id, in, caller.user_id, now);
    incidents_.add_event(c, incident_id, now, caller.user_id, "aftermath",
                         "injured#" + std::to_string(injured_id) + ":" + in.first.status, std::nullopt);
    audit_.append(c, {.actor = audit::Actor::of(caller),
                      .action = "add_injured",
                      .entity = "incident",
                      .entity_id = std::to_string(incident_id),
                      .department_id = i.department_id,
                      .after = {{"injured_id", injured_id},
                                {"person_id", in.person_id ? nlohmann::json(*in.person_id) : nlohmann::json(nullptr)},
                                {"status", in.first.status}}});
    auto saved = repo_.injured_of(c, incident_id);
    return *std::find_if(saved.begin(), saved.end(), [&](const Injured& x) { return x.id == injured_id; });
  });
}

Result<Injured> AftermathService::add_treatment(const Caller& caller, std::int64_t incident_id, std::int64_t injured_id,
                                                Treatment entry) {
  if (!one_of(treatment_statuses(), entry.status)) return Error::invalid("common.field_enum", {{"field", "status"}});
  const TimestampMs now = clock_.now_ms();
  if (entry.at == 0) entry.at = now;
  if (entry.at > now + kFutureSlackMs) return Error::invalid("incidents.time_in_future", {{"field", "at"}});
  entry.note = trimmed(entry.note);
  entry.created_by = caller.user_id;
  return db_.write([&](db::Conn& c) -> Result<Injured> {
    ANXIN_ASSIGN_OR_RETURN(Incident i, load_in_scope(c, caller, incident_id));
    auto before = repo_.injured(c, injured_id);
    if (!before || before->first != incident_id) return Error::not_found("incidents.injured_not_found");
    repo_.add_treatment(c, injured_id, entry, now);
    incidents_.add_event(c, incident_id, now, caller.user_id, "aftermath",
                         "treatment#" + std::to_string(injured_id) + ":" + entry.status, std::nullopt);
    audit_.append(c, {.actor = audit::Actor::of(caller),
                      .action = "add_treatment",
                      .entity = "incident",
                      .entity_id = std::to_string(incident_id),
                      .department_id = i.department_id,
                      .before = {{"injured_id", injured_id}, {"status", before->second.status}},
                      .after = {{"injured_id", injured_id}, {"entry_status", entry.status}}});
    auto saved = repo_.injured_of(c, incident_id);
    return *std::find_if(saved.begin(), saved.end(), [&](const Injured& x) { return x.id == injured_id; });
  });
}

Status AftermathService::link_claim(db::Conn& c, const std::string& action, const Incident& incident,
                                    std::int64_t compensation_id, const std::string& previous_status) {
  if (claim_link_ == nullptr) return ok_status();
  const Compensation item = repo_.compensation(c, compensation_id)->second;
  ANXIN_ASSIGN_OR_RETURN(auto ref, claim_link_->compensation_changed(c, {action, incident, item, previous_status}));
  if (ref) repo_.set_claim_ref(c, compensation_id, ref);
  return ok_status();
}

Result<Compensation> AftermathService::add_compensation(const Caller& caller, std::int64_t incident_id,
                                                        NewCompensation in) {
  if (!one_of(compensation_kinds(), in.kind)) return Error::invalid("common.field_enum", {{"field", "kind"}});
  if (in.amount_fen <= 0) return Error::invalid("common.field_too_small", {{"field", "amount_fen"}, {"min", 1}});
  const auto payee = trimmed(in.payee);
  if (!payee) return Error::invalid("common.field_required", {{"field", "payee"}});
  in.payee = *payee;
  in.claim_ref = trimmed(in.claim_ref);
  return db_.write([&](db::Conn& c) -> Result<Compensation> {
    ANXIN_ASSIGN_OR_RETURN(Incident i, load_in_scope(c, caller, incident_id));
    if (in.injured_id) {
      auto injured = repo_.injured(c, *in.injured_id);
      if (!injured || injured->first != incident_id) {
        return Error::invalid("incidents.injured_not_found", {{"field", "injured_id"}});
      }
    }
    const TimestampMs now = clock_.now_ms();
    const auto id = repo_.add_compensation(c, incident_id, in, caller.user_id, now);
    ANXIN_TRY(link_claim(c, "created", i, id, ""));
    const Compensation saved = repo_.compensation(c, id)->second;
    incidents_.add_event(c, incident_id, now, caller.user_id, "aftermath",
                         "compensation#" + std::to_string(id) + ":" + in.kind + ":proposed", std::nullopt);
    audit_.append(c, {.actor = audit::Actor::of(caller),
                      .action = "add_compensation",
                      .entity = "incident",
                      .entity_id = std::to_string(incident_id),
                      .department_id = i.department_id,
                      .after = audit_json(saved)});
    return saved;
  });
}

Result<Compensation> AftermathService::update_compensation(const Caller& caller, std::int64_t incident_id,
                                                           std::int64_t compensation_id,
                                                           const CompensationPatch& patch) {
  if (patch.status && !one_of(compensation_statuses(), *patch.status)) {
    return Error::invalid("common.field_enum", {{"field", "status"}});
  }
  if (patch.amount_fen && *patch.amount_fen <= 0) {
    return Error::invalid("common.field_too_small", {{"field", "amount_fen"}, {"min", 1}});
  }
  std::optional<std::string> payee;
  if (patch.payee) {
    payee = trimmed(patch.payee);
    if (!payee) return Error::invalid("common.field_required", {{"field", "payee"}});
  }
  return db_.write([&](db::Conn& c) -> Result<Compensation> {
    ANXIN_ASSIGN_OR_RETURN(Incident i, load_in_scope(c, caller, incident_id));
    auto found = repo_.compensation(c, compensation_id);
    if (!found || found->first != incident_id) return Error::not_found("incidents.compensation_not_found");
    const Compensation before = found->second;
    if (before.version != patch.version) return Error::conflict("common.version_conflict");
    Compensation after = before;
    const bool amends = (patch.amount_fen && *patch.amount_fen != before.amount_fen) ||
                        (payee && (!before.payee || *payee != *before.payee));
    // Once approved, the amount and the payee are what was approved: a change needs a new item.
    if (amends && before.status != "proposed") return Error::conflict("incidents.compensation_locked");
    if (patch.amount_fen) after.amount_fen = *patch.amount_fen;
    if (payee) after.payee = payee;
    if (patch.status && *patch.status != before.status) {
      // Forward one step at a time: proposed → approved → paid.
      if (rank(compensation_statuses(), *patch.status) != rank(compensation_statuses(), before.status) + 1) {
        return Error::conflict("incidents.compensation_transition", {{"from", before.status}, {"to", *patch.status}});
      }
      after.status = *patch.status;
    }
    if (patch.claim_ref) after.claim_ref = trimmed(*patch.claim_ref);
    const TimestampMs now = clock_.now_ms();
    if (!repo_.update_compensation(c, after, patch.version, now)) return Error::conflict("common.version_conflict");
    if (after.status != before.status) {
      ANXIN_TRY(link_claim(c, "status", i, compensation_id, before.status));
    } else if (amends) {
      ANXIN_TRY(link_claim(c, "amended", i, compensation_id, before.status));
    }
    const Compensation saved = repo_.compensation(c, compensation_id)->second;
    incidents_.add_event(c, incident_id, now, caller.user_id, "aftermath",
                         "compensation#" + std::to_string(compensation_id) + ":" + saved.kind + ":" + saved.status,
                         std::nullopt);
    audit_.append(c, {.actor = audit::Actor::of(caller),
                      .action = "update_compensation",
                      .entity = "incident",
                      .entity_id = std::to_string(incident_id),
                      .department_id = i.department_id,
                      .before = audit_json(before),
                      .after = audit_json(saved)});
    return saved;
  });
}

Result<Visit> AftermathService::add_visit(const Caller& caller, std::int64_t incident_id, Visit visit) {
  if (!one_of(visit_methods(), visit.method)) return Error::invalid("common.field_enum", {{"field", "method"}});
  if (visit.satisfaction < 1) return Error::invalid("common.field_too_small", {{"field", "satisfaction"}, {"min", 1}});
  if (visit.satisfaction > 5) return Error::invalid("common.field_too_large", {{"field", "satisfaction"}, {"max", 5}});
  const TimestampMs now = clock_.now_ms();
  if (visit.at == 0) visit.at = now;
  if (visit.at > now + kFutureSlackMs) return Error::invalid("incidents.time_in_future", {{"field", "at"}});
  if (visit.visitor_id == 0) visit.visitor_id = caller.user_id;
  visit.note = trimmed(visit.note);
  return db_.write([&](db::Conn& c) -> Result<Visit> {
    ANXIN_ASSIGN_OR_RETURN(Incident i, load_in_scope(c, caller, incident_id));
    if (!repo_.user_active(c, visit.visitor_id)) {
      return Error::invalid("emergency.user_invalid", {{"field", "visitor_id"}});
    }
    visit.id = repo_.add_visit(c, incident_id, visit, caller.user_id, now);
    incidents_.add_event(
        c, incident_id, now, caller.user_id, "aftermath",
        "visit#" + std::to_string(visit.id) + ":" + visit.method + ":" + std::to_string(visit.satisfaction),
        std::nullopt);
    audit_.append(c, {.actor = audit::Actor::of(caller),
                      .action = "add_visit",
                      .entity = "incident",
                      .entity_id = std::to_string(incident_id),
                      .department_id = i.department_id,
                      .after = {{"visit_id", visit.id},
                                {"visitor_id", visit.visitor_id},
                                {"method", visit.method},
                                {"satisfaction", visit.satisfaction}}});
    return visit;
  });
}

}  // namespace anxin::incidents
