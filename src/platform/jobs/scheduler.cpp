#include "platform/jobs/scheduler.hpp"

#include "core/thread_name.hpp"
#include "platform/log/log.hpp"
#include "platform/metrics/metrics.hpp"

namespace anxin::jobs {

void Scheduler::every(std::string name, std::chrono::milliseconds interval, std::function<void()> fn) {
  std::lock_guard lock(mu_);
  jobs_.push_back({std::move(name), interval, std::move(fn), std::chrono::steady_clock::now() + interval});
}

void Scheduler::start() {
  metrics::global().describe("anxin_jobs_queue_depth", "gauge", "Background jobs due but not yet run.");
  metrics::global().set_gauge("anxin_jobs_queue_depth", {}, 0);
  thread_ = std::thread([this] {
    name_this_thread(thread_name_);
    loop();
  });
}

void Scheduler::stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

std::size_t Scheduler::runs() const {
  std::lock_guard lock(mu_);
  return runs_;
}

void Scheduler::run_one(Job& job) {
  const auto start = std::chrono::steady_clock::now();
  std::string outcome = "ok";
  try {
    job.fn();
  } catch (const std::exception& e) {
    outcome = "error";
    log::error("jobs.failed", {{"job", job.name}, {"reason", e.what()}});
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  metrics::global().inc_counter("anxin_jobs_runs_total", {{"job", job.name}, {"outcome", outcome}});
  metrics::global().observe("anxin_jobs_duration_seconds", {{"job", job.name}}, seconds,
                            metrics::Registry::latency_buckets());
  std::lock_guard lock(mu_);
  ++runs_;
}

void Scheduler::run_all_now() {
  std::vector<Job*> all;
  {
    std::lock_guard lock(mu_);
    for (auto& j : jobs_) all.push_back(&j);
  }
  for (Job* j : all) run_one(*j);
}

void Scheduler::loop() {
  std::unique_lock lock(mu_);
  while (!stopping_) {
    auto now = std::chrono::steady_clock::now();
    auto wake = now + std::chrono::hours(1);
    std::vector<Job*> due;
    for (auto& j : jobs_) {
      if (j.next <= now) due.push_back(&j);
      wake = std::min(wake, j.next);
    }
    metrics::global().set_gauge("anxin_jobs_queue_depth", {}, static_cast<double>(due.size()));
    if (due.empty()) {
      cv_.wait_until(lock, wake, [this] { return stopping_; });
      continue;
    }
    lock.unlock();
    for (Job* j : due) {
      run_one(*j);
      j->next = std::chrono::steady_clock::now() + j->interval;
    }
    lock.lock();
  }
}

}  // namespace anxin::jobs
