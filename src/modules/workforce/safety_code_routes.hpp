#pragma once

#include <vector>

#include "modules/workforce/credential.hpp"
#include "modules/workforce/safety_code.hpp"
#include "platform/http/api.hpp"

namespace anxin::workforce {

/// The 安心码: issue, show and revoke it (office), and the public page a customer opens at the door (rate-limited
/// per client address).
void register_safety_code_routes(http::Router& router, SafetyCodes& codes);

}  // namespace anxin::workforce
