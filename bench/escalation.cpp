// bench/escalation: the escalation job must find and escalate overdue reporting steps in time
// proportional to the number overdue, not to the number of open incidents. Two databases, both
// with 1 000 overdue steps; one also holds 100 000 open incidents whose steps are not yet due.
// Prints both timings and their ratio (≈ 1 when the cost follows the overdue count).
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <random>

#include "modules/audit/audit_log.hpp"
#include "modules/emergency/organisation_service.hpp"
#include "modules/incidents/incident_service.hpp"
#include "platform/crypto/crypto.hpp"
#include "platform/db/migrator.hpp"
#include "platform/jobs/job_queue.hpp"
#include "platform/log/log.hpp"

namespace {

using namespace anxin;
using SteadyClock = std::chrono::steady_clock;

constexpr std::int64_t kOverdue = 1000;
constexpr std::int64_t kOpen = 100000;

/// Fills the database with `open` incidents due in the future and `overdue` ones past due, the way
/// reports leave them: one incident, one pending department-head step and its escalation job each.
void seed(db::Database& db, TimestampMs now, std::int64_t open, std::int64_t overdue) {
  db.run_exclusive([&](db::Conn& c) {
    c.exec_script(
        "INSERT INTO departments (id, parent_id, name, code, kind, path, created_at, updated_at) "
        "VALUES (1, NULL, 'HQ', 'HQ', 'company', '/1/', 0, 0);"
        "INSERT INTO users (id, username, display_name, department_id, created_at, updated_at) "
        "VALUES (1, 'reporter', 'reporter', 1, 0, 0), (2, 'head', 'head', 1, 0, 0);");
  });
  const std::int64_t total = open + overdue;
  const std::int64_t batch = 5000;
  for (std::int64_t start = 1; start <= total; start += batch) {
    db.run_exclusive([&](db::Conn& c) {
      for (std::int64_t id = start; id < start + batch && id <= total; ++id) {
        const bool late = id <= overdue;
        const TimestampMs due = late ? now - 60000 : now + 3600000;
        c.exec(
            "INSERT INTO incidents (id, number, type, title, occurred_at, reported_at, department_id, reporter_id, "
            "level, status, created_at, updated_at) VALUES ($1, $2, 'other', 'x', $3, $3, 1, 1, 4, 'responding', $3, "
            "$3)",
            id, "INC-" + std::to_string(id), now - 7200000);
        c.exec(
            "INSERT INTO incident_steps (id, incident_id, seq, stage, assignee_id, due_at, status) "
            "VALUES ($1, $1, 2, 'department_head', 2, $2, 'pending')",
            id, due);
        c.exec(
            "INSERT INTO jobs (kind, payload, dedupe_key, run_at, status, attempts, created_at) "
            "VALUES ('incidents.escalate_step', $1, $2, $3, 'pending', 0, $4)",
            "{\"step_id\":" + std::to_string(id) + "}", "incident-step:" + std::to_string(id), due, now);
      }
    });
    std::fprintf(stderr, "\r  seeding %lld/%lld", static_cast<long long>(std::min(start + batch - 1, total)),
                 static_cast<long long>(total));
  }
  std::fprintf(stderr, "\n");
}

/// Runs the escalation job until nothing is due; returns seconds and checks every overdue step.
double escalate_all(const std::filesystem::path& dir, std::int64_t open) {
  std::filesystem::create_directories(dir);
  auto db = db::Database::open({.url = "sqlite:" + (dir / "bench.db").string()});
  db::migrate(*db, db::embedded_migrations(db->backend()));
  ManualClock clock(1795239000000);
  seed(*db, clock.now_ms(), open, kOverdue);
  auto keys = crypto::KeyRing::open(*db, {.data_dir = dir.string()});
  audit::AuditLog audit(*db, clock, audit::SigningKey::load_or_create(dir.string()));
  emergency::OrganisationService organisation(*db, clock, audit);
  incidents::IncidentService service(*db, clock, *keys, audit, organisation, nullptr);
  jobs::JobQueue queue(*db, clock, "bench");
  service.register_with(queue);
  const auto start = SteadyClock::now();
  std::int64_t done = 0;
  for (std::int64_t n = 0; (n = queue.run_due(200)) > 0;) done += n;
  const double seconds = std::chrono::duration<double>(SteadyClock::now() - start).count();
  const auto escalated = db->read([](db::Conn& c) {
    return c.query_one("SELECT COUNT(*) AS n FROM incident_steps WHERE status = 'escalated'")->int64("n");
  });
  if (done != kOverdue || escalated != kOverdue) {
    std::fprintf(stderr, "bench/escalation: expected %lld escalations, ran %lld jobs, %lld escalated\n",
                 static_cast<long long>(kOverdue), static_cast<long long>(done), static_cast<long long>(escalated));
    std::exit(1);
  }
  db->close();
  return seconds;
}

}  // namespace

int main() {
  anxin::log::init({.level = anxin::log::Level::kWarn});
  anxin::crypto::init();
  std::random_device rd;
  const auto base = std::filesystem::temp_directory_path() / ("anxin-bench-escalation-" + std::to_string(rd()));
  std::printf("bench/escalation (%lld overdue steps, SQLite)\n", static_cast<long long>(kOverdue));
  const double small = escalate_all(base / "overdue-only", 0);
  std::printf("  1 000 overdue, no other open incidents        %8.3f s\n", small);
  const double large = escalate_all(base / "with-open", kOpen);
  std::printf("  1 000 overdue among 100 000 open incidents    %8.3f s\n", large);
  std::printf(
      "  ratio (large / small)                         %8.2f   (cost follows the overdue count when ≈ 1; "
      "100 000 / 1 000 = 100 if it followed the open count)\n",
      large / small);
  std::filesystem::remove_all(base);
  return 0;
}
