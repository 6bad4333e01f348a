#include "app/app.hpp"

#include <signal.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <iostream>

#include "modules/identity/identity_routes.hpp"
#include "modules/system/system_routes.hpp"
#include "platform/db/migrator.hpp"
#include "platform/http/server.hpp"
#include "platform/log/log.hpp"

namespace anxin::app {

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

App::App(const config::Config& config) : config_(config) {
  db_ = db::Database::open({.url = config.database_url()});
  const auto applied = db::migrate(*db_, db::embedded_migrations(db_->backend()));
  if (!applied.empty()) log::info("db.migrated", {{"applied", applied.size()}});
  departments_ = std::make_unique<identity::DepartmentService>(*db_, clock_);

  system::register_routes(router_, *db_, version());
  identity::register_routes(router_, *departments_);

  dispatcher_ = std::make_unique<http::Dispatcher>(
      router_, db_.get(), clock_,
      http::DispatchOptions{.max_body_bytes = static_cast<std::size_t>(config.http_max_body_bytes)});
  scheduler_.every("idempotency.expire", std::chrono::minutes(10), [this] {
    const auto removed = dispatcher_->idempotency()->expire(http::DispatchOptions{}.idempotency_ttl_ms);
    if (removed > 0) log::info("idempotency.expired", {{"removed", removed}});
  });
}

App::~App() {
  scheduler_.stop();
  if (db_) db_->close();
}

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
  server.stop();
  scheduler_.stop();
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
  return 0;
}

}  // namespace anxin::app
