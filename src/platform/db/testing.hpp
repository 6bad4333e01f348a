#pragma once

// Test support: a throwaway database of the backend named by ANXIN_TEST_BACKEND ("sqlite" by
// default; "postgres" uses a fresh schema on the server whose URL is in ANXIN_TEST_PG_URL or in
// the file named by ANXIN_TEST_PG_URL_FILE).

#include <filesystem>
#include <memory>
#include <string>

#include "platform/db/database.hpp"

namespace anxin::db::testing {

class TestDatabase {
 public:
  /// Creates the database; with `migrate` the embedded migrations are applied.
  explicit TestDatabase(bool migrate = true);
  ~TestDatabase();
  TestDatabase(const TestDatabase&) = delete;
  TestDatabase& operator=(const TestDatabase&) = delete;

  Database& db() { return *db_; }
  const std::string& url() const { return url_; }
  /// Opens another handle on the same database (e.g. a second process's view).
  std::unique_ptr<Database> open_again() const;

 private:
  std::string url_;
  std::filesystem::path dir_;
  std::unique_ptr<Database> db_;
};

}  // namespace anxin::db::testing
