#pragma once

#include "core/clock.hpp"
#include "core/paging.hpp"
#include "core/result.hpp"
#include "modules/identity/department.hpp"
#include "modules/identity/department_repository.hpp"
#include "platform/db/database.hpp"

namespace anxin::identity {

/// Use cases of the organisation tree: the rules (unique codes, unique sibling names, no cycles,
/// no orphaned sub-departments, optimistic locking) live here.
class DepartmentService {
 public:
  DepartmentService(db::Database& db, const Clock& clock) : db_(db), clock_(clock) {}

  Result<Department> create(const NewDepartment& input);
  Result<Department> update(std::int64_t id, const DepartmentPatch& patch);
  Status remove(std::int64_t id);
  Result<Department> get(std::int64_t id);
  Result<PageOf<Department>> list(const DepartmentFilter& filter, const PageRequest& page);
  /// The whole tree, siblings ordered by sort order.
  std::vector<DepartmentNode> tree();

  /// Creates the demo company's organisation unless it exists; returns the number created.
  Result<int> load_demo();

 private:
  Result<Department> create_in(db::Conn& c, const NewDepartment& input);

  db::Database& db_;
  const Clock& clock_;
  DepartmentRepository repo_;
};

/// Codes are 1–32 characters of A–Z, a–z, 0–9, '_' and '-'.
bool valid_department_code(const std::string& code);

}  // namespace anxin::identity
