#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "core/caller.hpp"
#include "core/clock.hpp"
#include "core/result.hpp"
#include "modules/identity/department_service.hpp"
#include "platform/extend/registry.hpp"

namespace anxin::dashboard {

/// What the dashboard reads: the figures and indicator series every module contributed to the registry,
/// computed for the caller's permissions and data scope. Owns no tables.
class DashboardService {
 public:
  DashboardService(const extend::Registry& registry, const Clock& clock, identity::DepartmentService& departments)
      : registry_(registry), clock_(clock), departments_(departments) {}

  /// The figures the caller may see, computed now.
  nlohmann::json figures(const Caller& caller) const;
  /// The indicator sources the caller may read.
  nlohmann::json indicator_sources(const Caller& caller) const;
  /// One indicator's series over [from, to) by period, for a department's tree (or the caller's scope). 404 for an
  /// unknown key or one the caller may not read; 403 for a department outside the caller's data scope.
  Result<nlohmann::json> indicator(const Caller& caller, const std::string& key, extend::IndicatorQuery query,
                                   std::optional<std::int64_t> department_id) const;

 private:
  const extend::Registry& registry_;
  const Clock& clock_;
  identity::DepartmentService& departments_;
};

}  // namespace anxin::dashboard
