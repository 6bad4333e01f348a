#pragma once

#include "platform/extend/registry.hpp"

namespace anxin::workforce {

/// The workforce module (服务人员): worker files, vetting, certificates, health checks and the dispatch gate's
/// checks on them (WRK-1 … WRK-3, WRK-6).
void register_module(extend::Registry& r);

}  // namespace anxin::workforce
