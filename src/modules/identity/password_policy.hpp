#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"

namespace anxin::identity {

/// Password rules. "gb" follows the source documents (≥ 12 characters mixing upper and lower case,
/// digits and symbols, changed every 90 days, the last 5 not reused); "asvs" follows OWASP ASVS
/// (≥ 12 characters, no composition or expiry rules, refused when on the breached-password list).
struct PasswordPolicy {
  std::string profile = "gb";
  std::size_t min_length = 12;
  int max_age_days = 90;
  int history = 5;

  bool expires() const { return profile == "gb" && max_age_days > 0; }
  /// Checks a new password (not its history); the error names the rule broken.
  std::optional<Error> check(const std::string& password, const std::string& username) const;
};

/// True when `password` is on the embedded list of breached/common passwords (case-insensitive).
bool is_breached_password(const std::string& password);

}  // namespace anxin::identity
