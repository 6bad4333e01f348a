#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/paging.hpp"
#include "platform/db/database.hpp"

namespace anxin::identity {

struct ApiToken;  // auth_service.hpp

/// Persistence of the API tokens of service accounts; SQL from queries/. Only the SHA-256 of a
/// token's secret is stored. Every function runs on the connection it is given, so the service
/// decides the transaction.
class ApiTokenRepository {
 public:
  /// Stores a token with `scopes` (sorted); its id.
  std::int64_t insert(db::Conn& c, std::int64_t user_id, const std::string& name, const std::string& secret_hash,
                      const std::vector<std::string>& scopes, TimestampMs now, std::optional<TimestampMs> expires_at);
  std::optional<ApiToken> get(db::Conn& c, std::int64_t id);
  /// The token whose secret hashes to `secret_hash`, revoked or expired ones included.
  std::optional<ApiToken> by_secret_hash(db::Conn& c, const std::string& secret_hash);
  /// A page of tokens, newest first, and the total number of tokens.
  PageOf<ApiToken> list(db::Conn& c, const PageRequest& page);
  /// Revokes the token unless it already is.
  void revoke(db::Conn& c, std::int64_t id, TimestampMs now);
  /// Records the token as used at `now`.
  void touch(db::Conn& c, std::int64_t id, TimestampMs now);
};

}  // namespace anxin::identity
