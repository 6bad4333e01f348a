#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"

namespace anxin::warnings {

/// The four warning levels (预警级别), by colour; I (red) is the highest. The numbers are the
/// stored values and order the levels: a smaller number is more severe.
enum class Level { kRed = 1, kOrange = 2, kYellow = 3, kBlue = 4 };

/// "red" | "orange" | "yellow" | "blue"
std::string_view level_name(Level level);
std::optional<Level> parse_level(std::string_view text);
/// 1 (red) … 4 (blue); nullopt outside that range.
std::optional<Level> level_from_number(std::int64_t n);
/// "I" | "II" | "III" | "IV"
std::string_view level_roman(Level level);
/// "红色" | "橙色" | "黄色" | "蓝色"
std::string_view level_colour_zh(Level level);
/// True when `a` is more severe than `b` (red above orange above yellow above blue).
inline bool more_severe(Level a, Level b) { return static_cast<int>(a) < static_cast<int>(b); }

/// What a warning is about; decides the CAP <category>.
enum class Category { kWeather, kSafety, kHealth, kFire, kSecurity, kSystem, kOther };

/// "weather" | "safety" | "health" | "fire" | "security" | "system" | "other"
std::string_view category_name(Category category);
std::optional<Category> parse_category(std::string_view text);
/// The category's label, e.g. "气象" / "Weather".
std::string_view category_label(Category category, bool english);

/// Who may receive the warning's CAP document.
enum class Scope { kPublic, kRestricted };
std::string_view scope_name(Scope scope);
std::optional<Scope> parse_scope(std::string_view text);

/// What a version of a warning did.
enum class Action { kIssue, kUpdate, kEscalate, kDowngrade, kLift };
/// "issue" | "update" | "escalate" | "downgrade" | "lift"
std::string_view action_name(Action action);
std::optional<Action> parse_action(std::string_view text);

/// One affected area: a department or site of the company, or a free-text region ("北京市朝阳区").
struct Area {
  /// Set for a department; `name` is then its name.
  std::optional<std::int64_t> department_id;
  std::string name;

  bool operator==(const Area&) const = default;
};

/// An area as given by a caller: exactly one of the two is set.
struct AreaInput {
  std::optional<std::int64_t> department_id;
  std::optional<std::string> text;
};

/// A warning in its current version. `measures` and `description` are class 3 (they may name
/// people): stored encrypted, plaintext only in memory.
struct Warning {
  std::int64_t id = 0;
  Level level = Level::kBlue;
  Category category = Category::kOther;
  std::string title;
  std::vector<Area> areas;
  TimestampMs expected_at = 0;
  std::optional<TimestampMs> expires_at;
  Scope scope = Scope::kPublic;
  std::string measures;
  std::string description;
  /// Group-robot channels (notify_channels ids) every version is posted to.
  std::vector<std::int64_t> channels;
  /// Mobile numbers and e-mail addresses of affected customers, told of this and every later
  /// version by SMS or e-mail. Class 3: stored encrypted, never returned (only their count).
  std::vector<std::string> customer_contacts;
  /// "active" | "lifted"
  std::string status = "active";
  /// nullopt when the system issued it (demo data).
  std::optional<std::int64_t> issued_by;
  std::string issued_by_name;
  TimestampMs issued_at = 0;
  std::optional<TimestampMs> lifted_at;
  TimestampMs created_at = 0;
  TimestampMs updated_at = 0;
  std::int64_t version = 1;

  bool active() const { return status == "active"; }
};

/// A customer contact is an e-mail address when it has an '@', a mobile number otherwise.
inline bool is_email_contact(std::string_view contact) { return contact.find('@') != std::string_view::npos; }

/// One version of a warning (版本): what changed, who changed it, when and why, and the warning as
/// it was afterwards.
struct WarningVersion {
  std::int64_t warning_id = 0;
  std::int64_t version = 0;
  Action action = Action::kIssue;
  std::optional<std::int64_t> changed_by;
  std::string changed_by_name;
  TimestampMs changed_at = 0;
  std::string reason;
  /// The warning after this change (id, level, fields, status, version = this version).
  Warning snapshot;
};

/// One item of the response checklist (预警响应清单).
struct ChecklistItem {
  std::int64_t id = 0;
  std::int64_t warning_id = 0;
  std::string group;
  /// Stable code of the item, e.g. "rescue.standby".
  std::string code;
  std::string title_zh;
  std::string title_en;
  /// The least severe level that calls for the item (blue: every warning).
  Level min_level = Level::kBlue;
  std::int64_t sort_order = 0;
  std::optional<std::int64_t> owner_id;
  std::string owner_name;
  bool done = false;
  std::optional<std::int64_t> done_by;
  std::string done_by_name;
  std::optional<TimestampMs> done_at;
  TimestampMs created_at = 0;
  TimestampMs updated_at = 0;
  std::int64_t version = 1;
};

/// An item the response to a warning calls for.
struct ChecklistTemplateItem {
  const char* group;
  const char* code;
  const char* title_zh;
  const char* title_en;
  Level min_level;
};

/// Every item of the response plan, in order. A warning of level L gets the items whose min_level
/// is L or less severe: every warning gets the working groups' duties of the emergency measures
/// (救援组集结待命, 后勤组检查应急物资和设备设施, 联络组密切关注事件发展动态), more severe levels add
/// round-the-clock duty and the rest.
const std::vector<ChecklistTemplateItem>& checklist_plan();

nlohmann::json to_json(const Area& a);
/// The API shape of a warning (measures and description decrypted).
nlohmann::json to_json(const Warning& w);
nlohmann::json to_json(const WarningVersion& v);
nlohmann::json to_json(const ChecklistItem& item);
/// The checklist grouped by working group: [{group, name_zh, name_en, done, total, items}].
nlohmann::json checklist_json(const std::vector<ChecklistItem>& items);

/// JSON Schemas of the shapes above (for the OpenAPI document).
nlohmann::json warning_schema();
nlohmann::json version_schema();
nlohmann::json checklist_item_schema();
nlohmann::json checklist_schema();

}  // namespace anxin::warnings
