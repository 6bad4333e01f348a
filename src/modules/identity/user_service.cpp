#include "modules/identity/user_service.hpp"

#include <algorithm>

#include "modules/identity/department_repository.hpp"
#include "modules/identity/permissions.hpp"
#include "modules/identity/role_repository.hpp"
#include "platform/crypto/crypto.hpp"
#include "platform/text/identifiers.hpp"

namespace anxin::identity {

namespace {

bool has_personal_above(const User& u, int level) {
  for (const auto& f : user_fields()) {
    if (static_cast<int>(f.data_class) < level) continue;
    const std::optional<std::string>* v = nullptr;
    if (f.name == "phone")
      v = &u.phone;
    else if (f.name == "address")
      v = &u.address;
    else if (f.name == "id_number")
      v = &u.id_number;
    else if (f.name == "bank_account")
      v = &u.bank_account;
    if (v != nullptr && v->has_value()) return true;
  }
  return false;
}

bool valid_username(const std::string& s) {
  if (s.size() < 3 || s.size() > 32) return false;
  return std::all_of(s.begin(), s.end(), [](char ch) {
    return (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_' || ch == '.' || ch == '-';
  });
}

}  // namespace

UserService::UserService(db::Database& db, const Clock& clock, const crypto::KeyRing& keys, audit::AuditSink& audit,
                         AuthService& auth)
    : db_(db), clock_(clock), audit_(audit), auth_(auth), repo_(keys) {}

std::string UserService::generate_password() {
  // Random base64url text plus one of each class, so any policy profile accepts it.
  return crypto::random_token(12).substr(0, 12) + "Aa7#";
}

std::optional<Error> UserService::normalise(User& u, std::vector<std::string>& warnings) const {
  if (u.phone) {
    auto p = text::normalize_mobile(*u.phone);
    if (!p) return Error::invalid("identity.phone_invalid", {{"field", "phone"}});
    u.phone = *p;
  }
  if (u.id_number) {
    const std::string id = text::normalize_resident_id(*u.id_number);
    if (!text::valid_resident_id(id, clock_.now_ms())) {
      return Error::invalid("identity.id_number_invalid", {{"field", "id_number"}});
    }
    u.id_number = id;
  }
  if (u.bank_account) {
    auto b = text::normalize_bank_card(*u.bank_account);
    if (!b) return Error::invalid("identity.bank_account_invalid", {{"field", "bank_account"}});
    if (!text::luhn_valid(*b)) warnings.push_back("identity.bank_account_luhn");
    u.bank_account = *b;
  }
  if (u.email && (u.email->find('@') == std::string::npos || u.email->size() < 3)) {
    return Error::invalid("identity.email_invalid", {{"field", "email"}});
  }
  return std::nullopt;
}

std::optional<Error> UserService::check_roles(db::Conn& c, const std::vector<std::int64_t>& role_ids) const {
  for (auto id : role_ids) {
    if (!RoleRepository{}.exists(c, id)) return Error::invalid("identity.role_not_found", {{"field", "role_ids"}});
  }
  return std::nullopt;
}

Result<User> UserService::load_in_scope(db::Conn& c, const Caller& caller, std::int64_t id) {
  auto u = repo_.get(c, id);
  if (!u || !in_scope(caller, u->id, u->department_id, u->department_path)) {
    return Error::not_found("identity.user_not_found");
  }
  return *u;
}

Result<CreatedUser> UserService::create(const Caller& caller, NewUser input) {
  if (!valid_username(input.username)) {
    return Error::invalid("identity.username_invalid", {{"field", "username"}});
  }
  if (!input.role_ids.empty() && !caller.has("identity:user:assign_roles")) {
    return Error::forbidden("identity.roles_need_assign_permission");
  }
  CreatedUser out;
  User personal;
  personal.phone = input.phone;
  personal.id_number = input.id_number;
  personal.bank_account = input.bank_account;
  personal.address = input.address;
  personal.email = input.email;
  if (auto e = normalise(personal, out.warnings)) return *e;
  input.email = personal.email;
  if (!input.is_service_account) out.initial_password = generate_password();
  const std::string hash =
      out.initial_password ? crypto::hash_password(*out.initial_password, auth_.options().password_params) : "";
  const TimestampMs now = clock_.now_ms();
  auto created = db_.write([&](db::Conn& c) -> Result<User> {
    DepartmentRepository departments;
    auto dept = departments.get(c, input.department_id);
    if (!dept || !department_in_scope(caller, dept->id, dept->path)) {
      return Error::invalid("identity.department_not_found", {{"field", "department_id"}});
    }
    if (repo_.id_by_username(c, input.username)) {
      return Error::conflict("identity.username_taken", {{"username", input.username}});
    }
    if (auto e = check_roles(c, input.role_ids)) return *e;
    const std::int64_t id = repo_.insert(c, input, now);
    repo_.set_personal(c, id, personal);
    if (!hash.empty()) repo_.set_password(c, id, hash, now, /*must_change=*/true);
    repo_.set_roles(c, id, input.role_ids);
    User u = *repo_.get(c, id);
    audit_.append(c, {.actor = audit::Actor::of(caller),
                      .action = "create",
                      .entity = "user",
                      .entity_id = std::to_string(id),
                      .department_id = u.department_id,
                      .after = to_audit_json(u)});
    return u;
  });
  if (!created.ok()) return created.error();
  out.user = std::move(created).value();
  return out;
}

Result<User> UserService::get(const Caller& caller, std::int64_t id) {
  auto u = db_.read([&](db::Conn& c) { return load_in_scope(c, caller, id); });
  if (!u.ok()) return u;
  // Full class 3–4 values leave the server only on an audited read.
  if (caller.clearance >= 3 && has_personal_above(u.value(), 3)) {
    auto r = db_.write([&](db::Conn& c) -> Status {
      audit_.append(c, {.actor = audit::Actor::of(caller),
                        .action = "read_sensitive",
                        .entity = "user",
                        .entity_id = std::to_string(id),
                        .department_id = u->department_id,
                        .reason = "detail view, clearance " + std::to_string(caller.clearance)});
      return ok_status();
    });
    if (!r.ok()) return r.error();
  }
  return u;
}

Result<PageOf<User>> UserService::list(const Caller& caller, UserFilter filter, const PageRequest& page) {
  if (filter.phone) {
    auto p = text::normalize_mobile(*filter.phone);
    if (!p) return Error::invalid("identity.phone_invalid", {{"field", "phone"}});
    filter.phone = *p;
  }
  if (filter.id_number) filter.id_number = text::normalize_resident_id(*filter.id_number);
  return db_.read([&](db::Conn& c) { return repo_.list(c, filter, scope_filter(caller), page); });
}

Result<CreatedUser> UserService::update(const Caller& caller, std::int64_t id, UserPatch patch) {
  CreatedUser out;
  auto updated = db_.write([&](db::Conn& c) -> Result<User> {
    ANXIN_ASSIGN_OR_RETURN(User current, load_in_scope(c, caller, id));
    if (current.version != patch.version) return Error::conflict("common.version_conflict");
    User next = current;
    if (patch.display_name) next.display_name = *patch.display_name;
    if (patch.post_id) next.post_id = *patch.post_id;
    if (patch.email) next.email = *patch.email;
    if (patch.phone) next.phone = *patch.phone;
    if (patch.id_number) next.id_number = *patch.id_number;
    if (patch.bank_account) next.bank_account = *patch.bank_account;
    if (patch.address) next.address = *patch.address;
    if (patch.department_id && *patch.department_id != current.department_id) {
      DepartmentRepository departments;
      auto dept = departments.get(c, *patch.department_id);
      if (!dept || !department_in_scope(caller, dept->id, dept->path)) {
        return Error::invalid("identity.department_not_found", {{"field", "department_id"}});
      }
      next.department_id = dept->id;
    }
    if (auto e = normalise(next, out.warnings)) return *e;
    if (!repo_.update(c, next, patch.version, clock_.now_ms())) return Error::conflict("common.version_conflict");
    repo_.set_personal(c, id, next);
    User saved = *repo_.get(c, id);
    audit_.append(c, {.actor = audit::Actor::of(caller),
                      .action = "update",
                      .entity = "user",
                      .entity_id = std::to_string(id),
                      .department_id = saved.department_id,
                      .before = to_audit_json(current),
                      .after = to_audit_json(saved)});
    return saved;
  });
  if (!updated.ok()) return updated.error();
  out.user = std::move(updated).value();
  return out;
}

Result<User> UserService::set_disabled(const Caller& caller, std::int64_t id, bool disabled) {
  if (disabled && id == caller.user_id) return Error::conflict("identity.cannot_disable_self");
  return db_.write([&](db::Conn& c) -> Result<User> {
    ANXIN_ASSIGN_OR_RETURN(User current, load_in_scope(c, caller, id));
    repo_.set_status(c, id, disabled ? "disabled" : "active", clock_.now_ms());
    // Leavers lose access at once (SEC-3): every session of the account ends now.
    if (disabled) auth_.revoke_sessions(c, id);
    User saved = *repo_.get(c, id);
    audit_.append(c, {.actor = audit::Actor::of(caller),
                      .action = disabled ? "disable" : "enable",
                      .entity = "user",
                      .entity_id = std::to_string(id),
                      .department_id = saved.department_id,
                      .before = {{"status", current.status}},
                      .after = {{"status", saved.status}}});
    return saved;
  });
}

void UserService::disable_linked(db::Conn& c, const Caller& caller, std::int64_t id, const std::string& reason) {
  auto current = repo_.get(c, id);
  if (!current || current->status != "active") return;
  repo_.set_status(c, id, "disabled", clock_.now_ms());
  auth_.revoke_sessions(c, id);
  audit_.append(c, {.actor = audit::Actor::of(caller),
                    .action = "disable",
                    .entity = "user",
                    .entity_id = std::to_string(id),
                    .department_id = current->department_id,
                    .before = {{"status", current->status}},
                    .after = {{"status", "disabled"}},
                    .reason = reason});
}

Result<User> UserService::set_roles(const Caller& caller, std::int64_t id, const std::vector<std::int64_t>& role_ids) {
  if (id == caller.user_id) return Error::forbidden("identity.cannot_change_own_roles");
  return db_.write([&](db::Conn& c) -> Result<User> {
    ANXIN_ASSIGN_OR_RETURN(User current, load_in_scope(c, caller, id));
    if (auto e = check_roles(c, role_ids)) return *e;
    std::vector<std::int64_t> sorted = role_ids;
    std::sort(sorted.begin(), sorted.end());
    sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
    repo_.set_roles(c, id, sorted);
    // New privileges apply to fresh sessions only.
    auth_.revoke_sessions(c, id);
    User saved = *repo_.get(c, id);
    audit_.append(c, {.actor = audit::Actor::of(caller),
                      .action = "assign_roles",
                      .entity = "user",
                      .entity_id = std::to_string(id),
                      .department_id = saved.department_id,
                      .before = {{"role_ids", current.role_ids}},
                      .after = {{"role_ids", saved.role_ids}}});
    return saved;
  });
}

Result<std::string> UserService::reveal(const Caller& caller, std::int64_t id, const std::string& field,
                                        const std::string& reason) {
  const text::FieldSpec* spec = user_field(field);
  if (spec == nullptr || static_cast<int>(spec->data_class) < 3) {
    return Error::invalid("identity.reveal_field_invalid", {{"field", "field"}});
  }
  if (static_cast<int>(spec->data_class) > caller.clearance) return Error::forbidden("identity.clearance_too_low");
  return db_.write([&](db::Conn& c) -> Result<std::string> {
    ANXIN_ASSIGN_OR_RETURN(User u, load_in_scope(c, caller, id));
    std::optional<std::string> value;
    if (field == "phone")
      value = u.phone;
    else if (field == "address")
      value = u.address;
    else if (field == "id_number")
      value = u.id_number;
    else if (field == "bank_account")
      value = u.bank_account;
    if (!value) return Error::not_found("identity.value_absent");
    audit_.append(c, {.actor = audit::Actor::of(caller),
                      .action = "reveal",
                      .entity = "user",
                      .entity_id = std::to_string(id),
                      .department_id = u.department_id,
                      .after = {{"field", field}, {"value", text::mask_value(spec->kind, *value)}},
                      .reason = reason});
    return *value;
  });
}

Result<std::string> UserService::reset_password(const Caller& caller, std::int64_t id) {
  const std::string password = generate_password();
  const std::string hash = crypto::hash_password(password, auth_.options().password_params);
  auto r = db_.write([&](db::Conn& c) -> Status {
    ANXIN_ASSIGN_OR_RETURN(User u, load_in_scope(c, caller, id));
    if (u.is_service_account) return Error::invalid("identity.service_account_no_password");
    repo_.set_password(c, id, hash, clock_.now_ms(), /*must_change=*/true);
    auth_.revoke_sessions(c, id);
    audit_.append(c, {.actor = audit::Actor::of(caller),
                      .action = "reset_password",
                      .entity = "user",
                      .entity_id = std::to_string(id),
                      .department_id = u.department_id});
    return ok_status();
  });
  if (!r.ok()) return r.error();
  return password;
}

Result<User> UserService::reset_totp(const Caller& caller, std::int64_t id) {
  return db_.write([&](db::Conn& c) -> Result<User> {
    ANXIN_ASSIGN_OR_RETURN(User u, load_in_scope(c, caller, id));
    repo_.set_totp(c, id, std::nullopt, false, clock_.now_ms());
    sessions_.delete_recovery_codes(c, id);
    auth_.revoke_sessions(c, id);
    audit_.append(c, {.actor = audit::Actor::of(caller),
                      .action = "reset_totp",
                      .entity = "user",
                      .entity_id = std::to_string(id),
                      .department_id = u.department_id});
    return *repo_.get(c, id);
  });
}

Result<std::pair<User, std::string>> UserService::create_administrator(const std::string& username,
                                                                       std::optional<std::string> password,
                                                                       const std::vector<std::string>& role_codes,
                                                                       bool must_change) {
  if (!valid_username(username)) return Error::invalid("identity.username_invalid", {{"field", "username"}});
  if (password) {
    if (auto e = auth_.options().policy.check(*password, username)) return *e;
  } else {
    password = generate_password();
  }
  const std::string hash = crypto::hash_password(*password, auth_.options().password_params);
  const TimestampMs now = clock_.now_ms();
  Caller system;
  system.username = "system";
  auto made = db_.write([&](db::Conn& c) -> Result<User> {
    if (repo_.id_by_username(c, username)) return Error::conflict("identity.username_taken", {{"username", username}});
    DepartmentRepository departments;
    auto all = departments.all(c);
    std::int64_t department_id = 0;
    for (const auto& d : all) {
      if (!d.parent_id) {
        department_id = d.id;
        break;
      }
    }
    if (department_id == 0) {
      const std::int64_t root = departments.insert(c, {.name = "本公司", .code = "ROOT", .kind = "company"}, now);
      departments.set_path(c, root, "/" + std::to_string(root) + "/");
      department_id = root;
    }
    std::vector<std::int64_t> role_ids;
    for (const auto& code : role_codes) {
      const auto role_id = RoleRepository{}.find_id_by_code(c, code);
      if (!role_id) return Error::invalid("identity.role_not_found", {{"field", "role"}});
      role_ids.push_back(*role_id);
    }
    NewUser input{.username = username, .display_name = username, .department_id = department_id};
    const std::int64_t id = repo_.insert(c, input, now);
    repo_.set_password(c, id, hash, now, must_change);
    repo_.set_roles(c, id, role_ids);
    User u = *repo_.get(c, id);
    audit_.append(c, {.actor = audit::Actor::of(system),
                      .action = "create",
                      .entity = "user",
                      .entity_id = std::to_string(id),
                      .department_id = department_id,
                      .after = to_audit_json(u),
                      .reason = "administrator bootstrap"});
    return u;
  });
  if (!made.ok()) return made.error();
  return std::make_pair(std::move(made).value(), *password);
}

Status UserService::set_password(std::int64_t id, const std::string& password, bool must_change) {
  auto cred = db_.read([&](db::Conn& c) { return repo_.credentials(c, id); });
  if (!cred) return Error::not_found("identity.user_not_found");
  if (auto e = auth_.options().policy.check(password, cred->username)) return *e;
  const std::string hash = crypto::hash_password(password, auth_.options().password_params);
  return db_.write([&](db::Conn& c) -> Status {
    repo_.set_password(c, id, hash, clock_.now_ms(), must_change);
    Caller system;
    system.username = "system";
    audit_.append(c, {.actor = audit::Actor::of(system),
                      .action = "set_password",
                      .entity = "user",
                      .entity_id = std::to_string(id)});
    return ok_status();
  });
}

std::optional<std::pair<std::optional<std::string>, std::optional<std::string>>> UserService::contact(std::int64_t id) {
  auto u = db_.read([&](db::Conn& c) { return repo_.get(c, id); });
  if (!u || u->status != "active") return std::nullopt;
  return std::make_pair(u->email, u->phone);
}

std::optional<std::int64_t> UserService::id_of(const std::string& username) {
  return db_.read([&](db::Conn& c) { return repo_.id_by_username(c, username); });
}

std::int64_t UserService::count() {
  return db_.read([&](db::Conn& c) { return repo_.count_all(c); });
}

}  // namespace anxin::identity
