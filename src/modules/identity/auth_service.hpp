#pragma once

#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/caller.hpp"
#include "core/clock.hpp"
#include "core/paging.hpp"
#include "core/result.hpp"
#include "modules/identity/api_token_repository.hpp"
#include "modules/identity/password_policy.hpp"
#include "modules/identity/session_repository.hpp"
#include "modules/identity/user_repository.hpp"
#include "platform/audit/audit_sink.hpp"
#include "platform/crypto/crypto.hpp"
#include "platform/crypto/key_ring.hpp"
#include "platform/db/database.hpp"

namespace anxin::identity {

struct AuthOptions {
  std::int64_t session_idle_ms = 30LL * 60 * 1000;
  std::int64_t session_absolute_ms = 12LL * 3600 * 1000;
  int lockout_threshold = 5;
  std::int64_t lockout_ms = 15LL * 60 * 1000;
  /// Failed logins from one client address within the window before it is throttled.
  int address_failure_limit = 20;
  std::int64_t address_window_ms = 15LL * 60 * 1000;
  PasswordPolicy policy;
  crypto::PasswordParams password_params;
};

/// A session created by a successful step of login.
struct SessionStart {
  std::string token;
  std::string csrf_token;
  Caller caller;
};

struct TotpEnrollment {
  std::string secret;
  std::string otpauth_uri;
  std::string qr_svg;
};

struct ApiToken {
  std::int64_t id = 0;
  std::int64_t user_id = 0;
  std::string name;
  std::vector<std::string> scopes;
  TimestampMs created_at = 0;
  std::optional<TimestampMs> expires_at;
  std::optional<TimestampMs> revoked_at;
  std::optional<TimestampMs> last_used_at;
};

struct LoginLogEntry {
  std::int64_t id = 0;
  TimestampMs at = 0;
  std::optional<std::int64_t> user_id;
  std::optional<std::string> username;
  std::optional<std::string> ip;
  std::string event;
  std::string outcome;
  std::optional<std::string> reason;
};

struct LoginLogFilter {
  std::optional<std::int64_t> user_id;
  std::optional<std::string> event;
  std::optional<std::string> outcome;
  std::optional<TimestampMs> from;
  std::optional<TimestampMs> to;
};

/// Sign-in, sessions, second factor, passwords and API tokens (SEC-4). Unknown user names and
/// wrong passwords answer the same, in about the same time.
class AuthService {
 public:
  AuthService(db::Database& db, const Clock& clock, const crypto::KeyRing& keys, audit::AuditSink& audit,
              AuthOptions options);

  /// Checks a password; a fresh session (stage "totp" when the user has a second factor). Any
  /// session token the client still presented is revoked (no fixation).
  Result<SessionStart> login(const std::string& username, const std::string& password, const std::string& ip,
                             const std::optional<std::string>& previous_token);
  /// Completes login with a TOTP code or a recovery code; issues a new session token.
  Result<SessionStart> second_factor(const std::string& token, const std::string& code, const std::string& ip);
  Status logout(const std::string& token, const Caller& caller);
  /// The caller behind a session cookie, with `csrf_out` set to the session's CSRF token.
  Result<Caller> session_caller(const std::string& token, std::string& csrf_out);
  /// The caller behind a Bearer API token (permissions limited to the token's scopes).
  Result<Caller> token_caller(const std::string& token);
  /// Whether a session token (or, with `bearer`, an API token) is still valid now, without extending
  /// it: for responses that stay open long after the request that authenticated them.
  bool credential_alive(const std::string& token, bool bearer);

  Status change_password(const Caller& caller, const std::string& token, const std::string& current,
                         const std::string& next);
  Result<TotpEnrollment> begin_totp(const Caller& caller);
  /// Turns the enrolled secret on after one valid code; returns fresh recovery codes (shown once).
  Result<std::vector<std::string>> activate_totp(const Caller& caller, const std::string& code);

  Result<std::pair<ApiToken, std::string>> create_api_token(const Caller& caller, std::int64_t user_id,
                                                            const std::string& name,
                                                            const std::vector<std::string>& scopes,
                                                            std::optional<int> expires_in_days);
  Status revoke_api_token(const Caller& caller, std::int64_t id);
  PageOf<ApiToken> list_api_tokens(const PageRequest& page);

  PageOf<LoginLogEntry> login_log(const LoginLogFilter& f, const PageRequest& page);
  /// Ends every session of a user except `keep_token_hash` (disable, role change, password change).
  void revoke_sessions(db::Conn& c, std::int64_t user_id, const std::string& keep_token_hash = {});
  /// Deletes sessions past their absolute lifetime.
  std::int64_t expire_sessions();

  /// True when holding `grants` requires a second factor (administrative or audit permissions).
  static bool requires_second_factor(const Grants& grants);
  const AuthOptions& options() const { return options_; }

  /// Writes a login-log entry in its own transaction (also used by the user service).
  void log_event(std::optional<std::int64_t> user_id, const std::optional<std::string>& username, const std::string& ip,
                 const std::string& event, bool success, const std::string& reason = {});

 private:
  Result<SessionStart> open_session(std::int64_t user_id, const std::string& stage, const std::string& ip);
  Result<Caller> caller_for(db::Conn& c, std::int64_t user_id, const std::string& stage);
  /// Counts a failed attempt from `ip`; true when the address is now throttled.
  bool note_address_failure(const std::string& ip);
  std::optional<std::int64_t> address_throttled(const std::string& ip);
  Error invalid_credentials() const;

  db::Database& db_;
  const Clock& clock_;
  const crypto::KeyRing& keys_;
  audit::AuditSink& audit_;
  AuthOptions options_;
  UserRepository users_;
  SessionRepository sessions_;
  ApiTokenRepository tokens_;
  std::mutex throttle_mu_;
  std::map<std::string, std::deque<TimestampMs>> address_failures_;
};

}  // namespace anxin::identity
