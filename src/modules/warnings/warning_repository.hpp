#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/paging.hpp"
#include "modules/identity/directory.hpp"
#include "modules/warnings/warning.hpp"
#include "platform/crypto/key_ring.hpp"
#include "platform/db/database.hpp"

namespace anxin::warnings {

/// Filters of the warning list; unset ones do not filter.
struct WarningFilter {
  /// "active" | "lifted"
  std::optional<std::string> status;
  std::optional<Level> level;
};

/// A department as a warning area needs it.
struct DepartmentRef {
  std::int64_t id = 0;
  std::string name;
  /// Materialised path "/1/4/".
  std::string path;
  bool active = true;
};

/// Persistence of warnings, their areas, versions and checklists; SQL from queries/. Measures and
/// descriptions (class 3) are encrypted with the key ring, bound to <table>|<column>|<row id>, in
/// `warnings` and in `warning_versions`. People and departments (names, activity, recipients) come
/// from identity's Directory, never from identity's tables. Every function runs on the connection it
/// is given, so the service decides the transaction.
class WarningRepository {
 public:
  static constexpr const char* kWarningTable = "warnings";
  static constexpr const char* kVersionTable = "warning_versions";
  static constexpr const char* kMeasuresColumn = "measures_enc";
  static constexpr const char* kDescriptionColumn = "description_enc";
  static constexpr const char* kCustomerContactsColumn = "customer_contacts_enc";

  explicit WarningRepository(const crypto::KeyRing& keys) : keys_(keys) {}

  /// Inserts the warning's row, secrets and areas (id, version and timestamps of `w` are ignored); returns the id.
  std::int64_t insert(db::Conn& c, const Warning& w, TimestampMs now);
  /// Writes every mutable field and the areas if `expected_version` still matches; false when it did not.
  bool update(db::Conn& c, const Warning& w, std::int64_t expected_version, TimestampMs now);
  std::optional<Warning> get(db::Conn& c, std::int64_t id);
  PageOf<Warning> list(db::Conn& c, const WarningFilter& f, const PageRequest& page);
  /// Ids of the active warnings and of those lifted at or after `lifted_since`, most severe first.
  std::vector<std::int64_t> feed_ids(db::Conn& c, TimestampMs lifted_since, std::int64_t limit);
  std::optional<std::int64_t> active_by_title(db::Conn& c, const std::string& title);

  /// Records version `w.version` of `w` (the warning as it is after the change).
  void insert_version(db::Conn& c, const Warning& w, Action action, const std::string& reason,
                      std::optional<std::int64_t> changed_by, TimestampMs at);
  /// Every version of a warning, oldest first.
  std::vector<WarningVersion> versions(db::Conn& c, std::int64_t warning_id);

  /// Adds the plan's items a warning of `level` calls for that it does not have yet; returns how many were added.
  int add_checklist_items(db::Conn& c, std::int64_t warning_id, Level level, TimestampMs now);
  std::vector<ChecklistItem> checklist(db::Conn& c, std::int64_t warning_id);
  std::optional<ChecklistItem> checklist_item(db::Conn& c, std::int64_t warning_id, std::int64_t item_id);
  void update_checklist_item(db::Conn& c, const ChecklistItem& item, TimestampMs now);

  std::optional<DepartmentRef> department(db::Conn& c, std::int64_t id);
  std::optional<DepartmentRef> department_by_code(db::Conn& c, const std::string& code);
  /// Name of the top of the department tree (the company), if any.
  std::optional<std::string> company_name(db::Conn& c);
  /// Active, non-service accounts in the department at `path` and below.
  std::vector<std::int64_t> users_under(db::Conn& c, const std::string& path);
  bool user_active(db::Conn& c, std::int64_t id);

 private:
  std::string open(const db::Row& r, const char* table, const char* column, std::int64_t id) const;
  db::Value seal(const char* table, const char* column, std::int64_t id, const std::string& plain) const;
  db::Value contacts_sealed(std::int64_t id, const std::vector<std::string>& contacts) const;
  Warning from_row(db::Conn& c, identity::NameLookup& names, const db::Row& r) const;
  void write_areas(db::Conn& c, std::int64_t warning_id, const std::vector<Area>& areas);

  const crypto::KeyRing& keys_;
  identity::Directory directory_;
};

/// The warning tables' encrypted columns that are not free text (for key rotation).
std::vector<crypto::EncryptedColumn> encrypted_columns();
/// The warning tables' encrypted free-text columns (measures and description of a warning and its versions).
std::vector<crypto::EncryptedColumn> free_text_columns();

}  // namespace anxin::warnings
