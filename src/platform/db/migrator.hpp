#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "platform/db/database.hpp"

namespace anxin::db {

/// One numbered schema change, e.g. 0002_identity_departments.
struct Migration {
  int version = 0;
  std::string name;
  std::string_view sql;
};

/// The embedded migrations for a backend (db/migrations/<backend>/NNNN_*.sql), ordered by version.
std::vector<Migration> embedded_migrations(Backend backend);

/// Parses "0002_identity_departments" into version 2; returns 0 for a malformed name.
int migration_version(std::string_view name);

/// Applies every migration not yet recorded in schema_migrations, each in its own transaction
/// together with its record, so a failing migration leaves the database as it was. Safe to run
/// from several processes at once on PostgreSQL (advisory lock). Returns the versions applied.
std::vector<int> migrate(Database& db, const std::vector<Migration>& migrations);

/// Versions already applied.
std::vector<int> applied_versions(Database& db);

}  // namespace anxin::db
