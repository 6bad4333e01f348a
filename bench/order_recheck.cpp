// bench/order_recheck: the daily re-check of assignments (WRK-6) over 100 000 service orders, once with 5 000 of
// them scheduled in the next 7 days and once with 1 000, the rest completed in the past or scheduled later. The
// job must cost in proportion to the assignments in its window, not to the table: the printed ratio of the two
// times is about 5 when it does and about 1 when the table dominates. Each run: the demo company (`anxin demo`),
// the orders added in one transaction, then one re-check timed as the job runs it (one write transaction, every
// assignment through the assembled dispatch gate, newly failing ones recorded and their dispatcher notified).
#include <cstdio>
#include <iostream>

#include "app/app.hpp"
#include "bench_support.hpp"
#include "modules/orders/order_service.hpp"
#include "server_support.hpp"

namespace {

namespace fs = std::filesystem;
using namespace anxin;

constexpr std::int64_t kHourMs = 60LL * 60 * 1000;
constexpr std::int64_t kDayMs = 24 * kHourMs;

std::int64_t total_from_env() {
  const char* v = std::getenv("ANXIN_BENCH_ORDERS");
  return v != nullptr ? std::atoll(v) : 100000;
}

struct Run {
  double seconds = 0;
  orders::RecheckResult result;
  std::string error;
};

/// One data directory with `total` orders of which `in_window` are scheduled within the re-check's window.
Run run_once(const fs::path& dir, std::int64_t total, std::int64_t in_window) {
  const fs::path data = dir / ("data-" + std::to_string(in_window));
  if (bench::run({"demo", "--data-dir", data.string()}, (dir / "demo.log").string()) != 0) {
    return {.error = "anxin demo failed"};
  }
  const auto config = config::load(std::nullopt, {}, {{"data_dir", data.string()}, {"log.level", "warn"}});
  if (!app::prepare_process(config)) return {.error = "cannot prepare the data directory"};
  app::App app(config);
  auto& database = app.db();
  const TimestampMs now = SystemClock().now_ms();

  std::vector<std::int64_t> workers, customers;
  std::int64_t department = 0, dispatcher = 0;
  database.read([&](db::Conn& c) {
    for (const auto& r : c.query("SELECT id FROM workers ORDER BY id")) workers.push_back(r.int64("id"));
    for (const auto& r : c.query("SELECT id, department_id FROM customers ORDER BY id")) {
      customers.push_back(r.int64("id"));
      department = r.int64("department_id");
    }
    dispatcher = c.query("SELECT id FROM users WHERE username = 'dispatch'").at(0).int64("id");
    return 0;
  });
  if (workers.empty() || customers.empty()) return {.error = "the demo has no workers or customers"};

  const auto fill_started = bench::Clock::now();
  database.run_exclusive([&](db::Conn& c) {
    for (std::int64_t i = 0; i < total; ++i) {
      std::int64_t starts = 0;
      std::string status = "scheduled";
      if (i < in_window) {
        starts = now + kHourMs + (i * 6 * kDayMs) / in_window;  // spread over the next six days
      } else if (i % 2 == 0) {
        starts = now - kDayMs - (i % 365) * kDayMs;  // done and confirmed in the past year
        status = "confirmed";
      } else {
        starts = now + 8 * kDayMs + (i % 90) * kDayMs;  // booked beyond the window
      }
      const std::int64_t worker = workers[static_cast<std::size_t>(i) % workers.size()];
      c.exec(
          "INSERT INTO service_orders (number, department_id, customer_id, service_type, schedule, starts_at, ends_at,"
          " status, worker_id, assigned_by, assigned_at, created_by, created_at, updated_at)"
          " VALUES ($1, $2, $3, 'cleaning', 'one_off', $4, $5, $6, $7, $8, $9, $8, $9, $9)",
          "BENCH-" + std::to_string(i), department, customers[static_cast<std::size_t>(i) % customers.size()], starts,
          starts + 4 * kHourMs, status, worker, dispatcher, now - kDayMs);
    }
  });
  std::printf("  %lld orders added (%lld in the window) in %.1f s\n", static_cast<long long>(total),
              static_cast<long long>(in_window),
              std::chrono::duration<double>(bench::Clock::now() - fill_started).count());

  auto& orders = app.registry().service<orders::OrderService>();
  Run out;
  const auto started = bench::Clock::now();
  const Status done = database.write([&](db::Conn& c) -> Status {
    out.result = orders.recheck(c, now);
    return ok_status();
  });
  out.seconds = std::chrono::duration<double>(bench::Clock::now() - started).count();
  if (!done.ok()) out.error = "the re-check failed: " + done.error().message_key;
  return out;
}

}  // namespace

int main() {
  const std::int64_t total = total_from_env();
  ::unsetenv("ANXIN_BENCH_ORDERS");  // anxin refuses ANXIN_* variables it does not know
  ::unsetenv("ANXIN_BENCH_SECONDS");
  const fs::path dir = bench::temp_dir();
  const std::int64_t large = total / 20, small = total / 100;
  std::cout << "bench/order_recheck (" << total << " orders; " << large << " vs " << small
            << " in the 7-day window, release build)\n";
  const Run a = run_once(dir, total, large);
  if (!a.error.empty()) {
    std::cerr << "bench/order_recheck: " << a.error << "\n";
    fs::remove_all(dir);
    return 1;
  }
  const Run b = run_once(dir, total, small);
  fs::remove_all(dir);
  if (!b.error.empty()) {
    std::cerr << "bench/order_recheck: " << b.error << "\n";
    return 1;
  }
  const auto line = [](const char* name, const Run& r) {
    std::printf("  %-6s %6lld checked  %5lld newly failing  %8.1f ms  %7.1f us per assignment\n", name,
                static_cast<long long>(r.result.checked), static_cast<long long>(r.result.newly_failing),
                r.seconds * 1000, r.result.checked > 0 ? r.seconds * 1e6 / static_cast<double>(r.result.checked) : 0);
  };
  line("large", a);
  line("small", b);
  const double expected =
      b.result.checked > 0 ? static_cast<double>(a.result.checked) / static_cast<double>(b.result.checked) : 0;
  const double ratio = b.seconds > 0 ? a.seconds / b.seconds : 0;
  // Proportional within a factor of two of the window ratio; a table-bound job would come out near 1.
  const bool proportional = ratio >= expected / 2 && ratio <= expected * 2;
  std::printf("  ratio of times large / small       %6.2f   (window ratio %.2f; table-bound ~1.00)  %s\n", ratio,
              expected, proportional ? "MET" : "NOT MET");
  return 0;
}
