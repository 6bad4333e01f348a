#pragma once

#include <optional>
#include <string>

#include "core/clock.hpp"
#include "core/paging.hpp"
#include "platform/db/database.hpp"

namespace anxin::identity {

struct Post;  // post_service.hpp

/// Persistence of posts; SQL from queries/. Every function runs on the connection it is given, so
/// the service decides the transaction.
class PostRepository {
 public:
  std::optional<Post> get(db::Conn& c, std::int64_t id);
  PageOf<Post> list(db::Conn& c, const PageRequest& page);
  /// Whether a post other than `except_id` has `code`.
  bool code_taken(db::Conn& c, const std::string& code, std::int64_t except_id);
  std::int64_t insert(db::Conn& c, const std::string& code, const std::string& name, std::int64_t sort_order,
                      TimestampMs now);
  /// Writes code, name and sort order if `expected_version` still matches; false when it did not.
  bool update(db::Conn& c, const Post& p, std::int64_t expected_version, TimestampMs now);
  /// The number of users holding the post.
  std::int64_t user_count(db::Conn& c, std::int64_t id);
  void remove(db::Conn& c, std::int64_t id);
};

}  // namespace anxin::identity
