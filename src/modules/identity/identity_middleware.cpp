#include "modules/identity/identity_middleware.hpp"

#include "platform/crypto/crypto.hpp"

namespace anxin::identity {
namespace {

bool step_allows(const std::string& pending, http::Method method, const std::string& route) {
  using M = http::Method;
  if (route == "/api/v1/auth/me" && method == M::kGet) return true;
  if (route == "/api/v1/auth/logout" && method == M::kPost) return true;
  if (pending == "totp") return route == "/api/v1/auth/totp" && method == M::kPost;
  if (pending == "password_change") return route == "/api/v1/auth/password" && method == M::kPost;
  if (pending == "totp_enrollment") {
    return method == M::kPost && (route == "/api/v1/auth/totp/enroll" || route == "/api/v1/auth/totp/activate" ||
                                  route == "/api/v1/auth/password");
  }
  return false;
}

}  // namespace

http::Middleware authentication_middleware(AuthService& auth) {
  return [&auth](http::Request& req, const http::Route& route) -> std::optional<Error> {
    if (route.is_public) return std::nullopt;
    const std::string ip = req.principal.ip;
    const std::string request_id = req.principal.request_id;
    const std::string authorization = req.header("authorization");
    Result<Caller> caller = Error::unauthenticated();
    bool via_cookie = false;
    if (authorization.size() > 7 && (authorization.starts_with("Bearer ") || authorization.starts_with("bearer "))) {
      caller = auth.token_caller(authorization.substr(7));
      req.credential_alive = [&auth, token = authorization.substr(7)] { return auth.credential_alive(token, true); };
    } else if (const std::string token = req.cookie(kSessionCookie); !token.empty()) {
      caller = auth.session_caller(token, req.csrf_token);
      via_cookie = true;
      req.credential_alive = [&auth, token] { return auth.credential_alive(token, false); };
    }
    if (!caller.ok()) return caller.error();
    req.principal = std::move(caller).value();
    req.principal.ip = ip;
    req.principal.request_id = request_id;
    if (via_cookie && req.method != http::Method::kGet) {
      const std::string sent = req.header(kCsrfHeader);
      if (sent.empty() || !crypto::constant_time_equal(sent, req.csrf_token))
        return Error::forbidden("auth.csrf_invalid");
    }
    if (!req.principal.pending.empty() && !step_allows(req.principal.pending, req.method, route.path)) {
      Error e = Error::forbidden("auth.step_required");
      e.details = {{"pending", req.principal.pending}};
      return e;
    }
    if (!route.authenticated_only && !req.principal.has(route.permission)) return Error::forbidden();
    return std::nullopt;
  };
}

}  // namespace anxin::identity
