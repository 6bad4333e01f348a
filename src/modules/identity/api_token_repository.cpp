#include "modules/identity/api_token_repository.hpp"

#include <algorithm>
#include <sstream>

#include "modules/identity/auth_service.hpp"

namespace anxin::identity {

std::string_view identity_sql(std::string_view name);  // embedded queries/*.sql

namespace {

std::string join_scopes(const std::vector<std::string>& scopes) {
  std::string out;
  for (const auto& s : scopes) out += (out.empty() ? "" : " ") + s;
  return out;
}

std::vector<std::string> split_scopes(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string s; in >> s;) out.push_back(s);
  std::sort(out.begin(), out.end());
  return out;
}

ApiToken token_from_row(const db::Row& r) {
  ApiToken t;
  t.id = r.int64("id");
  t.user_id = r.int64("user_id");
  t.name = r.text("name");
  t.scopes = split_scopes(r.text("scopes"));
  t.created_at = r.int64("created_at");
  t.expires_at = r.opt_int64("expires_at");
  t.revoked_at = r.opt_int64("revoked_at");
  t.last_used_at = r.opt_int64("last_used_at");
  return t;
}

std::optional<ApiToken> token_from(const std::optional<db::Row>& row) {
  if (!row) return std::nullopt;
  return token_from_row(*row);
}

}  // namespace

std::int64_t ApiTokenRepository::insert(db::Conn& c, std::int64_t user_id, const std::string& name,
                                        const std::string& secret_hash, const std::vector<std::string>& scopes,
                                        TimestampMs now, std::optional<TimestampMs> expires_at) {
  return c
      .query_one(identity_sql("api_token_insert"), user_id, name, secret_hash, join_scopes(scopes), now, expires_at)
      ->int64("id");
}

std::optional<ApiToken> ApiTokenRepository::get(db::Conn& c, std::int64_t id) {
  return token_from(c.query_one(identity_sql("api_token_get"), id));
}

std::optional<ApiToken> ApiTokenRepository::by_secret_hash(db::Conn& c, const std::string& secret_hash) {
  return token_from(c.query_one(identity_sql("api_token_by_hash"), secret_hash));
}

PageOf<ApiToken> ApiTokenRepository::list(db::Conn& c, const PageRequest& page) {
  PageOf<ApiToken> out;
  for (const auto& r : c.query(identity_sql("api_token_list"), page.page_size, page.offset())) {
    out.items.push_back(token_from_row(r));
  }
  out.total = c.query_one(identity_sql("api_token_count"))->int64("n");
  return out;
}

void ApiTokenRepository::revoke(db::Conn& c, std::int64_t id, TimestampMs now) {
  c.exec(identity_sql("api_token_revoke"), id, now);
}

void ApiTokenRepository::touch(db::Conn& c, std::int64_t id, TimestampMs now) {
  c.exec(identity_sql("api_token_touch"), id, now);
}

}  // namespace anxin::identity
