#include "modules/identity/user_repository.hpp"

#include <algorithm>

#include "platform/log/log.hpp"

namespace anxin::identity {

std::string_view identity_sql(std::string_view name);  // embedded queries/*.sql

namespace {

constexpr const char* kTable = "users";

}  // namespace

std::string UserRepository::blind(const std::string& kind, const std::string& normalized) const {
  return keys_.blind_index(kind, normalized);
}

std::optional<std::string> UserRepository::open(const db::Row& r, const char* column, std::int64_t id) const {
  return keys_.open(kTable, column, id, r);
}

User UserRepository::from_row(db::Conn& c, const db::Row& r) {
  User u;
  u.id = r.int64("id");
  u.username = r.text("username");
  u.display_name = r.text("display_name");
  u.department_id = r.int64("department_id");
  u.department_path = r.text("department_path");
  u.post_id = r.opt_int64("post_id");
  u.email = r.opt_text("email");
  u.phone = open(r, "phone_enc", u.id);
  u.id_number = open(r, "id_number_enc", u.id);
  u.bank_account = open(r, "bank_account_enc", u.id);
  u.address = open(r, "address_enc", u.id);
  u.status = r.text("status");
  u.is_service_account = r.int64("is_service_account") != 0;
  u.must_change_password = r.int64("must_change_password") != 0;
  u.password_changed_at = r.opt_int64("password_changed_at");
  u.totp_enabled = r.int64("totp_enabled") != 0;
  u.locked_until = r.opt_int64("locked_until");
  u.created_at = r.int64("created_at");
  u.updated_at = r.int64("updated_at");
  u.version = r.int64("version");
  u.role_ids = role_ids(c, u.id);
  return u;
}

std::int64_t UserRepository::insert(db::Conn& c, const NewUser& u, TimestampMs now) {
  return c
      .query_one(identity_sql("user_insert"), u.username, u.display_name, u.department_id, u.post_id, u.email,
                 u.is_service_account, now)
      ->int64("id");
}

void UserRepository::set_personal(db::Conn& c, std::int64_t id, const User& u) {
  auto seal = [&](const char* column, const std::optional<std::string>& v) {
    return keys_.seal(kTable, column, id, v);
  };
  auto index = [&](const char* kind, const std::optional<std::string>& v) -> db::Value {
    if (!v) return db::Value{};
    return blind(kind, *v);
  };
  c.exec(identity_sql("user_set_personal"), id, seal("phone_enc", u.phone), index("phone", u.phone),
         seal("id_number_enc", u.id_number), index("id_number", u.id_number), seal("bank_account_enc", u.bank_account),
         seal("address_enc", u.address));
}

std::optional<User> UserRepository::get(db::Conn& c, std::int64_t id) {
  auto row = c.query_one(identity_sql("user_get"), id);
  if (!row) return std::nullopt;
  return from_row(c, *row);
}

std::optional<std::int64_t> UserRepository::id_by_username(db::Conn& c, const std::string& username) {
  auto row = c.query_one(identity_sql("user_id_by_username"), username);
  if (!row) return std::nullopt;
  return row->int64("id");
}

PageOf<User> UserRepository::list(db::Conn& c, const UserFilter& f, const ScopeFilter& s, const PageRequest& page) {
  const std::optional<std::string> q = f.q ? std::optional<std::string>(db::like_escape(*f.q)) : std::nullopt;
  const std::optional<std::string> phone =
      f.phone ? std::optional<std::string>(blind("phone", *f.phone)) : std::nullopt;
  const std::optional<std::string> idn =
      f.id_number ? std::optional<std::string>(blind("id_number", *f.id_number)) : std::nullopt;
  PageOf<User> out;
  for (const auto& r : c.query(identity_sql("user_list"), f.department_id, q, f.status, phone, idn, s.path_prefix,
                               s.department_id, s.user_id, page.page_size, page.offset())) {
    out.items.push_back(from_row(c, r));
  }
  out.total = c.query_one(identity_sql("user_count"), f.department_id, q, f.status, phone, idn, s.path_prefix,
                          s.department_id, s.user_id)
                  ->int64("n");
  return out;
}

std::int64_t UserRepository::count_all(db::Conn& c) { return c.query_one(identity_sql("user_count_all"))->int64("n"); }

bool UserRepository::update(db::Conn& c, const User& u, std::int64_t expected_version, TimestampMs now) {
  return c.exec(identity_sql("user_update"), u.id, u.display_name, u.department_id, u.post_id, u.email, now,
                expected_version) == 1;
}

void UserRepository::set_status(db::Conn& c, std::int64_t id, const std::string& status, TimestampMs now) {
  c.exec(identity_sql("user_set_status"), id, status, now);
}

std::vector<std::int64_t> UserRepository::role_ids(db::Conn& c, std::int64_t id) {
  std::vector<std::int64_t> out;
  for (const auto& r : c.query(identity_sql("user_role_ids"), id)) out.push_back(r.int64("role_id"));
  return out;
}

void UserRepository::set_roles(db::Conn& c, std::int64_t id, const std::vector<std::int64_t>& role_ids) {
  c.exec(identity_sql("user_roles_clear"), id);
  for (auto role : role_ids) c.exec(identity_sql("user_role_add"), id, role);
}

Grants UserRepository::grants(db::Conn& c, std::int64_t id) {
  Grants g;
  for (const auto& r : c.query(identity_sql("user_grants"), id)) {
    const std::string scope = r.text("data_scope");
    const int s = scope == "all" ? 3 : scope == "department_tree" ? 2 : scope == "department" ? 1 : 0;
    g.data_scope = std::max(g.data_scope, s);
    g.clearance = std::max(g.clearance, static_cast<int>(r.int64("clearance")));
    if (auto p = r.opt_text("permission")) g.permissions.push_back(*p);
  }
  std::sort(g.permissions.begin(), g.permissions.end());
  g.permissions.erase(std::unique(g.permissions.begin(), g.permissions.end()), g.permissions.end());
  return g;
}

std::optional<Credentials> UserRepository::credentials(db::Conn& c, std::int64_t id) {
  auto r = c.query_one(identity_sql("user_credentials"), id);
  if (!r) return std::nullopt;
  Credentials out;
  out.id = id;
  out.username = r->text("username");
  out.status = r->text("status");
  out.is_service_account = r->int64("is_service_account") != 0;
  out.password_hash = r->text("password_hash");
  out.password_changed_at = r->opt_int64("password_changed_at");
  out.must_change_password = r->int64("must_change_password") != 0;
  out.failed_logins = r->int64("failed_logins");
  out.locked_until = r->opt_int64("locked_until");
  out.totp_secret = open(*r, "totp_secret_enc", id);
  out.totp_enabled = r->int64("totp_enabled") != 0;
  out.totp_last_step = r->opt_int64("totp_last_step");
  return out;
}

std::optional<CallerAccount> UserRepository::caller_account(db::Conn& c, std::int64_t id) {
  auto r = c.query_one(identity_sql("user_caller"), id);
  if (!r) return std::nullopt;
  return CallerAccount{.username = r->text("username"),
                       .display_name = r->text("display_name"),
                       .department_id = r->int64("department_id"),
                       .department_path = r->text("department_path"),
                       .status = r->text("status"),
                       .must_change_password = r->int64("must_change_password") != 0,
                       .password_changed_at = r->opt_int64("password_changed_at"),
                       .totp_enabled = r->int64("totp_enabled") != 0};
}

bool UserRepository::is_active(db::Conn& c, std::int64_t id) {
  return c.query_one(identity_sql("user_active"), id).has_value();
}

std::optional<std::string> UserRepository::display_name(db::Conn& c, std::int64_t id) {
  auto r = c.query_one(identity_sql("user_display_name"), id);
  if (!r) return std::nullopt;
  return r->text("display_name");
}

std::vector<std::int64_t> UserRepository::active_under(db::Conn& c, std::string_view path_prefix) {
  std::vector<std::int64_t> out;
  for (const auto& r : c.query(identity_sql("user_active_under"), db::like_escape(path_prefix) + "%")) {
    out.push_back(r.int64("id"));
  }
  return out;
}

void UserRepository::set_password(db::Conn& c, std::int64_t id, const std::string& hash, TimestampMs now,
                                  bool must_change) {
  c.exec(identity_sql("user_set_password"), id, hash, now, must_change);
}

void UserRepository::rehash_password(db::Conn& c, std::int64_t id, const std::string& hash) {
  c.exec(identity_sql("user_rehash_password"), id, hash);
}

void UserRepository::set_login_failures(db::Conn& c, std::int64_t id, std::int64_t failures,
                                        std::optional<TimestampMs> locked_until) {
  c.exec(identity_sql("user_set_login_failures"), id, failures, locked_until);
}

void UserRepository::set_totp(db::Conn& c, std::int64_t id, const std::optional<std::string>& secret, bool enabled,
                              TimestampMs now) {
  db::Value sealed = secret ? db::Value(keys_.encrypt(kTable, "totp_secret_enc", id, *secret)) : db::Value{};
  c.exec(identity_sql("user_set_totp"), id, sealed, enabled, db::Value{}, now);
}

bool UserRepository::advance_totp_step(db::Conn& c, std::int64_t id, std::int64_t step) {
  return c.exec(identity_sql("user_set_totp_step"), id, step) == 1;
}

std::vector<std::string> UserRepository::recent_password_hashes(db::Conn& c, std::int64_t id, int n) {
  std::vector<std::string> out;
  for (const auto& r : c.query(identity_sql("password_history_recent"), id, std::int64_t{n})) {
    out.push_back(r.text("password_hash"));
  }
  return out;
}

void UserRepository::add_password_history(db::Conn& c, std::int64_t id, const std::string& hash, TimestampMs now,
                                          int keep) {
  c.exec(identity_sql("password_history_insert"), id, hash, now);
  c.exec(identity_sql("password_history_trim"), id, std::int64_t{keep});
}

}  // namespace anxin::identity
