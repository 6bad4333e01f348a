#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "modules/audit/audit_log.hpp"
#include "modules/emergency/organisation_service.hpp"
#include "modules/identity/auth_service.hpp"
#include "modules/identity/department_service.hpp"
#include "modules/identity/post_service.hpp"
#include "modules/identity/role_service.hpp"
#include "modules/identity/user_service.hpp"
#include "modules/incidents/aftermath_service.hpp"
#include "modules/incidents/attachment_service.hpp"
#include "modules/incidents/incident_documents.hpp"
#include "modules/incidents/incident_service.hpp"
#include "modules/incidents/investigation_service.hpp"
#include "modules/warnings/warning_service.hpp"
#include "platform/config/config.hpp"
#include "platform/crypto/key_ring.hpp"
#include "platform/db/database.hpp"
#include "platform/http/dispatcher.hpp"
#include "platform/jobs/job_queue.hpp"
#include "platform/jobs/scheduler.hpp"
#include "platform/notify/channel_service.hpp"
#include "platform/notify/live_inbox.hpp"
#include "platform/notify/notifier.hpp"
#include "platform/notify/transport.hpp"

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

 private:
  void ensure_first_admin();

  config::Config config_;
  /// The system clock, or the offset-file clock of black-box tests (config clock.offset_file).
  std::unique_ptr<Clock> clock_owner_;
  const Clock& clock_;
  std::unique_ptr<db::Database> db_;
  std::unique_ptr<crypto::KeyRing> keys_;
  std::unique_ptr<audit::AuditLog> audit_;
  std::unique_ptr<identity::AuthService> auth_;
  std::unique_ptr<identity::DepartmentService> departments_;
  std::unique_ptr<identity::UserService> users_;
  std::unique_ptr<identity::RoleService> roles_;
  std::unique_ptr<identity::PostService> posts_;
  std::unique_ptr<emergency::OrganisationService> organisation_;
  std::unique_ptr<incidents::IncidentService> incidents_;
  std::unique_ptr<incidents::AftermathService> aftermath_;
  std::unique_ptr<incidents::InvestigationService> investigations_;
  std::unique_ptr<incidents::AttachmentService> attachments_;
  std::unique_ptr<incidents::IncidentDocuments> incident_documents_;
  std::unique_ptr<jobs::JobQueue> job_queue_;
  std::unique_ptr<notify::Transport> notify_transport_;
  std::unique_ptr<notify::Notifier> notifier_;
  std::unique_ptr<notify::LiveInbox> live_inbox_;
  std::unique_ptr<notify::ChannelService> notify_channels_;
  std::unique_ptr<warnings::WarningService> warnings_;
  http::Router router_;
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
