#pragma once

#include "platform/extend/registry.hpp"

namespace anxin::identity {

/// Wires the identity module into the registry: its services, routes and contributions (docs/modules.md).
void register_module(extend::Registry& registry);

}  // namespace anxin::identity
