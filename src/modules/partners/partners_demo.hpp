#pragma once

#include "modules/identity/user_service.hpp"
#include "modules/partners/partner_service.hpp"
#include "platform/extend/registry.hpp"

namespace anxin::partners {

/// Six partners: suppliers, repairers and the partner agency the demo workers come from; one evaluation overdue,
/// one due within ten days, one failed and suspended, the others evaluated recently. Left alone once partners exist.
Status load_demo(const Clock& clock, PartnerService& partners, identity::UserService& users, extend::DemoContext& ctx);

}  // namespace anxin::partners
