#pragma once

#include <memory>
#include <string>

#include "core/clock.hpp"
#include "modules/identity/department_service.hpp"
#include "platform/config/config.hpp"
#include "platform/db/database.hpp"
#include "platform/http/dispatcher.hpp"
#include "platform/jobs/scheduler.hpp"

namespace anxin::app {

/// anxin's version string.
std::string version();

/// The composition root: opens the database, applies migrations, and wires services, routes and
/// jobs. One App per process.
class App {
 public:
  /// Opens (and migrates) the database named by the configuration; throws on failure.
  explicit App(const config::Config& config);
  ~App();
  App(const App&) = delete;
  App& operator=(const App&) = delete;

  /// Serves HTTP until SIGINT or SIGTERM; returns the process exit code.
  int serve();
  /// Loads the demo company; prints what it created.
  int load_demo();

  db::Database& db() { return *db_; }

 private:
  config::Config config_;
  SystemClock clock_;
  std::unique_ptr<db::Database> db_;
  std::unique_ptr<identity::DepartmentService> departments_;
  http::Router router_;
  std::unique_ptr<http::Dispatcher> dispatcher_;
  jobs::Scheduler scheduler_;
};

/// Sets up logging and the data directory for a command; returns false (after printing why) when
/// the data directory cannot be used.
bool prepare_process(const config::Config& config);

}  // namespace anxin::app
