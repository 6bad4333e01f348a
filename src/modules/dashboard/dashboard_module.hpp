#pragma once

#include "platform/extend/registry.hpp"

namespace anxin::dashboard {

/// Wires the dashboard: the figures and indicator series of every module registered before it. Register it last.
void register_module(extend::Registry& registry);

}  // namespace anxin::dashboard
