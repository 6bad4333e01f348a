#pragma once

#include <functional>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "platform/db/database.hpp"

namespace anxin::jobs {

/// A job to run at or after `run_at`.
struct JobSpec {
  std::string kind;
  nlohmann::json payload = nlohmann::json::object();
  TimestampMs run_at = 0;
  /// At most one job with the same key is ever enqueued (e.g. "escalate:incident:42:step:3").
  std::optional<std::string> dedupe_key;
};

/// Runs one job inside the transaction that also marks it done: its changes commit only together
/// with its completion. An error rolls both back and the job is retried later.
using JobHandler = std::function<Status(db::Conn& c, const nlohmann::json& payload)>;

/// Durable jobs in the database, shared by every process on it. Due jobs are claimed with a lease;
/// completion is recorded in the handler's own transaction and only by the lease holder, so each
/// job takes effect exactly once even when several processes poll, and a job whose process died is
/// picked up again when its lease runs out. Finding due jobs costs in proportion to the number due
/// (index on status, run_at), not to the number waiting.
class JobQueue {
 public:
  struct Options {
    std::int64_t lease_ms = 60 * 1000;
    int max_attempts = 10;
  };

  JobQueue(db::Database& db, const Clock& clock, std::string owner, Options options);
  JobQueue(db::Database& db, const Clock& clock, std::string owner)
      : JobQueue(db, clock, std::move(owner), Options{}) {}

  /// Registers the handler of a job kind (before run_due is called).
  void register_handler(const std::string& kind, JobHandler handler);
  /// Enqueues inside the caller's transaction; a duplicate dedupe key is ignored.
  static void enqueue(db::Conn& c, const JobSpec& job, TimestampMs now);
  /// Claims up to `limit` due jobs and runs them; returns how many completed.
  std::int64_t run_due(std::size_t limit = 100);
  /// Jobs whose time has come and that are not done.
  std::int64_t due_count();

  /// A process-unique owner id: host name, process id and random suffix.
  static std::string default_owner();

 private:
  struct Claimed {
    std::int64_t id;
    std::string kind;
    nlohmann::json payload;
    std::int64_t attempts;
  };
  void run_one(const Claimed& job);

  db::Database& db_;
  const Clock& clock_;
  std::string owner_;
  Options options_;
  std::mutex mu_;
  std::map<std::string, JobHandler> handlers_;
};

}  // namespace anxin::jobs
