#include "modules/system/system_module.hpp"

#include "modules/system/system_routes.hpp"

namespace anxin::system {

void register_module(extend::Registry& r) { register_routes(r.router(), r.db(), r.version()); }

}  // namespace anxin::system
