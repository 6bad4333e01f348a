#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <ostream>
#include <stdexcept>
#include <string>
#include <typeindex>
#include <vector>

#include "core/caller.hpp"
#include "core/clock.hpp"
#include "core/result.hpp"
#include "platform/config/config.hpp"
#include "platform/crypto/key_ring.hpp"
#include "platform/db/database.hpp"
#include "platform/extend/dispatch_gate.hpp"
#include "platform/extend/figures.hpp"
#include "platform/extend/free_text.hpp"
#include "platform/extend/indicators.hpp"
#include "platform/extend/record_links.hpp"
#include "platform/http/api.hpp"
#include "platform/http/dispatcher.hpp"
#include "platform/jobs/job_queue.hpp"

namespace anxin::extend {

/// The process-wide infrastructure every module is wired with (owned by the composition root).
struct Infrastructure {
  const config::Config& config;
  db::Database& db;
  const Clock& clock;
  crypto::KeyRing& keys;
  http::Router& router;
  jobs::JobQueue& jobs;
  /// anxin's version string.
  std::string version;
};

/// Which scheduler thread a periodic task runs on.
enum class Thread {
  /// The background-jobs thread (escalations, expiry, retention …).
  kJobs,
  /// The notification-delivery thread: work that waits on outside servers, so it never delays the jobs.
  kDelivery,
};

/// A task run every `interval` by every process (a task that must run once across processes uses the durable
/// job queue, whose jobs are leased).
struct Periodic {
  std::string name;
  std::chrono::milliseconds interval{0};
  std::function<void()> run;
  Thread thread = Thread::kJobs;
};

/// What a module's demo data is loaded with.
struct DemoContext {
  /// The system caller demo data is created as (all data, full clearance).
  Caller system;
  /// Where the demo prints what it made (and the demo logins).
  std::ostream& out;
};

/// One step of the demo data, in the order the modules were registered. Safe to repeat.
struct DemoStep {
  std::string module;
  std::function<Status(DemoContext&)> load;
};

/// Hooks of a serving process, in the order they run.
struct Lifecycle {
  /// After every module has registered, in every command (work that needs what later modules contributed, e.g.
  /// writing the built-in roles with every module's grants).
  std::vector<std::function<void()>> on_registered;
  /// After the server listens.
  std::vector<std::function<void()>> on_start;
  /// Before the server stops: close long-lived streams while the server can still end them.
  std::vector<std::function<void()>> on_draining;
  /// After the server and the jobs thread have stopped, before the delivery thread stops.
  std::vector<std::function<void()>> on_stop;
};

/// The one place a module plugs in. Each module has `void register_module(extend::Registry&)`, which creates its
/// services (handing them to the registry, which owns them) and contributes routes, encrypted and free-text
/// columns, periodic tasks and durable job handlers, demo data, audit entity kinds, notification templates (through
/// the notify module's service), dispatch-gate checks, indicator sources and dashboard figures. The composition root
/// registers the modules in dependency order, one line each; a module finds the services of the modules before it
/// with service<T>(). Adding a module edits no other module.
class Registry {
 public:
  explicit Registry(Infrastructure infra) : infra_(infra) {}
  ~Registry();
  Registry(const Registry&) = delete;
  Registry& operator=(const Registry&) = delete;

  /// Registers one module: runs its registration function with the module's name as the current contributor.
  void add_module(const std::string& name, const std::function<void(Registry&)>& register_module);

  const config::Config& config() const { return infra_.config; }
  db::Database& db() const { return infra_.db; }
  const Clock& clock() const { return infra_.clock; }
  crypto::KeyRing& keys() const { return infra_.keys; }
  http::Router& router() const { return infra_.router; }
  jobs::JobQueue& jobs() const { return infra_.jobs; }
  const std::string& version() const { return infra_.version; }

  /// Hands a service to the registry (which owns it; services are destroyed in reverse order) and publishes it
  /// to the modules registered later.
  template <class T>
  T& provide(std::unique_ptr<T> service) {
    T& ref = *service;
    const std::type_index type(typeid(T));
    if (services_.count(type) != 0)
      throw std::logic_error("a service of this type is already provided: " + name_of<T>());
    services_[type] = &ref;
    owned_.push_back(std::shared_ptr<void>(service.release(), [](void* p) { delete static_cast<T*>(p); }));
    return ref;
  }
  /// Publishes a service the registry does not own (infrastructure kept by the composition root).
  template <class T>
  void publish(T& service) {
    services_[std::type_index(typeid(T))] = &service;
  }
  /// The service of type T; throws std::logic_error naming the type when no module registered before the caller
  /// provides it (the module order in the composition root is wrong).
  template <class T>
  T& service() const {
    if (T* found = find<T>()) return *found;
    throw std::logic_error("module " + current_ + " needs a service no earlier module provides: " + name_of<T>());
  }
  /// The service of type T, or nullptr.
  template <class T>
  T* find() const {
    const auto it = services_.find(std::type_index(typeid(T)));
    return it == services_.end() ? nullptr : static_cast<T*>(it->second);
  }

  /// A column of key-ring ciphertext, for key rotation (the one way to register one).
  void encrypted_column(crypto::EncryptedColumn column);
  /// A free-text column (for the personal-information detector and masking); an encrypted one is also
  /// registered for key rotation.
  void free_text(FreeTextField field);
  /// A task every process runs every `interval`.
  void periodic(std::string name, std::chrono::milliseconds interval, std::function<void()> run,
                Thread thread = Thread::kJobs);
  /// A handler of the durable job queue (runs once across processes, survives restarts).
  void job_handler(const std::string& kind, jobs::JobHandler handler);
  /// A durable job run once a company day (re-checks, expiry reminders): every process offers the day's job each
  /// jobs_poll_ms; the queue's dedupe key "<kind>:<YYYY-MM-DD>" makes it run once across processes and its lease
  /// makes it survive a restart. The handler's cost should follow the work due, not the table.
  void daily_job(const std::string& kind, jobs::JobHandler handler);
  /// A request middleware (authentication, …), run in registration order before every route's handler.
  void middleware(http::Middleware m) { middlewares_.push_back(std::move(m)); }
  /// Demo data of the current module.
  void demo(std::function<Status(DemoContext&)> load);
  /// The kinds of record (audit `entity`) the current module writes audit records about.
  void audit_entities(const std::vector<std::string>& entities);

  DispatchGate& gate() { return gate_; }
  /// Records of one module that another names (workers, customers, orders named by incidents).
  RecordLinks& record_links() { return record_links_; }
  Indicators& indicators() { return indicators_; }
  Figures& figures() { return figures_; }
  FreeTextFields& free_text_fields() { return free_text_; }
  Lifecycle& lifecycle() { return lifecycle_; }

  const DispatchGate& gate() const { return gate_; }
  const Indicators& indicators() const { return indicators_; }
  const Figures& figures() const { return figures_; }
  const FreeTextFields& free_text_fields() const { return free_text_; }
  const std::vector<Periodic>& periodics() const { return periodics_; }
  const std::vector<http::Middleware>& middlewares() const { return middlewares_; }
  const std::vector<DemoStep>& demo_steps() const { return demo_; }
  /// Audit entity kinds by module, in registration order.
  const std::vector<std::pair<std::string, std::string>>& audit_entity_kinds() const { return audit_entities_; }
  const std::vector<std::string>& modules() const { return modules_; }

  /// Runs every module's demo data in registration order; stops at the first failure.
  Status load_demo(DemoContext& ctx) const;

 private:
  template <class T>
  static std::string name_of() {
    return typeid(T).name();
  }

  Infrastructure infra_;
  std::string current_ = "(composition root)";
  std::vector<std::string> modules_;
  std::map<std::type_index, void*> services_;
  std::vector<std::shared_ptr<void>> owned_;
  std::vector<Periodic> periodics_;
  std::vector<http::Middleware> middlewares_;
  std::vector<DemoStep> demo_;
  std::vector<std::pair<std::string, std::string>> audit_entities_;
  DispatchGate gate_;
  RecordLinks record_links_;
  Indicators indicators_;
  Figures figures_;
  FreeTextFields free_text_;
  Lifecycle lifecycle_;
};

}  // namespace anxin::extend
