#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/caller.hpp"
#include "core/clock.hpp"
#include "core/paging.hpp"
#include "core/result.hpp"
#include "modules/notify/notifier.hpp"
#include "modules/warnings/cap.hpp"
#include "modules/warnings/warning.hpp"
#include "modules/warnings/warning_repository.hpp"
#include "platform/audit/audit_sink.hpp"
#include "platform/crypto/key_ring.hpp"
#include "platform/db/database.hpp"

namespace anxin::warnings {

/// Limits of the free-text fields (characters).
inline constexpr std::size_t kMaxTitle = 100;
inline constexpr std::size_t kMaxText = 4000;
inline constexpr std::size_t kMaxAreaText = 100;
inline constexpr std::size_t kMaxReason = 500;
inline constexpr std::size_t kMaxAreas = 50;
inline constexpr std::size_t kMaxChannels = 20;
inline constexpr std::size_t kMaxCustomerContacts = 500;

/// Notification events a warning publishes (templates: register_templates).
inline constexpr const char* kEventIssued = "warning.issued";
inline constexpr const char* kEventChanged = "warning.changed";
inline constexpr const char* kEventLifted = "warning.lifted";
/// What affected customers receive for every version (issue, change, lift).
inline constexpr const char* kEventCustomerNotice = "warning.customer_notice";

/// The fields of a new warning.
struct NewWarning {
  Level level = Level::kBlue;
  Category category = Category::kOther;
  std::string title;
  std::vector<AreaInput> areas;
  TimestampMs expected_at = 0;
  std::optional<TimestampMs> expires_at;
  Scope scope = Scope::kPublic;
  /// Required: what staff and customers must do (防范措施). Class 3.
  std::string measures;
  /// Optional background. Class 3.
  std::string description;
  /// Group-robot channels to post this and every later version to.
  std::vector<std::int64_t> channels;
  /// Affected customers' mobile numbers and/or e-mail addresses (e.g. from the order system).
  std::vector<std::string> customer_contacts;
  /// Optional note recorded with version 1.
  std::string reason;
};

/// A change of a warning's content (not its level or status); absent fields stay. `reason` is required.
struct WarningPatch {
  std::int64_t version = 0;
  std::optional<std::string> title;
  std::optional<Category> category;
  std::optional<std::vector<AreaInput>> areas;
  std::optional<TimestampMs> expected_at;
  /// An inner nullopt clears the expiry.
  std::optional<std::optional<TimestampMs>> expires_at;
  std::optional<Scope> scope;
  std::optional<std::string> measures;
  std::optional<std::string> description;
  std::optional<std::vector<std::int64_t>> channels;
  std::optional<std::vector<std::string>> customer_contacts;
  std::string reason;
};

/// A change of a checklist item; absent fields stay. For owner_id an inner nullopt removes the owner.
struct ChecklistChange {
  std::optional<bool> done;
  std::optional<std::optional<std::int64_t>> owner_id;
};

/// Early warnings (WRN-1…WRN-5): issue, update, escalate, downgrade and lift, each a new version with
/// who, when and why; the response checklist of the working groups; publication through the notifier
/// to the users of the affected departments and to group robots, inside the same transaction as the
/// change and its audit record; export as CAP 1.2.
///
/// Reason texts are operational notes: they are kept readable in the history and in the audit log.
/// Measures and descriptions may name people (class 3) and are stored encrypted; they are shown to
/// every holder of warnings:warning:read (they are addressed to staff) and published.
class WarningService {
 public:
  /// Lifted warnings stay in the CAP feed this long (as Cancel messages), so consumers see the end.
  static constexpr std::int64_t kFeedCancelMs = 24LL * 3600 * 1000;
  /// Largest number of entries of the CAP feed.
  static constexpr std::int64_t kFeedLimit = 200;

  WarningService(db::Database& db, const Clock& clock, const crypto::KeyRing& keys, audit::AuditSink& audit,
                 notify::Notifier& notifier, CapOptions cap = {})
      : db_(db), clock_(clock), repo_(keys), audit_(audit), notifier_(notifier), cap_(std::move(cap)) {}

  PageOf<Warning> list(const WarningFilter& filter, const PageRequest& page);
  Result<Warning> get(std::int64_t id);
  /// Issues a warning (version 1) with its response checklist, and publishes "warning.issued".
  Result<Warning> issue(const Caller& caller, const NewWarning& w);
  /// Changes content fields if `patch.version` still matches; publishes "warning.changed". Conflicts:
  /// common.version_conflict, warnings.not_active (lifted), warnings.no_change.
  Result<Warning> update(const Caller& caller, std::int64_t id, const WarningPatch& patch);
  /// Raises the level (red is the highest), adds the checklist items the new level calls for and publishes
  /// "warning.changed". warnings.not_higher when `level` is not above the current one.
  Result<Warning> escalate(const Caller& caller, std::int64_t id, std::int64_t version, Level level,
                           const std::string& reason);
  /// Lowers the level (checklist items already there stay) and publishes "warning.changed".
  /// warnings.not_lower when `level` is not below the current one.
  Result<Warning> downgrade(const Caller& caller, std::int64_t id, std::int64_t version, Level level,
                            const std::string& reason);
  /// Lifts (解除) the warning and publishes "warning.lifted"; a lifted warning cannot change any more.
  Result<Warning> lift(const Caller& caller, std::int64_t id, std::int64_t version, const std::string& reason);
  /// Every version, oldest first.
  Result<std::vector<WarningVersion>> history(std::int64_t id);

  Result<std::vector<ChecklistItem>> checklist(std::int64_t warning_id);
  /// Ticks or unticks an item (done_by/done_at follow) and sets its owner (an active user); audited.
  Result<ChecklistItem> update_checklist_item(const Caller& caller, std::int64_t warning_id, std::int64_t item_id,
                                              const ChecklistChange& change);

  /// The CAP 1.2 document of a version (default: the latest).
  Result<std::string> cap(std::int64_t id, std::optional<std::int64_t> version = std::nullopt);
  /// The Atom feed of the active warnings and of those lifted in the last kFeedCancelMs.
  std::string cap_feed(std::string_view self_path, std::string_view cap_path_prefix);

  /// Demo data: an active yellow rainstorm warning (暴雨黄色预警) for the 朝阳 and 海淀 service sites,
  /// unless one is active already.
  Status load_demo(const Caller& system);

 private:
  /// Checks and resolves the areas a caller gave (departments must exist and be active).
  Result<std::vector<Area>> resolve_areas(db::Conn& c, const std::vector<AreaInput>& input);
  /// Validates a warning's fields before it is stored.
  static Status validate(const Warning& w);
  /// Stores version `next` (already version+1) of `current` with its history row, publication and audit.
  Result<Warning> save_change(db::Conn& c, const Caller& caller, const Warning& current, Warning next, Action action,
                              const std::string& reason);
  Status publish(db::Conn& c, const Warning& w, Action action, const std::string& reason);
  CapOptions cap_options(db::Conn& c);
  Result<Warning> change_level(const Caller& caller, std::int64_t id, std::int64_t version, Level level,
                               const std::string& reason, Action action);

  db::Database& db_;
  const Clock& clock_;
  WarningRepository repo_;
  audit::AuditSink& audit_;
  notify::Notifier& notifier_;
  CapOptions cap_;
};

/// Registers the notification templates of warning.issued, warning.changed and warning.lifted (zh-CN and en-US).
void register_templates(notify::Notifier& notifier);

}  // namespace anxin::warnings
