#pragma once

#include "platform/extend/registry.hpp"

namespace anxin::audit {

/// Wires the audit module into the registry: its services, routes and contributions (docs/modules.md).
void register_module(extend::Registry& registry);

}  // namespace anxin::audit
