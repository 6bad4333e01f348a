#pragma once

#include <optional>
#include <string>

#include "core/caller.hpp"
#include "core/clock.hpp"
#include "core/paging.hpp"
#include "core/result.hpp"
#include "modules/identity/auth_service.hpp"
#include "modules/identity/session_repository.hpp"
#include "modules/identity/user.hpp"
#include "modules/identity/user_repository.hpp"
#include "platform/audit/audit_sink.hpp"
#include "platform/crypto/key_ring.hpp"
#include "platform/db/database.hpp"

namespace anxin::identity {

/// A created account and its one-time password (shown once; to be changed at first login).
struct CreatedUser {
  User user;
  std::optional<std::string> initial_password;
  std::vector<std::string> warnings;
};

/// Use cases of user accounts. Every read and change is limited to the caller's data scope
/// (records outside it answer "not found"), every change is audited in its own transaction, and
/// personal values are masked above the caller's clearance; full values of class 3–4 shown to a
/// cleared caller are audited as sensitive reads.
class UserService {
 public:
  UserService(db::Database& db, const Clock& clock, const crypto::KeyRing& keys, audit::AuditSink& audit,
              AuthService& auth);

  Result<CreatedUser> create(const Caller& caller, NewUser input);
  /// A user for display; writes a sensitive-read audit record when unmasked class 3–4 values are
  /// returned to `caller`.
  Result<User> get(const Caller& caller, std::int64_t id);
  Result<PageOf<User>> list(const Caller& caller, UserFilter filter, const PageRequest& page);
  Result<CreatedUser> update(const Caller& caller, std::int64_t id, UserPatch patch);
  /// Disables (ending every session and token use at once) or re-enables an account.
  Result<User> set_disabled(const Caller& caller, std::int64_t id, bool disabled);
  /// Ends an account's access at once inside the caller's transaction, whatever the caller's data scope (a worker
  /// who leaves loses the linked account, SEC-3): the account is disabled and its sessions end, audited with
  /// `reason`. Nothing happens for an unknown or already disabled account.
  void disable_linked(db::Conn& c, const Caller& caller, std::int64_t id, const std::string& reason);
  Result<User> set_roles(const Caller& caller, std::int64_t id, const std::vector<std::int64_t>& role_ids);
  /// One personal value in full, for a stated purpose; audited.
  Result<std::string> reveal(const Caller& caller, std::int64_t id, const std::string& field,
                             const std::string& reason);
  /// A new one-time password the user must change at next login; ends the user's sessions.
  Result<std::string> reset_password(const Caller& caller, std::int64_t id);
  /// Removes the user's second factor so it is enrolled again at next login.
  Result<User> reset_totp(const Caller& caller, std::int64_t id);

  /// Creates an administrator outside any request (first start, `anxin admin create`). Returns the
  /// password, generated when not given.
  Result<std::pair<User, std::string>> create_administrator(const std::string& username,
                                                            std::optional<std::string> password,
                                                            const std::vector<std::string>& role_codes,
                                                            bool must_change);
  /// Sets a password outside any request (CLI, demo data); `must_change` forces a change at next
  /// sign-in. The password must satisfy the policy.
  Status set_password(std::int64_t id, const std::string& password, bool must_change);
  /// E-mail and mobile number of a user for delivering notifications (not for display).
  std::optional<std::pair<std::optional<std::string>, std::optional<std::string>>> contact(std::int64_t id);
  /// The id of the account `username`, if any.
  std::optional<std::int64_t> id_of(const std::string& username);
  /// Number of accounts.
  std::int64_t count();

  /// The stored one-time password format: 16 characters with every character class.
  static std::string generate_password();

 private:
  Result<User> load_in_scope(db::Conn& c, const Caller& caller, std::int64_t id);
  /// Validates and normalises personal fields in place; fills warnings.
  std::optional<Error> normalise(User& u, std::vector<std::string>& warnings) const;
  std::optional<Error> check_roles(db::Conn& c, const std::vector<std::int64_t>& role_ids) const;

  db::Database& db_;
  const Clock& clock_;
  audit::AuditSink& audit_;
  AuthService& auth_;
  UserRepository repo_;
  SessionRepository sessions_;
};

}  // namespace anxin::identity
