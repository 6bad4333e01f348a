#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/paging.hpp"
#include "modules/identity/scope.hpp"
#include "modules/identity/user.hpp"
#include "platform/crypto/key_ring.hpp"
#include "platform/db/database.hpp"

namespace anxin::identity {

/// What authentication needs of a user; never leaves the identity module.
struct Credentials {
  std::int64_t id = 0;
  std::string username;
  std::string status;
  bool is_service_account = false;
  std::string password_hash;
  std::optional<TimestampMs> password_changed_at;
  bool must_change_password = true;
  std::int64_t failed_logins = 0;
  std::optional<TimestampMs> locked_until;
  std::optional<std::string> totp_secret;
  bool totp_enabled = false;
  std::optional<std::int64_t> totp_last_step;
};

/// What a caller is built from: the user's account state and department.
struct CallerAccount {
  std::string username;
  std::string display_name;
  std::int64_t department_id = 0;
  std::string department_path;
  std::string status;
  bool must_change_password = false;
  std::optional<TimestampMs> password_changed_at;
  bool totp_enabled = false;
};

/// Roles' grants of a user, folded: permissions, widest data scope, highest clearance.
struct Grants {
  std::vector<std::string> permissions;
  int data_scope = 0;
  int clearance = 1;
};

/// Persistence of users. Class 3–4 fields are encrypted with the key ring, bound to
/// users|<column>|<id>|<key version>, and searchable only through keyed blind indexes.
class UserRepository {
 public:
  explicit UserRepository(const crypto::KeyRing& keys) : keys_(keys) {}

  std::int64_t insert(db::Conn& c, const NewUser& u, TimestampMs now);
  /// Encrypts and stores the personal fields of user `id` (values already normalised).
  void set_personal(db::Conn& c, std::int64_t id, const User& u);
  std::optional<User> get(db::Conn& c, std::int64_t id);
  std::optional<std::int64_t> id_by_username(db::Conn& c, const std::string& username);
  PageOf<User> list(db::Conn& c, const UserFilter& f, const ScopeFilter& scope, const PageRequest& page);
  std::int64_t count_all(db::Conn& c);
  bool update(db::Conn& c, const User& u, std::int64_t expected_version, TimestampMs now);
  void set_status(db::Conn& c, std::int64_t id, const std::string& status, TimestampMs now);
  std::vector<std::int64_t> role_ids(db::Conn& c, std::int64_t id);
  void set_roles(db::Conn& c, std::int64_t id, const std::vector<std::int64_t>& role_ids);
  Grants grants(db::Conn& c, std::int64_t id);

  std::optional<Credentials> credentials(db::Conn& c, std::int64_t id);
  std::optional<CallerAccount> caller_account(db::Conn& c, std::int64_t id);
  void set_password(db::Conn& c, std::int64_t id, const std::string& hash, TimestampMs now, bool must_change);
  void rehash_password(db::Conn& c, std::int64_t id, const std::string& hash);
  void set_login_failures(db::Conn& c, std::int64_t id, std::int64_t failures, std::optional<TimestampMs> locked_until);
  void set_totp(db::Conn& c, std::int64_t id, const std::optional<std::string>& secret, bool enabled, TimestampMs now);
  /// Records the last accepted TOTP step; false when `step` is not newer (a replay).
  bool advance_totp_step(db::Conn& c, std::int64_t id, std::int64_t step);
  std::vector<std::string> recent_password_hashes(db::Conn& c, std::int64_t id, int n);
  void add_password_history(db::Conn& c, std::int64_t id, const std::string& hash, TimestampMs now, int keep);

  // Plain lookups that open nothing (no key ring needed), for the Directory.
  /// True when the user exists with status active.
  static bool is_active(db::Conn& c, std::int64_t id);
  static std::optional<std::string> display_name(db::Conn& c, std::int64_t id);
  /// Active people (no service accounts) of the departments whose path starts with `path_prefix`, by id.
  static std::vector<std::int64_t> active_under(db::Conn& c, std::string_view path_prefix);

  /// Blind index of a normalised identifier ("phone" or "id_number").
  std::string blind(const std::string& kind, const std::string& normalized) const;

 private:
  User from_row(db::Conn& c, const db::Row& r);
  std::optional<std::string> open(const db::Row& r, const char* column, std::int64_t id) const;

  const crypto::KeyRing& keys_;
};

}  // namespace anxin::identity
