#include "platform/db/testing.hpp"

#include <cstdlib>
#include <fstream>
#include <random>

#include "platform/db/migrator.hpp"

namespace anxin::db::testing {
namespace {

std::string env(const char* name) {
  const char* v = std::getenv(name);
  return v != nullptr ? v : "";
}

std::string unique_suffix() {
  std::random_device rd;
  return std::to_string(rd()) + std::to_string(rd());
}

}  // namespace

TestDatabase::TestDatabase(bool migrate) {
  if (env("ANXIN_TEST_BACKEND") == "postgres") {
    std::string base = env("ANXIN_TEST_PG_URL");
    if (base.empty()) {
      std::ifstream in(env("ANXIN_TEST_PG_URL_FILE"));
      std::getline(in, base);
    }
    if (base.empty()) throw std::runtime_error("ANXIN_TEST_PG_URL(_FILE) must name the test PostgreSQL server");
    const std::string schema = "t" + unique_suffix();
    Database::open({.url = base})->run_exclusive([&](Conn& c) { c.exec_script("CREATE SCHEMA " + schema); });
    url_ = base + (base.find('?') == std::string::npos ? "?" : "&") + "options=-csearch_path%3D" + schema;
  } else {
    dir_ = std::filesystem::temp_directory_path() / ("anxin-test-" + unique_suffix());
    std::filesystem::create_directories(dir_);
    url_ = "sqlite:" + (dir_ / "test.db").string();
  }
  db_ = Database::open({.url = url_, .read_pool_size = 4});
  if (migrate) db::migrate(*db_, embedded_migrations(db_->backend()));
}

TestDatabase::~TestDatabase() {
  if (db_) db_->close();
  db_.reset();
  if (!dir_.empty()) std::filesystem::remove_all(dir_);
}

std::unique_ptr<Database> TestDatabase::open_again() const {
  return Database::open({.url = url_, .read_pool_size = 4});
}

}  // namespace anxin::db::testing
