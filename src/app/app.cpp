#include "app/app.hpp"

#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <iostream>

#include "app/modules.hpp"
#include "modules/audit/audit_log.hpp"
#include "modules/identity/user_service.hpp"
#include "platform/crypto/crypto.hpp"
#include "platform/db/migrator.hpp"
#include "platform/http/i18n.hpp"
#include "platform/http/openapi.hpp"
#include "platform/http/server.hpp"
#include "platform/log/log.hpp"

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
  job_queue_ = std::make_unique<jobs::JobQueue>(*db_, clock_, jobs::JobQueue::default_owner());
  registry_ = std::make_unique<extend::Registry>(extend::Infrastructure{.config = config_,
                                                                        .db = *db_,
                                                                        .clock = clock_,
                                                                        .keys = *keys_,
                                                                        .router = router_,
                                                                        .jobs = *job_queue_,
                                                                        .version = version()});
  for (const auto& m : modules()) registry_->add_module(m.name, m.register_module);
  for (const auto& hook : registry_->lifecycle().on_registered) hook();

  dispatcher_ = std::make_unique<http::Dispatcher>(
      router_, db_.get(), clock_,
      http::DispatchOptions{.max_body_bytes = static_cast<std::size_t>(config.http_max_body_bytes)});
  for (const auto& m : registry_->middlewares()) dispatcher_->add_middleware(m);
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
  for (const auto& p : registry_->periodics()) {
    (p.thread == extend::Thread::kDelivery ? delivery_scheduler_ : scheduler_).every(p.name, p.interval, p.run);
  }
}

void App::run_hooks(std::vector<std::function<void()>>& hooks) {
  for (auto& hook : hooks) hook();
}

void App::ensure_first_admin() {
  auto& users = registry_->service<identity::UserService>();
  if (users.count() > 0) return;
  auto made = users.create_administrator("admin", std::nullopt, {"sysadmin", "secadmin"}, /*must_change=*/true);
  if (!made.ok()) throw std::runtime_error("cannot create the first administrator: " + made.error().message_key);
  // Printed once, to the operator's terminal only (never to the log).
  std::cout << "\nFirst administrator created.\n  user name: admin\n  one-time password: " << made->second
            << "\n  Change it at first sign-in; it is not shown again.\n\n"
            << std::flush;
  log::info("identity.first_admin_created", {{"username", "admin"}});
}

App::~App() {
  if (registry_) run_hooks(registry_->lifecycle().on_draining);
  scheduler_.stop();
  if (registry_) run_hooks(registry_->lifecycle().on_stop);
  delivery_scheduler_.stop();
  dispatcher_.reset();
  registry_.reset();
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
  run_hooks(registry_->lifecycle().on_start);
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
  run_hooks(registry_->lifecycle().on_draining);
  server.stop();
  scheduler_.stop();
  run_hooks(registry_->lifecycle().on_stop);
  delivery_scheduler_.stop();
  db_->close();
  std::error_code ec;
  std::filesystem::remove(addr_file, ec);
  log::info("http.stopped");
  return 0;
}

int App::load_demo() {
  extend::DemoContext ctx{.system = {}, .out = std::cout};
  ctx.system.username = "demo";
  ctx.system.data_scope = 3;
  ctx.system.clearance = 4;
  ctx.system.permissions = {"identity:user:assign_roles"};
  if (auto s = registry_->load_demo(ctx); !s.ok()) {
    std::cerr << "anxin demo: " << http::translate("en-US", s.error().message_key, s.error().details) << "\n";
    return 1;
  }
  return 0;
}

int App::create_admin(const std::string& username, std::optional<std::string> password,
                      const std::vector<std::string>& roles) {
  const bool generated = !password;
  auto made = registry_->service<identity::UserService>().create_administrator(username, std::move(password), roles,
                                                                               /*must_change=*/generated);
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
  const auto report = registry_->service<audit::AuditLog>().verify([](std::int64_t done, std::int64_t total) {
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
  auto r = registry_->service<audit::AuditLog>().checkpoint();
  if (!r.ok()) {
    std::cerr << "anxin audit checkpoint: " << r.error().message_key << "\n";
    return 1;
  }
  std::cout << "Checkpoint at record " << r->seq << ": " << r->hash_hex << "\n";
  return 0;
}

}  // namespace anxin::app
