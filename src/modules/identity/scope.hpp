#pragma once

#include <optional>
#include <string>

#include "core/caller.hpp"

namespace anxin::identity {

/// Row filter of a caller's data scope, as bound query parameters: at most one is set; none for
/// scope "all".
struct ScopeFilter {
  std::optional<std::string> path_prefix;     // department tree
  std::optional<std::int64_t> department_id;  // own department
  std::optional<std::int64_t> user_id;        // own records
};

/// The filter for `caller`'s widest data scope.
ScopeFilter scope_filter(const Caller& caller);

/// True when a record of user `owner_user_id` in the department with path `department_path` is
/// within `caller`'s data scope.
bool in_scope(const Caller& caller, std::int64_t owner_user_id, std::int64_t department_id,
              const std::string& department_path);

/// True when a department (by id and path) is within the caller's scope for organisation records.
bool department_in_scope(const Caller& caller, std::int64_t department_id, const std::string& department_path);

}  // namespace anxin::identity
