#pragma once

// Small helpers shared by the identity module's route files: JSON field access and query
// parameter parsing. HTTP <-> DTO only.

#include <charconv>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "core/result.hpp"
#include "platform/http/api.hpp"

namespace anxin::identity {

/// A string member that may be absent or null.
inline std::optional<std::string> opt_string(const nlohmann::json& j, const char* key) {
  if (!j.contains(key) || j[key].is_null()) return std::nullopt;
  return j[key].get<std::string>();
}

/// For PATCH bodies: absent -> nullopt; null -> inner nullopt; value -> value.
inline std::optional<std::optional<std::string>> patch_string(const nlohmann::json& j, const char* key) {
  if (!j.contains(key)) return std::nullopt;
  return opt_string(j, key);
}

/// A positive integer query parameter, or a query_invalid error naming it.
inline Result<std::optional<std::int64_t>> query_id(const http::Request& req, const std::string& name) {
  auto v = req.query_param(name);
  if (!v || v->empty()) return std::optional<std::int64_t>{};
  std::int64_t id = 0;
  auto r = std::from_chars(v->data(), v->data() + v->size(), id);
  if (r.ec != std::errc{} || r.ptr != v->data() + v->size() || id <= 0) {
    return Error::invalid("common.query_invalid", {{"field", name}});
  }
  return std::optional<std::int64_t>(id);
}

/// A non-empty string query parameter.
inline std::optional<std::string> query_text(const http::Request& req, const std::string& name) {
  auto v = req.query_param(name);
  if (!v || v->empty()) return std::nullopt;
  return v;
}

}  // namespace anxin::identity
