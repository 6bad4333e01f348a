#include "core/error.hpp"

namespace anxin {

std::string_view error_code_name(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidArgument: return "invalid_argument";
    case ErrorCode::kUnprocessable: return "unprocessable";
    case ErrorCode::kUnauthenticated: return "unauthenticated";
    case ErrorCode::kForbidden: return "forbidden";
    case ErrorCode::kNotFound: return "not_found";
    case ErrorCode::kConflict: return "conflict";
    case ErrorCode::kPayloadTooLarge: return "payload_too_large";
    case ErrorCode::kUnsupportedMediaType: return "unsupported_media_type";
    case ErrorCode::kRateLimited: return "rate_limited";
    case ErrorCode::kUnavailable: return "unavailable";
    case ErrorCode::kInternal: return "internal";
  }
  return "internal";
}

Error Error::invalid(std::string key, nlohmann::json details) {
  return {ErrorCode::kInvalidArgument, std::move(key), std::move(details)};
}
Error Error::unprocessable(std::string key, nlohmann::json details) {
  return {ErrorCode::kUnprocessable, std::move(key), std::move(details)};
}
Error Error::not_found(std::string key, nlohmann::json details) {
  return {ErrorCode::kNotFound, std::move(key), std::move(details)};
}
Error Error::conflict(std::string key, nlohmann::json details) {
  return {ErrorCode::kConflict, std::move(key), std::move(details)};
}
Error Error::forbidden(std::string key) { return {ErrorCode::kForbidden, std::move(key), nlohmann::json::object()}; }
Error Error::unauthenticated(std::string key, nlohmann::json details) {
  return {ErrorCode::kUnauthenticated, std::move(key), std::move(details)};
}
Error Error::unavailable(std::string key) {
  return {ErrorCode::kUnavailable, std::move(key), nlohmann::json::object()};
}
Error Error::internal() { return {ErrorCode::kInternal, "common.internal", nlohmann::json::object()}; }

}  // namespace anxin
