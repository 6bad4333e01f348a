#include "modules/workforce/worker_service.hpp"

#include <algorithm>

#include "modules/identity/scope.hpp"
#include "platform/text/identifiers.hpp"
#include "platform/text/masking.hpp"

namespace anxin::workforce {

namespace {

/// The youngest age at which a person may be employed (Labour Law art. 15).
constexpr int kMinimumWorkingAge = 16;

bool allowed_move(const std::string& from, const std::string& to) {
  if (to == "left") return from != "left";
  if (to == "active") return from == "applicant" || from == "suspended";
  if (to == "suspended") return from == "active";
  return false;
}

}  // namespace

WorkerService::WorkerService(db::Database& db, const Clock& clock, const crypto::KeyRing& keys, audit::AuditSink& audit,
                             identity::UserService& users)
    : db_(db), clock_(clock), audit_(audit), users_(users), repo_(keys), credentials_(keys) {}

std::optional<Error> WorkerService::normalise(Worker& w, const std::vector<ServiceType>& types) const {
  const std::string id = text::normalize_resident_id(w.id_number);
  if (!text::valid_resident_id(id, clock_.now_ms())) {
    return Error::unprocessable("workforce.id_number_invalid", {{"field", "id_number"}});
  }
  // Of working age from the 16th birthday; compared as text, so a 29 February birthday counts from 1 March.
  const std::string birth = birth_date_of(id).value_or("");
  const std::string working_from = std::to_string(std::stoi(birth.substr(0, 4)) + kMinimumWorkingAge) + birth.substr(4);
  if (working_from > china_date(clock_.now_ms())) {
    return Error::unprocessable("workforce.worker_too_young", {{"field", "id_number"}, {"age", kMinimumWorkingAge}});
  }
  w.id_number = id;
  if (w.phone) {
    auto p = text::normalize_mobile(*w.phone);
    if (!p) return Error::unprocessable("workforce.phone_invalid", {{"field", "phone"}});
    w.phone = *p;
  }
  if (w.bank_account) {
    auto b = text::normalize_bank_card(*w.bank_account);
    if (!b) return Error::unprocessable("workforce.bank_account_invalid", {{"field", "bank_account"}});
    w.bank_account = *b;
  }
  if (w.job_types.empty()) return Error::invalid("common.field_required", {{"field", "job_types"}});
  std::sort(w.job_types.begin(), w.job_types.end());
  w.job_types.erase(std::unique(w.job_types.begin(), w.job_types.end()), w.job_types.end());
  for (const auto& t : w.job_types) {
    const bool known = std::any_of(types.begin(), types.end(), [&](const auto& s) { return s.code == t && s.active; });
    if (!known) return Error::unprocessable("workforce.service_type_unknown", {{"field", "job_types"}, {"code", t}});
  }
  if (w.employment == "agency" && (!w.agency_name || w.agency_name->empty())) {
    return Error::invalid("common.field_required", {{"field", "agency_name"}});
  }
  if (w.employment == "own") w.agency_name.reset();
  return std::nullopt;
}

Status WorkerService::check_department(db::Conn& c, const Caller& caller, std::int64_t department_id) const {
  const auto d = directory_.department(c, department_id);
  // Records are kept for the caller's own department or, with a wider scope, for units in it.
  Caller scoped = caller;
  if (scoped.data_scope == 0) scoped.data_scope = 1;
  if (!d || !identity::department_in_scope(scoped, department_id, d->path)) {
    return Error::unprocessable("workforce.department_invalid", {{"field", "department_id"}});
  }
  return ok_status();
}

Result<Worker> WorkerService::load_in_scope(db::Conn& c, const Caller& caller, std::int64_t id) const {
  auto w = repo_.get(c, id);
  if (w) {
    if (auto d = directory_.department(c, w->department_id)) w->department_path = d->path;
  }
  if (!w || !identity::in_scope(caller, w->user_id.value_or(-1), w->department_id, w->department_path)) {
    return Error::not_found("workforce.worker_not_found");
  }
  return std::move(*w);
}

void WorkerService::audit_change(db::Conn& c, const Caller& caller, const std::string& action, const Worker& w,
                                 nlohmann::json before, nlohmann::json after, const std::string& reason) {
  audit_.append(c, {.actor = audit::Actor::of(caller),
                    .action = action,
                    .entity = "worker",
                    .entity_id = std::to_string(w.id),
                    .department_id = w.department_id,
                    .before = std::move(before),
                    .after = std::move(after),
                    .reason = reason});
}

Result<Worker> WorkerService::create(const Caller& caller, NewWorker input) {
  Worker w{.name = input.name,
           .id_number = input.id_number,
           .phone = input.phone,
           .address = input.address,
           .bank_account = input.bank_account,
           .emergency_contact = input.emergency_contact,
           .job_types = input.job_types,
           .employment = input.employment,
           .agency_name = input.agency_name};
  if (auto e = normalise(w, service_types())) return *e;
  input.id_number = w.id_number;
  input.phone = w.phone;
  input.bank_account = w.bank_account;
  input.job_types = w.job_types;
  input.agency_name = w.agency_name;
  return db_.write([&](db::Conn& c) -> Result<Worker> {
    ANXIN_TRY(check_department(c, caller, input.department_id));
    // The same person is registered once; the answer does not repeat the number.
    if (repo_.id_by_id_number(c, input.id_number)) return Error::conflict("workforce.id_number_taken");
    const auto id =
        repo_.insert(c, input, caller.user_id ? std::optional(caller.user_id) : std::nullopt, clock_.now_ms());
    Worker saved = *repo_.get(c, id);
    audit_change(c, caller, "create", saved, nullptr, to_audit_json(saved));
    return saved;
  });
}

Result<Worker> WorkerService::get(const Caller& caller, std::int64_t id) {
  return db_.read([&](db::Conn& c) { return load_in_scope(c, caller, id); });
}

Result<PageOf<Worker>> WorkerService::list(const Caller& caller, WorkerFilter filter, const PageRequest& page) {
  if (filter.id_number) filter.id_number = text::normalize_resident_id(*filter.id_number);
  if (filter.phone) {
    auto p = text::normalize_mobile(*filter.phone);
    if (!p) return Error::unprocessable("workforce.phone_invalid", {{"field", "phone"}});
    filter.phone = *p;
  }
  const auto scope = identity::scope_filter(caller);
  return db_.read([&](db::Conn& c) -> Result<PageOf<Worker>> {
    std::optional<std::string> subtree;
    if (scope.path_prefix) subtree = db::id_list(directory_.departments_under(c, *scope.path_prefix));
    return repo_.list(c, filter, subtree, scope, china_date(clock_.now_ms()), page);
  });
}

Result<std::pair<std::vector<Worker>, int>> WorkerService::export_workers(const Caller& caller, WorkerFilter filter,
                                                                          const std::optional<std::string>& purpose) {
  std::vector<Worker> rows;
  constexpr std::int64_t kPage = 1000;
  for (std::int64_t page = 1;; ++page) {
    ANXIN_ASSIGN_OR_RETURN(auto part, list(caller, filter, {.page = page, .page_size = kPage}));
    if (part.total > kExportMax) {
      return Error::unprocessable("workforce.export_too_large", {{"rows", part.total}, {"max", kExportMax}});
    }
    for (auto& w : part.items) rows.push_back(std::move(w));
    if (static_cast<std::int64_t>(part.items.size()) < kPage) break;
  }
  // Full class 3-4 values only to a cleared caller who states why; everyone else gets the masked file.
  const int shown = purpose ? caller.clearance : std::min(caller.clearance, 2);
  ANXIN_TRY(db_.write([&](db::Conn& c) -> Status {
    audit_.append(
        c, {.actor = audit::Actor::of(caller),
            .action = "export",
            .entity = "worker",
            .entity_id = "list",
            .department_id = caller.department_id,
            .after = {{"rows", rows.size()},
                      {"clearance", shown},
                      {"status", filter.status ? nlohmann::json(*filter.status) : nlohmann::json(nullptr)},
                      {"job_type", filter.job_type ? nlohmann::json(*filter.job_type) : nlohmann::json(nullptr)}},
            .reason = purpose.value_or("")});
    return ok_status();
  }));
  return std::make_pair(std::move(rows), shown);
}

Result<Worker> WorkerService::update(const Caller& caller, std::int64_t id, WorkerPatch patch) {
  const auto types = service_types();
  return db_.write([&](db::Conn& c) -> Result<Worker> {
    ANXIN_ASSIGN_OR_RETURN(Worker current, load_in_scope(c, caller, id));
    if (current.version != patch.version) return Error::conflict("common.version_conflict");
    if (current.status == "left") return Error::conflict("workforce.worker_left");
    Worker next = current;
    if (patch.name) next.name = *patch.name;
    if (patch.department_id) {
      ANXIN_TRY(check_department(c, caller, *patch.department_id));
      next.department_id = *patch.department_id;
    }
    if (patch.phone) next.phone = *patch.phone;
    if (patch.address) next.address = *patch.address;
    if (patch.bank_account) next.bank_account = *patch.bank_account;
    if (patch.emergency_contact) next.emergency_contact = *patch.emergency_contact;
    if (patch.job_types) next.job_types = *patch.job_types;
    if (patch.employment) next.employment = *patch.employment;
    if (patch.agency_name) next.agency_name = *patch.agency_name;
    if (auto e = normalise(next, types)) return *e;
    if (!repo_.update(c, next, patch.version, clock_.now_ms())) return Error::conflict("common.version_conflict");
    Worker saved = *repo_.get(c, id);
    audit_change(c, caller, "update", saved, to_audit_json(current), to_audit_json(saved));
    return saved;
  });
}

Result<Worker> WorkerService::set_status(const Caller& caller, std::int64_t id, std::int64_t version,
                                         const std::string& status, const std::string& reason) {
  return db_.write([&](db::Conn& c) -> Result<Worker> {
    ANXIN_ASSIGN_OR_RETURN(Worker current, load_in_scope(c, caller, id));
    if (current.version != version) return Error::conflict("common.version_conflict");
    if (!allowed_move(current.status, status)) {
      return Error::conflict("workforce.status_move_invalid", {{"from", current.status}, {"to", status}});
    }
    if (!repo_.set_status(c, current, status, reason, caller.user_id ? std::optional(caller.user_id) : std::nullopt,
                          clock_.now_ms())) {
      return Error::conflict("common.version_conflict");
    }
    // A worker who leaves loses any linked account's access at once (SEC-3), in the same transaction, and the
    // 安心码 stops answering.
    if (status == "left") {
      if (current.user_id) users_.disable_linked(c, caller, *current.user_id, reason);
      repo_.set_safety_token(c, id, std::nullopt, clock_.now_ms());
    }
    Worker saved = *repo_.get(c, id);
    audit_change(c, caller, "set_status", saved, {{"status", current.status}}, {{"status", status}}, reason);
    return saved;
  });
}

Result<Worker> WorkerService::link_account(const Caller& caller, std::int64_t id, std::int64_t version,
                                           std::optional<std::int64_t> user_id) {
  return db_.write([&](db::Conn& c) -> Result<Worker> {
    ANXIN_ASSIGN_OR_RETURN(Worker current, load_in_scope(c, caller, id));
    if (current.version != version) return Error::conflict("common.version_conflict");
    if (current.status == "left") return Error::conflict("workforce.worker_left");
    if (user_id) {
      if (!directory_.user_active(c, *user_id)) {
        return Error::unprocessable("workforce.account_invalid", {{"field", "user_id"}});
      }
      const auto linked = repo_.id_by_user(c, *user_id);
      if (linked && *linked != id) return Error::conflict("workforce.account_linked_elsewhere");
    }
    if (!repo_.link_user(c, id, user_id, version, clock_.now_ms())) return Error::conflict("common.version_conflict");
    Worker saved = *repo_.get(c, id);
    audit_change(c, caller, "link_account", saved,
                 {{"user_id", current.user_id ? nlohmann::json(*current.user_id) : nlohmann::json()}},
                 {{"user_id", user_id ? nlohmann::json(*user_id) : nlohmann::json()}});
    return saved;
  });
}

Result<std::vector<StatusEvent>> WorkerService::history(const Caller& caller, std::int64_t id) {
  return db_.read([&](db::Conn& c) -> Result<std::vector<StatusEvent>> {
    ANXIN_TRY(load_in_scope(c, caller, id));
    auto events = repo_.history(c, id);
    identity::NameLookup names(directory_, c);
    for (auto& e : events) e.actor_name = names.user(e.actor_id);
    return events;
  });
}

Result<std::string> WorkerService::reveal(const Caller& caller, std::int64_t id, const std::string& field,
                                          const std::string& reason) {
  const text::FieldSpec* spec = worker_field(field);
  if (spec == nullptr || static_cast<int>(spec->data_class) < 3) {
    return Error::invalid("workforce.reveal_field_invalid", {{"field", "field"}});
  }
  if (static_cast<int>(spec->data_class) > caller.clearance) return Error::forbidden("workforce.clearance_too_low");
  return db_.write([&](db::Conn& c) -> Result<std::string> {
    ANXIN_ASSIGN_OR_RETURN(Worker w, load_in_scope(c, caller, id));
    std::optional<std::string> value;
    if (field == "id_number") value = w.id_number;
    if (field == "phone") value = w.phone;
    if (field == "address") value = w.address;
    if (field == "bank_account") value = w.bank_account;
    if (field == "emergency_contact") value = w.emergency_contact;
    if (!value) return Error::not_found("workforce.value_absent");
    audit_change(c, caller, "reveal", w, nullptr, {{"field", field}, {"value", text::mask_value(spec->kind, *value)}},
                 reason);
    return *value;
  });
}

std::vector<ServiceType> WorkerService::service_types() {
  return db_.read([&](db::Conn& c) { return credentials_.service_types(c); });
}

}  // namespace anxin::workforce
