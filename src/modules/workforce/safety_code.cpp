#include "modules/workforce/safety_code.hpp"

#include "platform/crypto/crypto.hpp"

namespace anxin::workforce {

namespace {

/// 32 random bytes, base64url: unguessable, and short enough for a QR code a phone reads from a badge.
constexpr std::size_t kTokenBytes = 32;

SafetyCode code_of(const std::string& token, TimestampMs issued_at) {
  return {.token = token, .path = "/s/" + token, .issued_at = issued_at};
}

}  // namespace

void SafetyCodes::audit(db::Conn& c, const Caller& caller, const Worker& w, const std::string& action) {
  audit_.append(c, {.actor = audit::Actor::of(caller),
                    .action = action,
                    .entity = "worker",
                    .entity_id = std::to_string(w.id),
                    .department_id = w.department_id});
}

Result<SafetyCode> SafetyCodes::issue(const Caller& caller, std::int64_t id) {
  return db_.write([&](db::Conn& c) -> Result<SafetyCode> {
    ANXIN_ASSIGN_OR_RETURN(Worker w, workers_.load_in_scope(c, caller, id));
    if (w.status == "left") return Error::conflict("workforce.worker_left");
    const std::string token = crypto::random_token(kTokenBytes);
    const TimestampMs now = clock_.now_ms();
    workers_.workers().set_safety_token(c, id, token, now);
    audit(c, caller, w, "issue_safety_code");
    return code_of(token, now);
  });
}

Result<SafetyCode> SafetyCodes::get(const Caller& caller, std::int64_t id) {
  return db_.read([&](db::Conn& c) -> Result<SafetyCode> {
    ANXIN_TRY(workers_.load_in_scope(c, caller, id));
    auto token = workers_.workers().safety_token(c, id);
    if (!token) return Error::not_found("workforce.safety_code_none");
    return code_of(token->first, token->second);
  });
}

Status SafetyCodes::revoke(const Caller& caller, std::int64_t id) {
  return db_.write([&](db::Conn& c) -> Status {
    ANXIN_ASSIGN_OR_RETURN(Worker w, workers_.load_in_scope(c, caller, id));
    if (!workers_.workers().safety_token(c, id)) return Error::not_found("workforce.safety_code_none");
    workers_.workers().set_safety_token(c, id, std::nullopt, clock_.now_ms());
    audit(c, caller, w, "revoke_safety_code");
    return ok_status();
  });
}

std::optional<PublicSafetyView> SafetyCodes::view(const std::string& token) {
  return db_.read([&](db::Conn& c) -> std::optional<PublicSafetyView> {
    const auto id = workers_.workers().id_by_safety_token(c, token);
    if (!id) return std::nullopt;
    auto w = workers_.workers().get(c, *id);
    if (!w) return std::nullopt;
    return PublicSafetyView{.name_initial = name_initial(w->name),
                            .job_types = w->job_types,
                            .colour = gate_.colour_in(c, *w),
                            .date = china_date(clock_.now_ms())};
  });
}

}  // namespace anxin::workforce
