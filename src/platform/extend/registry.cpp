#include "platform/extend/registry.hpp"

#include <memory>
#include <mutex>

namespace anxin::extend {

Registry::~Registry() {
  // Later services use earlier ones: destroy them in reverse order of provision.
  while (!owned_.empty()) owned_.pop_back();
}

void Registry::add_module(const std::string& name, const std::function<void(Registry&)>& register_module) {
  for (const auto& m : modules_) {
    if (m == name) throw std::logic_error("module registered twice: " + name);
  }
  current_ = name;
  modules_.push_back(name);
  register_module(*this);
  current_ = "(composition root)";
}

void Registry::encrypted_column(crypto::EncryptedColumn column) { infra_.keys.register_column(std::move(column)); }

void Registry::free_text(FreeTextField field) {
  if (field.module.empty()) field.module = current_;
  const crypto::EncryptedColumn column{.table = field.table, .column = field.column};
  const bool encrypted = field.encrypted;
  free_text_.add(std::move(field));  // refuses a second registration before anything else is recorded
  if (encrypted) encrypted_column(column);
}

void Registry::periodic(std::string name, std::chrono::milliseconds interval, std::function<void()> run,
                        Thread thread) {
  periodics_.push_back({std::move(name), interval, std::move(run), thread});
}

void Registry::job_handler(const std::string& kind, jobs::JobHandler handler) {
  infra_.jobs.register_handler(kind, std::move(handler));
}

void Registry::daily_job(const std::string& kind, jobs::JobHandler handler) {
  job_handler(kind, std::move(handler));
  auto last_day = std::make_shared<std::pair<std::mutex, std::string>>();
  periodic(kind + ".offer", std::chrono::milliseconds(config().jobs_poll_ms), [this, kind, last_day] {
    const TimestampMs now = clock().now_ms();
    const std::string today = china_date(now);
    {
      std::lock_guard lock(last_day->first);
      if (last_day->second == today) return;
    }
    const auto done = db().write([&](db::Conn& c) -> Status {
      jobs::JobQueue::enqueue(c, {.kind = kind, .run_at = now, .dedupe_key = kind + ":" + today}, now);
      return ok_status();
    });
    if (done.ok()) {
      std::lock_guard lock(last_day->first);
      last_day->second = today;
    }
  });
}

void Registry::demo(std::function<Status(DemoContext&)> load) { demo_.push_back({current_, std::move(load)}); }

void Registry::audit_entities(const std::vector<std::string>& entities) {
  for (const auto& e : entities) audit_entities_.emplace_back(current_, e);
}

Status Registry::load_demo(DemoContext& ctx) const {
  for (const auto& step : demo_) {
    if (auto r = step.load(ctx); !r.ok()) return r;
  }
  return ok_status();
}

}  // namespace anxin::extend
