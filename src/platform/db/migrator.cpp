#include "platform/db/migrator.hpp"

#include <algorithm>
#include <charconv>

#include "core/clock.hpp"
#include "platform/log/log.hpp"

namespace anxin::schema {
std::string_view sqlite_migration(std::string_view name);
std::vector<std::string_view> sqlite_migration_names();
std::string_view postgres_migration(std::string_view name);
std::vector<std::string_view> postgres_migration_names();
}  // namespace anxin::schema

namespace anxin::db {
namespace {

constexpr std::string_view kBootstrap =
    "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
    "applied_at BIGINT NOT NULL)";
// Arbitrary constant identifying anxin's migration lock among advisory locks.
constexpr std::int64_t kMigrationLock = 0x616e78696e;

void lock_if_postgres(Conn& c) {
  if (c.backend() == Backend::kPostgres) c.query("SELECT pg_advisory_xact_lock($1)", kMigrationLock);
}

}  // namespace

int migration_version(std::string_view name) {
  if (name.size() < 6 || name[4] != '_') return 0;
  int v = 0;
  auto r = std::from_chars(name.data(), name.data() + 4, v);
  return r.ec == std::errc{} && r.ptr == name.data() + 4 ? v : 0;
}

std::vector<Migration> embedded_migrations(Backend backend) {
  const bool pg = backend == Backend::kPostgres;
  std::vector<Migration> out;
  for (std::string_view name : pg ? schema::postgres_migration_names() : schema::sqlite_migration_names()) {
    out.push_back({migration_version(name), std::string(name),
                   pg ? schema::postgres_migration(name) : schema::sqlite_migration(name)});
  }
  std::sort(out.begin(), out.end(), [](const Migration& a, const Migration& b) { return a.version < b.version; });
  return out;
}

std::vector<int> applied_versions(Database& db) {
  db.run_exclusive([](Conn& c) {
    lock_if_postgres(c);
    c.exec_script(kBootstrap);
  });
  return db.read([](Conn& c) {
    std::vector<int> out;
    for (const auto& row : c.query("SELECT version FROM schema_migrations ORDER BY version")) {
      out.push_back(static_cast<int>(row.int64("version")));
    }
    return out;
  });
}

std::vector<int> migrate(Database& db, const std::vector<Migration>& migrations) {
  applied_versions(db);  // creates the bookkeeping table
  std::vector<int> applied;
  for (const Migration& m : migrations) {
    bool ran = false;
    db.run_exclusive([&](Conn& c) {
      lock_if_postgres(c);
      if (!c.query("SELECT 1 FROM schema_migrations WHERE version = $1", m.version).empty()) return;
      c.exec_script(m.sql);
      c.exec("INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)", m.version, m.name,
             SystemClock().now_ms());
      ran = true;
    });
    if (ran) {
      applied.push_back(m.version);
      log::info("db.migration_applied", {{"version", m.version}, {"name", m.name}});
    }
  }
  return applied;
}

}  // namespace anxin::db
