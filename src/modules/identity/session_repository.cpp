#include "modules/identity/session_repository.hpp"

#include "modules/identity/auth_service.hpp"

namespace anxin::identity {

std::string_view identity_sql(std::string_view name);  // embedded queries/*.sql

void SessionRepository::insert(db::Conn& c, const std::string& token_hash, std::int64_t user_id,
                               const std::string& csrf_token, const std::string& stage, TimestampMs now,
                               TimestampMs absolute_expires_at, const std::string& ip) {
  c.exec(identity_sql("session_insert"), token_hash, user_id, csrf_token, stage, now, absolute_expires_at, ip);
}

std::optional<StoredSession> SessionRepository::get(db::Conn& c, const std::string& token_hash) {
  auto row = c.query_one(identity_sql("session_get"), token_hash);
  if (!row) return std::nullopt;
  return StoredSession{.token_hash = row->text("token_hash"),
                       .user_id = row->int64("user_id"),
                       .csrf_token = row->text("csrf_token"),
                       .stage = row->text("stage"),
                       .created_at = row->int64("created_at"),
                       .last_seen_at = row->int64("last_seen_at"),
                       .absolute_expires_at = row->int64("absolute_expires_at"),
                       .revoked_at = row->opt_int64("revoked_at")};
}

void SessionRepository::revoke(db::Conn& c, const std::string& token_hash, TimestampMs now) {
  c.exec(identity_sql("session_revoke"), token_hash, now);
}

void SessionRepository::revoke_user(db::Conn& c, std::int64_t user_id, TimestampMs now,
                                    const std::string& keep_token_hash) {
  c.exec(identity_sql("session_revoke_user"), user_id, now, keep_token_hash);
}

void SessionRepository::touch(db::Conn& c, const std::string& token_hash, TimestampMs now) {
  c.exec(identity_sql("session_touch"), token_hash, now);
}

std::int64_t SessionRepository::expire(db::Conn& c, TimestampMs now) {
  return c.exec(identity_sql("session_expire"), now);
}

void SessionRepository::add_recovery_code(db::Conn& c, std::int64_t user_id, const std::string& code_hash) {
  c.exec(identity_sql("recovery_code_insert"), user_id, code_hash);
}

bool SessionRepository::use_recovery_code(db::Conn& c, std::int64_t user_id, const std::string& code_hash,
                                          TimestampMs now) {
  return c.exec(identity_sql("recovery_code_use"), user_id, code_hash, now) == 1;
}

void SessionRepository::delete_recovery_codes(db::Conn& c, std::int64_t user_id) {
  c.exec(identity_sql("recovery_codes_delete"), user_id);
}

void SessionRepository::log_event(db::Conn& c, TimestampMs at, std::optional<std::int64_t> user_id,
                                  const std::optional<std::string>& username, const std::string& ip,
                                  const std::string& event, const std::string& outcome,
                                  const std::optional<std::string>& reason) {
  c.exec(identity_sql("login_log_insert"), at, user_id, username, ip, event, outcome, reason);
}

PageOf<LoginLogEntry> SessionRepository::login_log(db::Conn& c, const LoginLogFilter& f, const PageRequest& page) {
  PageOf<LoginLogEntry> out;
  for (const auto& r : c.query(identity_sql("login_log_search"), f.user_id, f.event, f.outcome, f.from, f.to,
                               page.page_size, page.offset())) {
    out.items.push_back({r.int64("id"), r.int64("at"), r.opt_int64("user_id"), r.opt_text("username"), r.opt_text("ip"),
                         r.text("event"), r.text("outcome"), r.opt_text("reason")});
  }
  out.total = c.query_one(identity_sql("login_log_count"), f.user_id, f.event, f.outcome, f.from, f.to)->int64("n");
  return out;
}

}  // namespace anxin::identity
