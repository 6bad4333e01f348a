#pragma once

// Helpers shared by the identity module's route files (query and JSON helpers come from
// platform/http). HTTP <-> DTO only.

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "core/result.hpp"
#include "platform/http/api.hpp"

namespace anxin::identity {

using http::query_id;
using http::query_text;

/// For PATCH bodies: absent -> nullopt; null -> inner nullopt; value -> value.
inline std::optional<std::optional<std::string>> patch_string(const nlohmann::json& j, const char* key) {
  if (!j.contains(key)) return std::nullopt;
  return http::json_string(j, key);
}

}  // namespace anxin::identity
