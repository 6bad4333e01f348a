#pragma once

#include "platform/extend/registry.hpp"

namespace anxin::partners {

/// The partners module (合作方管理): suppliers, repairers and partner agencies with periodic evaluations and the
/// daily reminder of evaluations falling due (ORD-6).
void register_module(extend::Registry& r);

}  // namespace anxin::partners
