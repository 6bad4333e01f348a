#include "modules/dashboard/dashboard_service.hpp"

#include <algorithm>

namespace anxin::dashboard {

nlohmann::json DashboardService::figures(const Caller& caller) const {
  return registry_.figures().compute_for(caller, clock_.now_ms());
}

nlohmann::json DashboardService::indicator_sources(const Caller& caller) const {
  auto out = nlohmann::json::array();
  for (const auto& s : registry_.indicators().all()) {
    if (!s.permission.empty() && !caller.has(s.permission)) continue;
    out.push_back({{"key", s.key}, {"label_key", s.label_key}, {"unit", s.unit}});
  }
  return out;
}

Result<nlohmann::json> DashboardService::indicator(const Caller& caller, const std::string& key,
                                                   extend::IndicatorQuery query,
                                                   std::optional<std::int64_t> department_id) const {
  const auto* source = registry_.indicators().find(key);
  // An indicator the caller may not read is answered as if it did not exist.
  if (source == nullptr || (!source->permission.empty() && !caller.has(source->permission))) {
    return Error::not_found("dashboard.indicator_not_found");
  }
  if (query.to <= query.from) return Error::invalid("common.range_invalid", {{"field", "to"}});
  // The caller's data scope bounds the departments: all (3), the own tree (2), the own department (0–1).
  std::vector<std::int64_t> allowed;
  if (caller.data_scope < 3) {
    allowed = caller.data_scope == 2 ? departments_.subtree_ids(caller.department_id)
                                     : std::vector<std::int64_t>{caller.department_id};
  }
  if (department_id) {
    auto wanted = departments_.subtree_ids(*department_id);
    if (wanted.empty()) return Error::not_found("identity.department_not_found");
    if (caller.data_scope < 3 && std::find(allowed.begin(), allowed.end(), *department_id) == allowed.end()) {
      return Error::forbidden("dashboard.department_out_of_scope");
    }
    query.department_ids = std::move(wanted);
  } else {
    query.department_ids = std::move(allowed);
  }
  query.now = clock_.now_ms();
  auto points = nlohmann::json::array();
  for (const auto& p : source->series(query)) {
    points.push_back(
        {{"period_start", format_rfc3339(p.period_start)}, {"department_id", p.department_id}, {"value", p.value}});
  }
  return nlohmann::json{{"key", source->key},
                        {"label_key", source->label_key},
                        {"unit", source->unit},
                        {"period", extend::period_name(query.period)},
                        {"points", std::move(points)}};
}

}  // namespace anxin::dashboard
