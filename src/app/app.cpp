#include "app/app.hpp"

#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <iostream>

#include "app/demo.hpp"
#include "modules/audit/audit_routes.hpp"
#include "modules/emergency/emergency_routes.hpp"
#include "modules/identity/identity_middleware.hpp"
#include "modules/identity/identity_routes.hpp"
#include "modules/incidents/aftermath_routes.hpp"
#include "modules/incidents/incident_file_routes.hpp"
#include "modules/incidents/incident_routes.hpp"
#include "modules/system/system_routes.hpp"
#include "modules/warnings/warnings_routes.hpp"
#include "platform/crypto/crypto.hpp"
#include "platform/db/migrator.hpp"
#include "platform/http/i18n.hpp"
#include "platform/http/openapi.hpp"
#include "platform/http/server.hpp"
#include "platform/log/log.hpp"
#include "platform/notify/notify_routes.hpp"

namespace anxin::app {

namespace {
/// A stable row number for a record keyed by a hex hash (binds its ciphertext to that record).
std::int64_t row_of(const std::string& key_hash) {
  return static_cast<std::int64_t>(std::stoull(key_hash.substr(0, 15), nullptr, 16));
}
}  // namespace

std::string version() { return ANXIN_VERSION; }

bool prepare_process(const config::Config& config) {
  std::error_code ec;
  std::filesystem::create_directories(config.data_dir, ec);
  if (ec) {
    std::cerr << "anxin: cannot create data directory " << config.data_dir << ": " << ec.message() << "\n";
    return false;
  }
  // The data directory holds the database and keys: only the service account may enter.
  ::chmod(config.data_dir.c_str(), 0700);
  log::Options lo;
  log::parse_level(config.log_level, lo.level);
  lo.file = config.log_file;
  log::init(lo);
  return true;
}

namespace {
std::unique_ptr<Clock> make_clock(const config::Config& config) {
  if (config.clock_offset_file.empty()) return std::make_unique<SystemClock>();
  log::warn("clock.offset_file_in_use", {{"file", config.clock_offset_file}});
  return std::make_unique<OffsetFileClock>(config.clock_offset_file);
}
}  // namespace

App::App(const config::Config& config) : config_(config), clock_owner_(make_clock(config)), clock_(*clock_owner_) {
  crypto::init();
  db_ = db::Database::open({.url = config.database_url()});
  const auto applied = db::migrate(*db_, db::embedded_migrations(db_->backend()));
  if (!applied.empty()) log::info("db.migrated", {{"applied", applied.size()}});

  keys_ = crypto::KeyRing::open(
      *db_, {.data_dir = config.data_dir,
             .suite = config.security_cipher_suite == "sm4" ? crypto::CipherSuite::kSm4
                                                            : crypto::CipherSuite::kXChaCha20Poly1305,
             .env = config::process_env()});
  // Every column holding key-ring ciphertexts, for key rotation.
  for (const char* column : {"phone_enc", "id_number_enc", "bank_account_enc", "address_enc", "totp_secret_enc"}) {
    keys_->register_column({.table = "users", .column = column});
  }
  notify::register_encrypted_columns(*keys_);
  warnings::register_encrypted_columns(*keys_);
  audit_ = std::make_unique<audit::AuditLog>(*db_, clock_, audit::SigningKey::load_or_create(config.data_dir));

  identity::AuthOptions auth_options;
  auth_options.session_idle_ms = config.security_session_idle_minutes * 60 * 1000;
  auth_options.session_absolute_ms = config.security_session_absolute_hours * 3600 * 1000;
  auth_options.lockout_threshold = static_cast<int>(config.security_lockout_threshold);
  auth_options.lockout_ms = config.security_lockout_minutes * 60 * 1000;
  auth_options.policy.profile = config.security_password_profile;
  auth_ = std::make_unique<identity::AuthService>(*db_, clock_, *keys_, *audit_, auth_options);
  departments_ = std::make_unique<identity::DepartmentService>(*db_, clock_, *audit_);
  users_ = std::make_unique<identity::UserService>(*db_, clock_, *keys_, *audit_, *auth_);
  roles_ = std::make_unique<identity::RoleService>(*db_, clock_, *audit_);
  posts_ = std::make_unique<identity::PostService>(*db_, clock_, *audit_);
  if (auto r = roles_->ensure_builtin_roles(); !r.ok()) throw std::runtime_error("cannot create the built-in roles");
  notify_transport_ = std::make_unique<notify::CurlTransport>();
  notifier_ = std::make_unique<notify::Notifier>(*db_, clock_, *keys_, *audit_, *notify_transport_);
  notifier_->set_contact_resolver([this](std::int64_t user_id) -> std::optional<notify::Contact> {
    auto c = users_->contact(user_id);
    if (!c) return std::nullopt;
    return notify::Contact{.email = c->first, .mobile = c->second};
  });
  notify_channels_ = std::make_unique<notify::ChannelService>(*db_, clock_, *keys_, *audit_);
  if (const auto sealed = notify_channels_->seal_endpoints(); sealed > 0) {
    log::info("notify.endpoints_sealed", {{"channels", sealed}});
  }
  live_inbox_ = std::make_unique<notify::LiveInbox>(*db_, *keys_, notify::LiveInbox::Options{});
  warnings_ = std::make_unique<warnings::WarningService>(*db_, clock_, *keys_, *audit_, *notifier_);
  warnings::register_templates(*notifier_);
  organisation_ = std::make_unique<emergency::OrganisationService>(*db_, clock_, *audit_);
  if (auto r = organisation_->ensure_builtin_groups(); !r.ok())
    throw std::runtime_error("cannot create working groups");
  for (const auto& [table, column] :
       std::vector<std::pair<const char*, const char*>>{{"incidents", "place_enc"},
                                                        {"incidents", "description_enc"},
                                                        {"incidents", "measures_enc"},
                                                        {"incidents", "loss_assessment_enc"},
                                                        {"incident_people", "name_enc"},
                                                        {"incident_reports", "text_enc"},
                                                        {"incident_events", "note_enc"}}) {
    keys_->register_column({.table = table, .column = column});
  }
  incidents::register_aftermath_encrypted_columns(*keys_);
  keys_->register_column(incidents::AttachmentService::encrypted_column());
  incidents_ =
      std::make_unique<incidents::IncidentService>(*db_, clock_, *keys_, *audit_, *organisation_, notifier_.get());
  aftermath_ = std::make_unique<incidents::AftermathService>(*db_, clock_, *keys_, *audit_);
  investigations_ = std::make_unique<incidents::InvestigationService>(*db_, clock_, *keys_, *audit_);
  attachments_ = std::make_unique<incidents::AttachmentService>(*db_, clock_, *keys_, *audit_);
  incident_documents_ = std::make_unique<incidents::IncidentDocuments>(*db_, clock_, *keys_, *audit_);
  incidents::IncidentService::register_templates(*notifier_);
  job_queue_ = std::make_unique<jobs::JobQueue>(*db_, clock_, jobs::JobQueue::default_owner());
  incidents_->register_with(*job_queue_);

  system::register_routes(router_, *db_, version());
  identity::register_routes(router_, {*departments_, *users_, *roles_, *posts_, *auth_}, !config.tls_cert.empty());
  audit::register_routes(router_, *audit_);
  notify::register_routes(router_, *notifier_, *notify_channels_, live_inbox_.get());
  warnings::register_routes(router_, *warnings_, *notify_channels_);
  emergency::register_routes(router_, *organisation_);
  incidents::register_routes(router_, *incidents_);
  incidents::register_aftermath_routes(router_, *aftermath_, *investigations_);
  incidents::register_file_routes(router_, *attachments_, *incident_documents_);

  dispatcher_ = std::make_unique<http::Dispatcher>(
      router_, db_.get(), clock_,
      http::DispatchOptions{.max_body_bytes = static_cast<std::size_t>(config.http_max_body_bytes)});
  dispatcher_->add_middleware(identity::authentication_middleware(*auth_));
  // Replayable responses can carry one-time passwords, API tokens or personal values: sealed at rest.
  dispatcher_->idempotency()->set_sealer(
      {.seal =
           [this](const std::string& key_hash, const std::string& body) {
             const auto sealed = keys_->encrypt("idempotency_keys", "response_body", row_of(key_hash), body);
             return crypto::to_base64(std::string(sealed.begin(), sealed.end()));
           },
       .open = [this](const std::string& key_hash, const std::string& stored) -> std::optional<std::string> {
         auto raw = crypto::from_base64(stored);
         if (!raw) return std::nullopt;
         auto body =
             keys_->decrypt("idempotency_keys", "response_body", row_of(key_hash), db::Blob(raw->begin(), raw->end()));
         if (!body.ok()) return std::nullopt;
         return body.value();
       }});
  web_ = std::make_unique<http::StaticFiles>(config.web_root);
  dispatcher_->set_static_files(web_.get());

  scheduler_.every("idempotency.expire", std::chrono::minutes(10), [this] {
    const auto removed = dispatcher_->idempotency()->expire(http::DispatchOptions{}.idempotency_ttl_ms);
    if (removed > 0) log::info("idempotency.expired", {{"removed", removed}});
  });
  // Durable jobs (reporting-step escalations): every process polls; each job runs exactly once.
  const std::chrono::milliseconds poll(config.jobs_poll_ms);
  scheduler_.every("jobs.run_due", poll, [this] { job_queue_->run_due(100); });
  delivery_scheduler_.every("notify.deliver", poll, [this] { notifier_->deliver_due(clock_.now_ms(), 20); });
  scheduler_.every("sessions.expire", std::chrono::minutes(10), [this] {
    const auto removed = auth_->expire_sessions();
    if (removed > 0) log::info("sessions.expired", {{"removed", removed}});
  });
  scheduler_.every("audit.checkpoint", std::chrono::minutes(config.audit_checkpoint_minutes), [this] {
    if (auto r = audit_->checkpoint(); !r.ok()) log::warn("audit.checkpoint_skipped", {{"key", r.error().message_key}});
  });
  scheduler_.every("audit.retention", std::chrono::hours(24), [this] {
    const auto removed = audit_->apply_retention(config_.audit_retention_days);
    if (removed > 0) log::info("audit.retention_applied", {{"removed", removed}});
  });
}

void App::ensure_first_admin() {
  if (users_->count() > 0) return;
  auto made = users_->create_administrator("admin", std::nullopt, {"sysadmin", "secadmin"}, /*must_change=*/true);
  if (!made.ok()) throw std::runtime_error("cannot create the first administrator: " + made.error().message_key);
  // Printed once, to the operator's terminal only (never to the log).
  std::cout << "\nFirst administrator created.\n  user name: admin\n  one-time password: " << made->second
            << "\n  Change it at first sign-in; it is not shown again.\n\n"
            << std::flush;
  log::info("identity.first_admin_created", {{"username", "admin"}});
}

App::~App() {
  if (live_inbox_) live_inbox_->stop();
  scheduler_.stop();
  if (notifier_) notifier_->stop();
  delivery_scheduler_.stop();
  if (db_) db_->close();
}

namespace {

/// Raises the open-file limit to what the system allows: every open connection (kept-alive ones
/// included, for up to http.read_timeout_ms) holds a descriptor, and the common soft limit of 1024
/// would refuse connections long before the machine runs out of anything else.
void ensure_descriptors() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return;
  if (limit.rlim_cur < limit.rlim_max) {
    limit.rlim_cur = limit.rlim_max;
    (void)setrlimit(RLIMIT_NOFILE, &limit);
    (void)getrlimit(RLIMIT_NOFILE, &limit);
  }
  if (limit.rlim_cur != RLIM_INFINITY && limit.rlim_cur < 4096) {
    log::warn("http.open_file_limit_low", {{"open_file_limit", static_cast<std::uint64_t>(limit.rlim_cur)}});
  }
}

}  // namespace

int App::serve() {
  // Block the stop signals in every thread; this thread waits for them below.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  http::ServerOptions so;
  so.host = config_.listen_host();
  so.port = config_.listen_port();
  so.io_threads = static_cast<std::size_t>(config_.http_io_threads);
  so.worker_threads = static_cast<std::size_t>(config_.http_worker_threads);
  so.read_timeout = std::chrono::milliseconds(config_.http_read_timeout_ms);
  so.write_timeout = std::chrono::milliseconds(config_.http_write_timeout_ms);
  so.handle_timeout = std::chrono::milliseconds(config_.http_handle_timeout_ms);
  so.tls_cert = config_.tls_cert;
  so.tls_key = config_.tls_key;
  ensure_descriptors();
  ensure_first_admin();
  http::Server server(*dispatcher_, so);
  std::string address;
  try {
    address = server.start();
  } catch (const std::exception& e) {
    log::error("http.start_failed", {{"listen", config_.listen}, {"reason", e.what()}});
    std::cerr << "anxin: cannot listen on " << config_.listen << ": " << e.what() << "\n";
    return 1;
  }
  scheduler_.start();
  delivery_scheduler_.start();
  live_inbox_->start();
  const auto addr_file = std::filesystem::path(config_.data_dir) / "anxin.addr";
  {
    const auto tmp = addr_file.string() + ".tmp";
    std::ofstream(tmp) << address << "\n";
    std::filesystem::rename(tmp, addr_file);
  }
  const std::string scheme = config_.tls_cert.empty() ? "http" : "https";
  log::info("http.listening", {{"address", address}, {"url", scheme + "://" + address}, {"version", version()}});

  int signal_number = 0;
  sigwait(&stop_signals, &signal_number);
  log::info("http.stopping", {{"signal", signal_number}});
  live_inbox_->stop();  // closes the event streams while the server can still end them
  server.stop();
  scheduler_.stop();
  notifier_->stop();  // a send waiting on a slow server ends now and is sent again after the restart
  delivery_scheduler_.stop();
  db_->close();
  std::error_code ec;
  std::filesystem::remove(addr_file, ec);
  log::info("http.stopped");
  return 0;
}

int App::load_demo() {
  auto r = departments_->load_demo();
  if (!r.ok()) {
    std::cerr << "anxin demo: " << r.error().message_key << "\n";
    return 1;
  }
  std::cout << "Demo data: " << r.value() << " departments created (安心家政服务有限公司).\n";
  Caller system;
  system.username = "demo";
  if (auto w = warnings_->load_demo(system); !w.ok()) {
    std::cerr << "anxin demo: " << w.error().message_key << "\n";
    return 1;
  }
  return load_demo_accounts(*departments_, *roles_, *users_, *organisation_, std::cout);
}

int App::create_admin(const std::string& username, std::optional<std::string> password,
                      const std::vector<std::string>& roles) {
  const bool generated = !password;
  auto made = users_->create_administrator(username, std::move(password), roles, /*must_change=*/generated);
  if (!made.ok()) {
    std::cerr << "anxin admin create: " << http::translate("en-US", made.error().message_key, made.error().details)
              << "\n";
    return 1;
  }
  std::cout << "Created " << username << " with roles";
  for (const auto& role : roles) std::cout << " " << role;
  std::cout << ".\n";
  if (generated) std::cout << "One-time password: " << made->second << " (change at first sign-in)\n";
  return 0;
}

int App::rotate_keys(bool add_key) {
  if (add_key) {
    const auto version = keys_->add_field_key();
    std::cout << "Field key version " << version << " is now active.\n";
  }
  auto r = keys_->reencrypt_all([](const crypto::RotationProgress& p) {
    std::cout << "  re-encrypting " << p.table << "." << p.column << ": " << p.rows_done << "/" << p.rows_total << "\n"
              << std::flush;
  });
  if (!r.ok()) {
    std::cerr << "anxin keys: re-encryption stopped: " << r.error().message_key
              << " (run `anxin keys reencrypt` to resume)\n";
    return 1;
  }
  std::cout << "Every registered column uses key version " << keys_->active_version() << ".\n";
  return 0;
}

int App::retire_key(std::uint32_t version) {
  auto r = keys_->retire_key(version);
  if (!r.ok()) {
    std::cerr << "anxin keys retire: " << http::translate("en-US", r.error().message_key, r.error().details) << "\n";
    return 1;
  }
  std::cout << "Key version " << version << " retired.\n";
  return 0;
}

int App::verify_audit() {
  const auto report = audit_->verify([](std::int64_t done, std::int64_t total) {
    std::cerr << "\r  verified " << done << "/" << total << std::flush;
  });
  std::cerr << "\n";
  if (report.ok) {
    std::cout << "Audit log intact: " << report.records_checked << " records, " << report.checkpoints_checked
              << " signed checkpoints verified.\n";
    return 0;
  }
  std::cout << "AUDIT LOG TAMPERED: " << report.problem << " at record "
            << (report.first_bad_seq ? std::to_string(*report.first_bad_seq) : std::string("?")) << ": "
            << report.message << "\n";
  return 3;
}

int App::print_openapi() {
  std::cout << http::openapi_document(router_, version()).dump(2) << "\n";
  return 0;
}

int App::checkpoint_audit() {
  auto r = audit_->checkpoint();
  if (!r.ok()) {
    std::cerr << "anxin audit checkpoint: " << r.error().message_key << "\n";
    return 1;
  }
  std::cout << "Checkpoint at record " << r->seq << ": " << r->hash_hex << "\n";
  return 0;
}

}  // namespace anxin::app
