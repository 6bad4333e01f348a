#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/clock.hpp"
#include "core/paging.hpp"
#include "platform/db/database.hpp"

namespace anxin::identity {

struct LoginLogEntry;   // auth_service.hpp
struct LoginLogFilter;  // auth_service.hpp

/// A stored session. Only the SHA-256 of its token is kept.
struct StoredSession {
  std::string token_hash;
  std::int64_t user_id = 0;
  std::string csrf_token;
  /// "totp" (password accepted, second factor due) | "active"
  std::string stage;
  TimestampMs created_at = 0;
  TimestampMs last_seen_at = 0;
  TimestampMs absolute_expires_at = 0;
  std::optional<TimestampMs> revoked_at;
};

/// Persistence of what signing in leaves behind: sessions, recovery codes and the login log; SQL
/// from queries/. Tokens and codes arrive already hashed. Every function runs on the connection it
/// is given, so the service decides the transaction.
class SessionRepository {
 public:
  /// A new session, last seen at `now`.
  void insert(db::Conn& c, const std::string& token_hash, std::int64_t user_id, const std::string& csrf_token,
              const std::string& stage, TimestampMs now, TimestampMs absolute_expires_at, const std::string& ip);
  /// The session, revoked or expired ones included.
  std::optional<StoredSession> get(db::Conn& c, const std::string& token_hash);
  /// Ends the session unless it already ended.
  void revoke(db::Conn& c, const std::string& token_hash, TimestampMs now);
  /// Ends every open session of the user except `keep_token_hash`.
  void revoke_user(db::Conn& c, std::int64_t user_id, TimestampMs now, const std::string& keep_token_hash);
  /// Records the session as seen at `now`.
  void touch(db::Conn& c, const std::string& token_hash, TimestampMs now);
  /// Deletes the sessions past their absolute lifetime or revoked before `now`; how many went.
  std::int64_t expire(db::Conn& c, TimestampMs now);

  /// Adds one unused recovery code of the user.
  void add_recovery_code(db::Conn& c, std::int64_t user_id, const std::string& code_hash);
  /// Marks the user's unused code `code_hash` used; false when there is none.
  bool use_recovery_code(db::Conn& c, std::int64_t user_id, const std::string& code_hash, TimestampMs now);
  /// Deletes all the user's recovery codes, used or not.
  void delete_recovery_codes(db::Conn& c, std::int64_t user_id);

  void log_event(db::Conn& c, TimestampMs at, std::optional<std::int64_t> user_id,
                 const std::optional<std::string>& username, const std::string& ip, const std::string& event,
                 const std::string& outcome, const std::optional<std::string>& reason);
  /// A page of login-log entries matching `f` and the total number of them.
  PageOf<LoginLogEntry> login_log(db::Conn& c, const LoginLogFilter& f, const PageRequest& page);
};

}  // namespace anxin::identity
