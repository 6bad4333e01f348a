#include "modules/dashboard/dashboard_module.hpp"

#include "modules/dashboard/dashboard_routes.hpp"

namespace anxin::dashboard {

void register_module(extend::Registry& r) {
  auto& dashboard =
      r.provide(std::make_unique<DashboardService>(r, r.clock(), r.service<identity::DepartmentService>()));
  register_routes(r.router(), dashboard);
}

}  // namespace anxin::dashboard
