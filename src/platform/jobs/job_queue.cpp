#include "platform/jobs/job_queue.hpp"

#include <unistd.h>

#include <algorithm>
#include <random>

#include "platform/log/log.hpp"
#include "platform/metrics/metrics.hpp"

namespace anxin::jobs {

std::string_view jobs_sql(std::string_view name);  // embedded queries/*.sql

namespace {

/// Retry delays after the 1st, 2nd, … failure; the last one repeats.
constexpr std::int64_t kBackoffMs[] = {10'000, 60'000, 300'000, 1'800'000, 3'600'000};

std::int64_t backoff_ms(std::int64_t attempts) {
  const auto n = static_cast<std::int64_t>(std::size(kBackoffMs));
  return kBackoffMs[std::clamp<std::int64_t>(attempts - 1, 0, n - 1)];
}

}  // namespace

JobQueue::JobQueue(db::Database& db, const Clock& clock, std::string owner, Options options)
    : db_(db), clock_(clock), owner_(std::move(owner)), options_(options) {
  metrics::global().describe("anxin_jobs_runs_total", "counter", "Durable jobs run, by kind and outcome.");
}

std::string JobQueue::default_owner() {
  char host[256] = {};
  gethostname(host, sizeof host - 1);
  std::random_device rd;
  return std::string(host) + ":" + std::to_string(getpid()) + ":" + std::to_string(rd());
}

void JobQueue::register_handler(const std::string& kind, JobHandler handler) {
  std::lock_guard lock(mu_);
  handlers_[kind] = std::move(handler);
}

void JobQueue::enqueue(db::Conn& c, const JobSpec& job, TimestampMs now) {
  c.exec(jobs_sql("job_insert"), job.kind, job.payload.dump(), job.dedupe_key, job.run_at, now);
}

std::int64_t JobQueue::due_count() {
  const TimestampMs now = clock_.now_ms();
  return db_.read([&](db::Conn& c) { return c.query_one(jobs_sql("job_pending_count"), now)->int64("n"); });
}

std::int64_t JobQueue::run_due(std::size_t limit) {
  const TimestampMs now = clock_.now_ms();
  std::vector<Claimed> claimed;
  auto r = db_.write([&](db::Conn& c) -> Status {
    for (const auto& row :
         c.query(jobs_sql("job_claim"), owner_, now + options_.lease_ms, now, static_cast<std::int64_t>(limit))) {
      claimed.push_back(
          {row.int64("id"), row.text("kind"), nlohmann::json::parse(row.text("payload")), row.int64("attempts")});
    }
    return ok_status();
  });
  if (!r.ok()) return 0;
  std::int64_t done = 0;
  for (const auto& job : claimed) {
    run_one(job);
    ++done;
  }
  return done;
}

void JobQueue::run_one(const Claimed& job) {
  JobHandler handler;
  {
    std::lock_guard lock(mu_);
    auto it = handlers_.find(job.kind);
    if (it != handlers_.end()) handler = it->second;
  }
  Status outcome = Error::internal();
  if (!handler) {
    outcome = Error::invalid("jobs.unknown_kind", {{"kind", job.kind}});
  } else {
    outcome = db_.write([&](db::Conn& c) -> Status {
      ANXIN_TRY(handler(c, job.payload));
      // Only the lease holder may complete the job; a stale holder's changes roll back.
      if (c.exec(jobs_sql("job_complete"), job.id, owner_, clock_.now_ms()) != 1) {
        return Error::conflict("jobs.lease_lost");
      }
      return ok_status();
    });
  }
  auto& m = metrics::global();
  if (outcome.ok()) {
    m.inc_counter("anxin_jobs_runs_total", {{"job", job.kind}, {"outcome", "ok"}});
    return;
  }
  const bool dead = job.attempts >= options_.max_attempts;
  m.inc_counter("anxin_jobs_runs_total", {{"job", job.kind}, {"outcome", dead ? "dead" : "retry"}});
  log::warn("jobs.failed",
            {{"job", job.kind}, {"id", job.id}, {"attempts", job.attempts}, {"error", outcome.error().message_key}});
  (void)db_.write([&](db::Conn& c) -> Status {
    c.exec(jobs_sql("job_fail"), job.id, owner_, dead ? "dead" : "pending", clock_.now_ms() + backoff_ms(job.attempts),
           outcome.error().message_key);
    return ok_status();
  });
}

}  // namespace anxin::jobs
