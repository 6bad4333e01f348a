#pragma once

#include "modules/identity/auth_service.hpp"
#include "platform/http/dispatcher.hpp"

namespace anxin::identity {

/// Name of the HttpOnly session cookie and of the readable CSRF cookie.
inline constexpr const char* kSessionCookie = "anxin_session";
inline constexpr const char* kCsrfCookie = "anxin_csrf";
/// Header carrying the CSRF token on state-changing requests.
inline constexpr const char* kCsrfHeader = "x-csrf-token";

/// Authenticates every non-public request (Bearer API token or session cookie), requires the
/// session's CSRF token on state-changing requests, keeps sessions that still owe a step (second
/// factor, password change, second-factor enrolment) to the routes of that step, and checks the
/// route's permission. Fills Request::principal.
http::Middleware authentication_middleware(AuthService& auth);

}  // namespace anxin::identity
