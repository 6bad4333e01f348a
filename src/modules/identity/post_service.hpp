#pragma once

#include <optional>
#include <string>

#include "core/caller.hpp"
#include "core/clock.hpp"
#include "core/paging.hpp"
#include "core/result.hpp"
#include "modules/identity/post_repository.hpp"
#include "platform/audit/audit_sink.hpp"
#include "platform/db/database.hpp"

namespace anxin::identity {

/// A post (岗位): the job a person holds, e.g. 育儿嫂, 客服专员; emergency cards are per post.
struct Post {
  std::int64_t id = 0;
  std::string code;
  std::string name;
  std::int64_t sort_order = 0;
  TimestampMs created_at = 0;
  TimestampMs updated_at = 0;
  std::int64_t version = 1;
};

/// Posts: listed for everyone who may see users, changed by account administrators; audited.
class PostService {
 public:
  PostService(db::Database& db, const Clock& clock, audit::AuditSink& audit) : db_(db), clock_(clock), audit_(audit) {}

  PageOf<Post> list(const PageRequest& page);
  Result<Post> create(const Caller& caller, const std::string& code, const std::string& name, std::int64_t sort_order);
  /// Changes the given fields if `version` still matches.
  Result<Post> update(const Caller& caller, std::int64_t id, std::int64_t version, std::optional<std::string> code,
                      std::optional<std::string> name, std::optional<std::int64_t> sort_order);
  /// Deletes a post nobody holds.
  Status remove(const Caller& caller, std::int64_t id);

 private:
  db::Database& db_;
  const Clock& clock_;
  audit::AuditSink& audit_;
  PostRepository repo_;
};

nlohmann::json to_json(const Post& p);

}  // namespace anxin::identity
