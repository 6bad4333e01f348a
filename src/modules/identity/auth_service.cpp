#include "modules/identity/auth_service.hpp"

#include <algorithm>

#include "modules/identity/permissions.hpp"
#include "platform/crypto/crypto.hpp"
#include "platform/crypto/totp.hpp"
#include "platform/log/log.hpp"

namespace anxin::identity {

namespace {

constexpr std::int64_t kTouchIntervalMs = 60 * 1000;

}  // namespace

AuthService::AuthService(db::Database& db, const Clock& clock, const crypto::KeyRing& keys, audit::AuditSink& audit,
                         AuthOptions options)
    : db_(db), clock_(clock), keys_(keys), audit_(audit), options_(std::move(options)), users_(keys) {}

bool AuthService::requires_second_factor(const Grants& grants) {
  return std::any_of(grants.permissions.begin(), grants.permissions.end(), is_admin_or_audit_permission);
}

Error AuthService::invalid_credentials() const { return Error::unauthenticated("auth.invalid_credentials"); }

void AuthService::log_event(std::optional<std::int64_t> user_id, const std::optional<std::string>& username,
                            const std::string& ip, const std::string& event, bool success, const std::string& reason) {
  auto r = db_.write([&](db::Conn& c) -> Status {
    sessions_.log_event(c, clock_.now_ms(), user_id, username, ip, event, success ? "success" : "failure",
                        reason.empty() ? std::optional<std::string>() : reason);
    return ok_status();
  });
  if (!r.ok()) log::error("identity.login_log_failed", {{"event", event}});
}

std::optional<std::int64_t> AuthService::address_throttled(const std::string& ip) {
  std::lock_guard lock(throttle_mu_);
  auto it = address_failures_.find(ip);
  if (it == address_failures_.end()) return std::nullopt;
  const TimestampMs now = clock_.now_ms();
  auto& q = it->second;
  while (!q.empty() && q.front() <= now - options_.address_window_ms) q.pop_front();
  if (static_cast<int>(q.size()) < options_.address_failure_limit) return std::nullopt;
  return (q.front() + options_.address_window_ms - now + 999) / 1000;
}

bool AuthService::note_address_failure(const std::string& ip) {
  std::lock_guard lock(throttle_mu_);
  auto& q = address_failures_[ip];
  q.push_back(clock_.now_ms());
  return static_cast<int>(q.size()) >= options_.address_failure_limit;
}

Result<Caller> AuthService::caller_for(db::Conn& c, std::int64_t user_id, const std::string& stage) {
  auto account = users_.caller_account(c, user_id);
  if (!account || account->status != "active") return Error::unauthenticated("auth.session_expired");
  Caller caller;
  caller.user_id = user_id;
  caller.username = account->username;
  caller.display_name = account->display_name;
  caller.department_id = account->department_id;
  caller.department_path = account->department_path;
  const Grants g = users_.grants(c, user_id);
  caller.permissions = g.permissions;
  caller.data_scope = g.data_scope;
  caller.clearance = g.clearance;
  const TimestampMs now = clock_.now_ms();
  const auto changed = account->password_changed_at;
  const bool expired = options_.policy.expires() && changed &&
                       now - *changed > static_cast<std::int64_t>(options_.policy.max_age_days) * 86400000LL;
  if (stage == "totp") {
    caller.pending = "totp";
  } else if (account->must_change_password || expired) {
    caller.pending = "password_change";
  } else if (requires_second_factor(g) && !account->totp_enabled) {
    caller.pending = "totp_enrollment";
  }
  return caller;
}

Result<SessionStart> AuthService::open_session(std::int64_t user_id, const std::string& stage, const std::string& ip) {
  SessionStart s;
  s.token = crypto::random_token(32);
  s.csrf_token = crypto::random_token(24);
  const TimestampMs now = clock_.now_ms();
  return db_.write([&](db::Conn& c) -> Result<SessionStart> {
    sessions_.insert(c, crypto::sha256_hex(s.token), user_id, s.csrf_token, stage, now,
                     now + options_.session_absolute_ms, ip);
    ANXIN_ASSIGN_OR_RETURN(s.caller, caller_for(c, user_id, stage));
    s.caller.ip = ip;
    return s;
  });
}

Result<SessionStart> AuthService::login(const std::string& username, const std::string& password, const std::string& ip,
                                        const std::optional<std::string>& previous_token) {
  if (auto wait = address_throttled(ip)) {
    log_event(std::nullopt, std::nullopt, ip, "login", false, "address_throttled");
    return Error{ErrorCode::kRateLimited, "auth.too_many_attempts", {{"retry_after_seconds", *wait}}};
  }
  if (previous_token) {
    // A session token the browser still holds is ended, never upgraded (session fixation).
    (void)db_.write([&](db::Conn& c) -> Status {
      sessions_.revoke(c, crypto::sha256_hex(*previous_token), clock_.now_ms());
      return ok_status();
    });
  }
  auto id = db_.read([&](db::Conn& c) { return users_.id_by_username(c, username); });
  std::optional<Credentials> cred;
  if (id) cred = db_.read([&](db::Conn& c) { return users_.credentials(c, *id); });
  if (!cred || cred->status != "active" || cred->is_service_account || cred->password_hash.empty()) {
    crypto::equalize_password_timing(options_.password_params);
    note_address_failure(ip);
    // The name typed is not stored: it may be a password typed into the wrong field.
    log_event(cred ? std::optional<std::int64_t>(cred->id) : std::nullopt,
              cred ? std::optional<std::string>(cred->username) : std::nullopt, ip, "login", false,
              !cred                      ? "unknown_user"
              : cred->status != "active" ? "disabled"
                                         : "no_password_login");
    return invalid_credentials();
  }
  const TimestampMs now = clock_.now_ms();
  if (cred->locked_until && *cred->locked_until > now) {
    crypto::equalize_password_timing(options_.password_params);
    log_event(cred->id, cred->username, ip, "login", false, "locked");
    return Error::unauthenticated("auth.account_locked",
                                  {{"retry_after_seconds", (*cred->locked_until - now + 999) / 1000}});
  }
  if (!crypto::verify_password(cred->password_hash, password)) {
    note_address_failure(ip);
    const std::int64_t failures = cred->failed_logins + 1;
    const bool lock = failures >= options_.lockout_threshold;
    const std::optional<TimestampMs> until =
        lock ? std::optional<TimestampMs>(now + options_.lockout_ms) : std::nullopt;
    (void)db_.write([&](db::Conn& c) -> Status {
      users_.set_login_failures(c, cred->id, lock ? 0 : failures, until);
      return ok_status();
    });
    log_event(cred->id, cred->username, ip, "login", false, "wrong_password");
    if (lock) {
      log_event(cred->id, cred->username, ip, "lockout", false, "too_many_failures");
      return Error::unauthenticated("auth.account_locked", {{"retry_after_seconds", options_.lockout_ms / 1000}});
    }
    return invalid_credentials();
  }
  (void)db_.write([&](db::Conn& c) -> Status {
    users_.set_login_failures(c, cred->id, 0, std::nullopt);
    if (crypto::password_needs_rehash(cred->password_hash, options_.password_params)) {
      users_.rehash_password(c, cred->id, crypto::hash_password(password, options_.password_params));
    }
    return ok_status();
  });
  const std::string stage = cred->totp_enabled ? "totp" : "active";
  auto session = open_session(cred->id, stage, ip);
  if (session.ok())
    log_event(cred->id, cred->username, ip, "login", true, cred->totp_enabled ? "second_factor_due" : "");
  return session;
}

Result<SessionStart> AuthService::second_factor(const std::string& token, const std::string& code,
                                                const std::string& ip) {
  const std::string hash = crypto::sha256_hex(token);
  auto session = db_.read([&](db::Conn& c) { return sessions_.get(c, hash); });
  const TimestampMs now = clock_.now_ms();
  if (!session || session->revoked_at || session->absolute_expires_at <= now || session->stage != "totp") {
    return Error::unauthenticated("auth.session_expired");
  }
  const std::int64_t user_id = session->user_id;
  auto cred = db_.read([&](db::Conn& c) { return users_.credentials(c, user_id); });
  if (!cred || cred->status != "active") return Error::unauthenticated("auth.session_expired");
  if (cred->locked_until && *cred->locked_until > now) {
    return Error::unauthenticated("auth.account_locked",
                                  {{"retry_after_seconds", (*cred->locked_until - now + 999) / 1000}});
  }
  bool accepted = false;
  std::string how = "totp";
  if (cred->totp_secret) {
    if (auto step = crypto::totp_match(*cred->totp_secret, code, now, 1)) {
      // A code is accepted once: the step must be newer than the last one used.
      auto fresh = db_.write([&](db::Conn& c) -> Result<bool> { return users_.advance_totp_step(c, user_id, *step); });
      accepted = fresh.ok() && fresh.value();
      if (!accepted) how = "totp_replayed";
    }
  }
  if (!accepted && code.find('-') != std::string::npos) {
    auto used = db_.write([&](db::Conn& c) -> Result<bool> {
      return sessions_.use_recovery_code(c, user_id, crypto::sha256_hex(crypto::normalize_recovery_code(code)), now);
    });
    accepted = used.ok() && used.value();
    if (accepted) how = "recovery_code";
  }
  if (!accepted) {
    const std::int64_t failures = cred->failed_logins + 1;
    const bool lock = failures >= options_.lockout_threshold;
    (void)db_.write([&](db::Conn& c) -> Status {
      users_.set_login_failures(c, user_id, lock ? 0 : failures,
                                lock ? std::optional<TimestampMs>(now + options_.lockout_ms) : std::nullopt);
      if (lock) sessions_.revoke(c, hash, now);
      return ok_status();
    });
    log_event(user_id, cred->username, ip, "second_factor", false, how);
    if (lock) log_event(user_id, cred->username, ip, "lockout", false, "too_many_failures");
    return Error::unauthenticated("auth.totp_invalid");
  }
  // The pre-authentication token is retired; the full session gets a new one.
  (void)db_.write([&](db::Conn& c) -> Status {
    sessions_.revoke(c, hash, now);
    users_.set_login_failures(c, user_id, 0, std::nullopt);
    return ok_status();
  });
  log_event(user_id, cred->username, ip, "second_factor", true, how);
  return open_session(user_id, "active", ip);
}

Status AuthService::logout(const std::string& token, const Caller& caller) {
  auto r = db_.write([&](db::Conn& c) -> Status {
    sessions_.revoke(c, crypto::sha256_hex(token), clock_.now_ms());
    return ok_status();
  });
  log_event(caller.user_id, caller.username, caller.ip, "logout", true);
  return r;
}

Result<Caller> AuthService::session_caller(const std::string& token, std::string& csrf_out) {
  const std::string hash = crypto::sha256_hex(token);
  const TimestampMs now = clock_.now_ms();
  auto session = db_.read([&](db::Conn& c) { return sessions_.get(c, hash); });
  if (!session || session->revoked_at || session->absolute_expires_at <= now ||
      session->last_seen_at + options_.session_idle_ms <= now) {
    return Error::unauthenticated("auth.session_expired");
  }
  const std::int64_t user_id = session->user_id;
  auto caller = db_.read([&](db::Conn& c) { return caller_for(c, user_id, session->stage); });
  if (!caller.ok()) return caller;
  csrf_out = session->csrf_token;
  if (now - session->last_seen_at >= kTouchIntervalMs) {
    (void)db_.write([&](db::Conn& c) -> Status {
      sessions_.touch(c, hash, now);
      return ok_status();
    });
  }
  return caller;
}

bool AuthService::credential_alive(const std::string& token, bool bearer) {
  const TimestampMs now = clock_.now_ms();
  const std::string hash = crypto::sha256_hex(token);
  if (bearer) {
    auto t = db_.read([&](db::Conn& c) { return tokens_.by_secret_hash(c, hash); });
    if (!t) return false;
    return !t->revoked_at && (!t->expires_at || *t->expires_at > now);
  }
  auto session = db_.read([&](db::Conn& c) { return sessions_.get(c, hash); });
  return session && !session->revoked_at && session->absolute_expires_at > now &&
         session->last_seen_at + options_.session_idle_ms > now;
}

Result<Caller> AuthService::token_caller(const std::string& token) {
  const TimestampMs now = clock_.now_ms();
  auto found = db_.read([&](db::Conn& c) { return tokens_.by_secret_hash(c, crypto::sha256_hex(token)); });
  if (!found) return Error::unauthenticated("auth.token_invalid");
  const ApiToken t = std::move(*found);
  if (t.revoked_at || (t.expires_at && *t.expires_at <= now)) return Error::unauthenticated("auth.token_invalid");
  auto caller = db_.read([&](db::Conn& c) { return caller_for(c, t.user_id, "active"); });
  if (!caller.ok()) return Error::unauthenticated("auth.token_invalid");
  Caller out = std::move(caller).value();
  std::vector<std::string> allowed;
  std::set_intersection(out.permissions.begin(), out.permissions.end(), t.scopes.begin(), t.scopes.end(),
                        std::back_inserter(allowed));
  out.permissions = std::move(allowed);
  out.pending.clear();
  out.via_api_token = true;
  if (!t.last_used_at || now - *t.last_used_at >= kTouchIntervalMs) {
    (void)db_.write([&](db::Conn& c) -> Status {
      tokens_.touch(c, t.id, now);
      return ok_status();
    });
  }
  return out;
}

Status AuthService::change_password(const Caller& caller, const std::string& token, const std::string& current,
                                    const std::string& next) {
  auto cred = db_.read([&](db::Conn& c) { return users_.credentials(c, caller.user_id); });
  if (!cred) return Error::unauthenticated("auth.session_expired");
  if (!crypto::verify_password(cred->password_hash, current)) {
    log_event(caller.user_id, caller.username, caller.ip, "password_change", false, "wrong_current_password");
    return Error::invalid("auth.password_wrong", {{"field", "current_password"}});
  }
  if (auto e = options_.policy.check(next, cred->username)) return *e;
  // The current password and the previous ones kept in the history make up "the last N".
  const int keep = std::max(1, options_.policy.history);
  auto history = db_.read([&](db::Conn& c) { return users_.recent_password_hashes(c, caller.user_id, keep - 1); });
  history.push_back(cred->password_hash);
  for (const auto& h : history) {
    if (crypto::verify_password(h, next)) {
      return Error::invalid("auth.password_reused", {{"field", "new_password"}, {"count", keep}});
    }
  }
  const std::string hash = crypto::hash_password(next, options_.password_params);
  const TimestampMs now = clock_.now_ms();
  auto r = db_.write([&](db::Conn& c) -> Status {
    users_.add_password_history(c, caller.user_id, cred->password_hash, now, keep - 1);
    users_.set_password(c, caller.user_id, hash, now, false);
    revoke_sessions(c, caller.user_id, crypto::sha256_hex(token));
    audit_.append(c, {.actor = audit::Actor::of(caller),
                      .action = "password_change",
                      .entity = "user",
                      .entity_id = std::to_string(caller.user_id),
                      .department_id = caller.department_id});
    return ok_status();
  });
  if (r.ok()) log_event(caller.user_id, caller.username, caller.ip, "password_change", true);
  return r;
}

Result<TotpEnrollment> AuthService::begin_totp(const Caller& caller) {
  auto cred = db_.read([&](db::Conn& c) { return users_.credentials(c, caller.user_id); });
  if (!cred) return Error::unauthenticated("auth.session_expired");
  if (cred->totp_enabled) return Error::conflict("auth.totp_already_enabled");
  TotpEnrollment e;
  e.secret = crypto::new_totp_secret();
  e.otpauth_uri = crypto::otpauth_uri("anxin", cred->username, e.secret);
  e.qr_svg = crypto::qr_svg(e.otpauth_uri);
  auto r = db_.write([&](db::Conn& c) -> Status {
    users_.set_totp(c, caller.user_id, e.secret, false, clock_.now_ms());
    return ok_status();
  });
  if (!r.ok()) return r.error();
  return e;
}

Result<std::vector<std::string>> AuthService::activate_totp(const Caller& caller, const std::string& code) {
  auto cred = db_.read([&](db::Conn& c) { return users_.credentials(c, caller.user_id); });
  if (!cred) return Error::unauthenticated("auth.session_expired");
  if (cred->totp_enabled) return Error::conflict("auth.totp_already_enabled");
  if (!cred->totp_secret) return Error::conflict("auth.totp_not_started");
  const TimestampMs now = clock_.now_ms();
  auto step = crypto::totp_match(*cred->totp_secret, code, now, 1);
  if (!step) return Error::invalid("auth.totp_invalid", {{"field", "code"}});
  const auto codes = crypto::new_recovery_codes(10);
  auto r = db_.write([&](db::Conn& c) -> Status {
    users_.set_totp(c, caller.user_id, cred->totp_secret, true, now);
    users_.advance_totp_step(c, caller.user_id, *step);
    sessions_.delete_recovery_codes(c, caller.user_id);
    for (const auto& rc : codes) {
      sessions_.add_recovery_code(c, caller.user_id, crypto::sha256_hex(crypto::normalize_recovery_code(rc)));
    }
    audit_.append(c, {.actor = audit::Actor::of(caller),
                      .action = "totp_enable",
                      .entity = "user",
                      .entity_id = std::to_string(caller.user_id),
                      .department_id = caller.department_id});
    return ok_status();
  });
  if (!r.ok()) return r.error();
  log_event(caller.user_id, caller.username, caller.ip, "totp_enrolled", true);
  return codes;
}

void AuthService::revoke_sessions(db::Conn& c, std::int64_t user_id, const std::string& keep_token_hash) {
  sessions_.revoke_user(c, user_id, clock_.now_ms(), keep_token_hash);
}

std::int64_t AuthService::expire_sessions() {
  std::int64_t n = 0;
  (void)db_.write([&](db::Conn& c) -> Status {
    n = sessions_.expire(c, clock_.now_ms());
    return ok_status();
  });
  return n;
}

Result<std::pair<ApiToken, std::string>> AuthService::create_api_token(const Caller& caller, std::int64_t user_id,
                                                                       const std::string& name,
                                                                       const std::vector<std::string>& scopes,
                                                                       std::optional<int> expires_in_days) {
  for (const auto& s : scopes) {
    if (!is_known_permission(s))
      return Error::invalid("identity.permission_unknown", {{"field", "scopes"}, {"permission", s}});
  }
  const std::string secret = "anx_" + crypto::random_token(32);
  const TimestampMs now = clock_.now_ms();
  std::vector<std::string> sorted = scopes;
  std::sort(sorted.begin(), sorted.end());
  return db_.write([&](db::Conn& c) -> Result<std::pair<ApiToken, std::string>> {
    auto cred = users_.credentials(c, user_id);
    if (!cred) return Error::not_found("identity.user_not_found");
    if (!cred->is_service_account) return Error::invalid("identity.not_service_account", {{"field", "user_id"}});
    const std::optional<TimestampMs> expires =
        expires_in_days ? std::optional<TimestampMs>(now + *expires_in_days * 86400000LL) : std::nullopt;
    const auto id = tokens_.insert(c, user_id, name, crypto::sha256_hex(secret), sorted, now, expires);
    audit_.append(c, {.actor = audit::Actor::of(caller),
                      .action = "create",
                      .entity = "api_token",
                      .entity_id = std::to_string(id),
                      .after = {{"user_id", user_id}, {"name", name}, {"scopes", sorted}}});
    return std::make_pair(*tokens_.get(c, id), secret);
  });
}

Status AuthService::revoke_api_token(const Caller& caller, std::int64_t id) {
  return db_.write([&](db::Conn& c) -> Status {
    if (!tokens_.get(c, id)) return Error::not_found("identity.token_not_found");
    tokens_.revoke(c, id, clock_.now_ms());
    audit_.append(c, {.actor = audit::Actor::of(caller),
                      .action = "revoke",
                      .entity = "api_token",
                      .entity_id = std::to_string(id)});
    return ok_status();
  });
}

PageOf<ApiToken> AuthService::list_api_tokens(const PageRequest& page) {
  return db_.read([&](db::Conn& c) { return tokens_.list(c, page); });
}

PageOf<LoginLogEntry> AuthService::login_log(const LoginLogFilter& f, const PageRequest& page) {
  return db_.read([&](db::Conn& c) { return sessions_.login_log(c, f, page); });
}

}  // namespace anxin::identity
