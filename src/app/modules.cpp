#include "app/modules.hpp"

#include "modules/audit/audit_module.hpp"
#include "modules/dashboard/dashboard_module.hpp"
#include "modules/emergency/emergency_module.hpp"
#include "modules/identity/identity_module.hpp"
#include "modules/incidents/incidents_module.hpp"
#include "modules/notify/notify_module.hpp"
#include "modules/orders/orders_module.hpp"
#include "modules/partners/partners_module.hpp"
#include "modules/system/system_module.hpp"
#include "modules/warnings/warnings_module.hpp"
#include "modules/workforce/workforce_module.hpp"

namespace anxin::app {

const std::vector<ModuleEntry>& modules() {
  static const std::vector<ModuleEntry> list = {
      {"system", system::register_module},       {"audit", audit::register_module},
      {"identity", identity::register_module},   {"notify", notify::register_module},
      {"emergency", emergency::register_module}, {"warnings", warnings::register_module},
      {"incidents", incidents::register_module}, {"workforce", workforce::register_module},
      {"orders", orders::register_module},       {"partners", partners::register_module},
      {"dashboard", dashboard::register_module},
  };
  return list;
}

}  // namespace anxin::app
