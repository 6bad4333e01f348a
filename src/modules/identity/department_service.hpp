#pragma once

#include "core/caller.hpp"
#include "core/clock.hpp"
#include "core/paging.hpp"
#include "core/result.hpp"
#include "modules/identity/department.hpp"
#include "modules/identity/department_repository.hpp"
#include "platform/audit/audit_sink.hpp"
#include "platform/db/database.hpp"

namespace anxin::identity {

/// Use cases of the organisation tree: the rules (unique codes, unique sibling names, no cycles,
/// no orphaned sub-departments, optimistic locking) live here.
class DepartmentService {
 public:
  DepartmentService(db::Database& db, const Clock& clock, audit::AuditSink& audit)
      : db_(db), clock_(clock), audit_(audit) {}

  /// Creates a unit under a parent within the caller's scope; audited.
  Result<Department> create(const Caller& caller, const NewDepartment& input);
  /// Changes a unit within the caller's scope (others answer not found); audited.
  Result<Department> update(const Caller& caller, std::int64_t id, const DepartmentPatch& patch);
  /// Deletes a unit without sub-units or staff; audited.
  Status remove(const Caller& caller, std::int64_t id);
  Result<Department> get(std::int64_t id);
  Result<PageOf<Department>> list(const DepartmentFilter& filter, const PageRequest& page);
  /// The unit with `code`, if any.
  std::optional<Department> find_by_code(const std::string& code);
  /// The department and every department below it (for other modules' figures and filters); empty when it does
  /// not exist.
  std::vector<std::int64_t> subtree_ids(std::int64_t id);
  /// The whole tree, siblings ordered by sort order.
  std::vector<DepartmentNode> tree();

  /// Creates the demo company's organisation unless it exists; returns the number created.
  Result<int> load_demo();

 private:
  Result<Department> create_in(db::Conn& c, const Caller& caller, const NewDepartment& input);

  db::Database& db_;
  const Clock& clock_;
  audit::AuditSink& audit_;
  DepartmentRepository repo_;
};

/// Codes are 1–32 characters of A–Z, a–z, 0–9, '_' and '-'.
bool valid_department_code(const std::string& code);

}  // namespace anxin::identity
