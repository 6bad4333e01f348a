#pragma once

// Test support: a throwaway database (SQLite or PostgreSQL, see platform/db/testing.hpp) with the
// identity services wired as the application wires them, for tests of modules built on them.

#include <filesystem>
#include <memory>
#include <optional>
#include <random>
#include <string>

#include "modules/audit/audit_log.hpp"
#include "modules/identity/auth_service.hpp"
#include "modules/identity/department_service.hpp"
#include "modules/identity/user_service.hpp"
#include "platform/crypto/crypto.hpp"
#include "platform/crypto/key_ring.hpp"
#include "platform/db/testing.hpp"

namespace anxin::identity::testing {

/// Key ring, audit log, auth, departments and users on a fresh database with a manual clock.
class IdentityWorld {
 public:
  explicit IdentityWorld(const std::string& name) {
    crypto::init();
    std::random_device rd;
    dir_ = std::filesystem::temp_directory_path() / ("anxin-" + name + "-" + std::to_string(rd()));
    std::filesystem::create_directories(dir_);
    keys = crypto::KeyRing::open(tdb.db(), {.data_dir = dir_.string()});
    audit = std::make_unique<audit::AuditLog>(tdb.db(), clock, audit::SigningKey::load_or_create(dir_.string()));
    auth = std::make_unique<AuthService>(tdb.db(), clock, *keys, *audit, AuthOptions{});
    departments = std::make_unique<DepartmentService>(tdb.db(), clock, *audit);
    users = std::make_unique<UserService>(tdb.db(), clock, *keys, *audit, *auth);
  }
  ~IdentityWorld() {
    users.reset();
    departments.reset();
    auth.reset();
    audit.reset();
    keys.reset();
    std::filesystem::remove_all(dir_);
  }
  IdentityWorld(const IdentityWorld&) = delete;
  IdentityWorld& operator=(const IdentityWorld&) = delete;

  db::Database& db() { return tdb.db(); }

  /// A caller with the whole company in scope, full clearance and `permissions`, acting as `user_id`.
  static Caller admin(std::int64_t user_id = 0, std::vector<std::string> permissions = {}) {
    Caller c;
    c.user_id = user_id;
    c.username = "admin";
    c.data_scope = 3;
    c.clearance = 4;
    c.permissions = std::move(permissions);
    return c;
  }
  /// Creates a department (code doubles as name).
  std::int64_t dept(const std::string& code, std::optional<std::int64_t> parent) {
    return departments->create(admin(), {.parent_id = parent, .name = code, .code = code, .kind = "department"})->id;
  }
  /// Creates an account in `department`.
  std::int64_t user(const std::string& name, std::int64_t department) {
    return users->create(admin(), {.username = name, .display_name = name, .department_id = department})->user.id;
  }

  db::testing::TestDatabase tdb;
  ManualClock clock{1795239000000};
  std::unique_ptr<crypto::KeyRing> keys;
  std::unique_ptr<audit::AuditLog> audit;
  std::unique_ptr<AuthService> auth;
  std::unique_ptr<DepartmentService> departments;
  std::unique_ptr<UserService> users;

 private:
  std::filesystem::path dir_;
};

}  // namespace anxin::identity::testing
