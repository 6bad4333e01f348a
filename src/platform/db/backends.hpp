#pragma once

// Internal to platform/db: the concrete connections behind Database.

#include <memory>
#include <string>

#include "platform/db/database.hpp"

namespace anxin::db::detail {

/// A connection the writer can drive through transactions.
class BackendConn : public Conn {
 public:
  /// Starts a write transaction (BEGIN IMMEDIATE on SQLite so the write lock is taken up front).
  virtual void begin_write() = 0;
  /// True when the connection is unusable and must be reopened.
  virtual bool broken() const = 0;
};

/// Opens a SQLite connection on `path`; `reader` connections are query-only. Verifies WAL,
/// synchronous=FULL and foreign keys, throwing DbError when any did not take effect.
std::unique_ptr<BackendConn> open_sqlite(const std::string& path, bool reader);

/// Opens a PostgreSQL connection; verifies fsync and synchronous_commit are on.
std::unique_ptr<BackendConn> open_postgres(const std::string& url);

}  // namespace anxin::db::detail
