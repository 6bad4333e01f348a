#pragma once

#include "modules/identity/auth_service.hpp"
#include "modules/identity/department_service.hpp"
#include "modules/identity/post_service.hpp"
#include "modules/identity/role_service.hpp"
#include "modules/identity/user_service.hpp"
#include "platform/http/api.hpp"

namespace anxin::identity {

/// The identity module's services, as the routes need them.
struct IdentityServices {
  DepartmentService& departments;
  UserService& users;
  RoleService& roles;
  PostService& posts;
  AuthService& auth;
};

/// Adds every identity route (auth, users, departments, roles, permissions, API tokens, login
/// log). `secure_cookies` marks session cookies Secure (when serving HTTPS).
void register_routes(http::Router& router, IdentityServices services, bool secure_cookies);

void register_department_routes(http::Router& router, DepartmentService& departments);
void register_user_routes(http::Router& router, UserService& users);
void register_role_routes(http::Router& router, RoleService& roles);
void register_post_routes(http::Router& router, PostService& posts);
void register_auth_routes(http::Router& router, AuthService& auth, bool secure_cookies);

}  // namespace anxin::identity
