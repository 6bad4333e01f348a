#pragma once

#include "modules/partners/partner_service.hpp"
#include "platform/http/api.hpp"

namespace anxin::partners {

/// /api/v1/partners: the register, one partner with its evaluations, status, evaluations.
void register_routes(http::Router& router, PartnerService& partners);

}  // namespace anxin::partners
