#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace anxin::jobs {

/// Runs periodic maintenance jobs of this process on one background thread. A job that throws is
/// logged and runs again at its next time. Its queue depth (jobs due but not yet run) is exported
/// as anxin_jobs_queue_depth.
class Scheduler {
 public:
  /// `thread_name` is what `top -H`, perf and gdb show for its thread.
  explicit Scheduler(std::string thread_name = "anxin-jobs") : thread_name_(std::move(thread_name)) {}
  ~Scheduler() { stop(); }
  Scheduler(const Scheduler&) = delete;
  Scheduler& operator=(const Scheduler&) = delete;

  /// Registers `fn` to run every `interval`, first after one interval. Call before start().
  void every(std::string name, std::chrono::milliseconds interval, std::function<void()> fn);
  void start();
  /// Stops after the running job finishes. Idempotent.
  void stop();
  /// Runs every job once now, in order, on the calling thread (tests, CLI maintenance).
  void run_all_now();
  std::size_t runs() const;

 private:
  struct Job {
    std::string name;
    std::chrono::milliseconds interval;
    std::function<void()> fn;
    std::chrono::steady_clock::time_point next;
  };
  void loop();
  void run_one(Job& job);

  std::string thread_name_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::vector<Job> jobs_;
  bool stopping_ = false;
  std::size_t runs_ = 0;
  std::thread thread_;
};

}  // namespace anxin::jobs
