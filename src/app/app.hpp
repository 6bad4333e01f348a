#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "platform/config/config.hpp"
#include "platform/crypto/key_ring.hpp"
#include "platform/db/database.hpp"
#include "platform/extend/registry.hpp"
#include "platform/http/dispatcher.hpp"
#include "platform/http/static_files.hpp"
#include "platform/jobs/job_queue.hpp"
#include "platform/jobs/scheduler.hpp"

namespace anxin::app {

/// anxin's version string.
std::string version();

/// The composition root: opens the database and the key ring, applies migrations, and wires
/// services, routes and jobs. One App per process.
class App {
 public:
  /// Opens (and migrates) the database named by the configuration; throws on failure.
  explicit App(const config::Config& config);
  ~App();
  App(const App&) = delete;
  App& operator=(const App&) = delete;

  /// Serves HTTP until SIGINT or SIGTERM; returns the process exit code. Creates the first
  /// administrator (printing a one-time password) when there is no account yet.
  int serve();
  /// Loads the demo company and its accounts; prints the demo logins.
  int load_demo();
  /// Creates an administrator account; prints the password when it was generated.
  int create_admin(const std::string& username, std::optional<std::string> password,
                   const std::vector<std::string>& roles);
  /// Adds a field key and re-encrypts every registered column to it, printing progress.
  int rotate_keys(bool add_key);
  /// Retires a field key no ciphertext uses any more.
  int retire_key(std::uint32_t version);
  /// Verifies the audit chain and its signed checkpoints; exit code 0 only when intact.
  int verify_audit();
  /// Signs a checkpoint of the audit chain now and prints it.
  int checkpoint_audit();
  /// Prints the OpenAPI document of every route (for generating the web client).
  int print_openapi();

  db::Database& db() { return *db_; }
  /// The request pipeline `serve` puts behind the network (for in-process measurements).
  http::Dispatcher& dispatcher() { return *dispatcher_; }
  /// Every route this process serves (for the route-table checks).
  const http::Router& router() const { return router_; }
  /// The modules and what they contributed (for the extension-point checks).
  const extend::Registry& registry() const { return *registry_; }

 private:
  void ensure_first_admin();
  /// Runs the lifecycle hooks of one phase (each once).
  static void run_hooks(std::vector<std::function<void()>>& hooks);

  config::Config config_;
  /// The system clock, or the offset-file clock of black-box tests (config clock.offset_file).
  std::unique_ptr<Clock> clock_owner_;
  const Clock& clock_;
  std::unique_ptr<db::Database> db_;
  std::unique_ptr<crypto::KeyRing> keys_;
  std::unique_ptr<jobs::JobQueue> job_queue_;
  http::Router router_;
  /// Owns every module's services; destroyed before the infrastructure above.
  std::unique_ptr<extend::Registry> registry_;
  std::unique_ptr<http::StaticFiles> web_;
  std::unique_ptr<http::Dispatcher> dispatcher_;
  jobs::Scheduler scheduler_;
  /// Sending notifications waits on outside servers (up to the transport timeouts per message), so it
  /// runs on a thread of its own: a hanging SMTP server or robot never delays an escalation.
  jobs::Scheduler delivery_scheduler_{"anxin-deliver"};
};

/// Sets up logging and the data directory for a command; returns false (after printing why) when
/// the data directory cannot be used.
bool prepare_process(const config::Config& config);

}  // namespace anxin::app
