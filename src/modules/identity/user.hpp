#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "platform/text/data_class.hpp"
#include "platform/text/masking.hpp"

namespace anxin::identity {

/// A person who signs in (staff, workers) or a service account. Personal values are held here in
/// plaintext only in memory; storage encrypts class 3–4 fields (see user_fields()).
struct User {
  std::int64_t id = 0;
  std::string username;
  std::string display_name;
  std::int64_t department_id = 0;
  std::string department_path;
  std::optional<std::int64_t> post_id;
  std::optional<std::string> email;
  std::optional<std::string> phone;
  std::optional<std::string> id_number;
  std::optional<std::string> bank_account;
  std::optional<std::string> address;
  std::string status = "active";
  bool is_service_account = false;
  bool must_change_password = true;
  std::optional<TimestampMs> password_changed_at;
  bool totp_enabled = false;
  std::optional<TimestampMs> locked_until;
  std::vector<std::int64_t> role_ids;
  TimestampMs created_at = 0;
  TimestampMs updated_at = 0;
  std::int64_t version = 1;
};

/// The data class and kind of every user field, declared once: storage encrypts class 3–4,
/// output masks what exceeds the viewer's clearance, exports follow the same rule.
const std::vector<text::FieldSpec>& user_fields();
/// The spec of a field by name, or nullptr.
const text::FieldSpec* user_field(const std::string& name);

/// The user as JSON for a viewer of `clearance`: personal values above it are masked and listed in
/// "masked_fields".
nlohmann::json to_json(const User& u, int clearance);
/// The user with every personal value masked (for audit before/after images).
nlohmann::json to_audit_json(const User& u);

nlohmann::json user_schema();
nlohmann::json new_user_schema();
nlohmann::json user_patch_schema();

/// Fields of a new user.
struct NewUser {
  std::string username;
  std::string display_name;
  std::int64_t department_id = 0;
  std::optional<std::int64_t> post_id;
  std::optional<std::string> email;
  std::optional<std::string> phone;
  std::optional<std::string> id_number;
  std::optional<std::string> bank_account;
  std::optional<std::string> address;
  std::vector<std::int64_t> role_ids;
  bool is_service_account = false;
};

/// A partial update of a user; absent fields stay, inner nullopt clears.
struct UserPatch {
  std::int64_t version = 0;
  std::optional<std::string> display_name;
  std::optional<std::int64_t> department_id;
  std::optional<std::optional<std::int64_t>> post_id;
  std::optional<std::optional<std::string>> email;
  std::optional<std::optional<std::string>> phone;
  std::optional<std::optional<std::string>> id_number;
  std::optional<std::optional<std::string>> bank_account;
  std::optional<std::optional<std::string>> address;
};

struct UserFilter {
  std::optional<std::int64_t> department_id;
  std::optional<std::string> q;
  std::optional<std::string> status;
  /// Exact search by mobile number or resident ID number, through the blind indexes.
  std::optional<std::string> phone;
  std::optional<std::string> id_number;
};

}  // namespace anxin::identity
