#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace anxin {

/// The closed set of error categories; each maps to one HTTP status in platform/http.
enum class ErrorCode {
  kInvalidArgument,
  /// Well-formed but refused on its meaning (a failing checksum, an end before a start): HTTP 422.
  kUnprocessable,
  kUnauthenticated,
  kForbidden,
  kNotFound,
  kConflict,
  kPayloadTooLarge,
  kUnsupportedMediaType,
  kRateLimited,
  kUnavailable,
  kInternal,
};

/// Stable wire name of a code, e.g. "invalid_argument".
std::string_view error_code_name(ErrorCode code);

/// The one error type of the project: a category, a translation key and structured details.
/// `message_key` names an entry of the message catalogues (e.g. "common.field_required"); the
/// details fill the placeholders of that message and are returned to the client as they are,
/// so they must never carry personal data.
struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string message_key = "common.internal";
  nlohmann::json details = nlohmann::json::object();

  static Error invalid(std::string key, nlohmann::json details = nlohmann::json::object());
  /// 422: the request is well-formed but its values do not make sense (checksum, date order, unknown code).
  static Error unprocessable(std::string key, nlohmann::json details = nlohmann::json::object());
  static Error not_found(std::string key = "common.not_found", nlohmann::json details = nlohmann::json::object());
  static Error conflict(std::string key = "common.conflict", nlohmann::json details = nlohmann::json::object());
  static Error forbidden(std::string key = "common.forbidden");
  static Error unauthenticated(std::string key = "common.unauthenticated",
                               nlohmann::json details = nlohmann::json::object());
  static Error unavailable(std::string key = "common.unavailable");
  static Error internal();
};

/// Thrown only for infrastructure failures that a caller cannot handle (and by the database layer
/// to carry an Error out of a transaction body); caught at the HTTP boundary.
class ErrorException : public std::exception {
 public:
  explicit ErrorException(Error error) : error_(std::move(error)) {}
  const Error& error() const noexcept { return error_; }
  const char* what() const noexcept override { return error_.message_key.c_str(); }

 private:
  Error error_;
};

}  // namespace anxin
