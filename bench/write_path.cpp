// bench/write_path: throughput and latency of the group-commit write path against two ceilings
// measured in the same run:
//   1. raw SQLite committing one row per transaction with synchronous=FULL (one fsync each);
//   2. a no-op HTTP route of the same server stack, loaded by wrk with 64 connections.
// Targets: write path >= 3x ceiling 1, p99 <= 25 ms, and >= 25 % of ceiling 2.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "bench_support.hpp"
#include "platform/db/database.hpp"
#include "platform/http/dispatcher.hpp"
#include "platform/http/server.hpp"
#include "platform/log/log.hpp"

namespace {

using anxin::bench::Clock;
using anxin::bench::raw_sqlite_tx_per_second;
using anxin::bench::seconds_from_env;
using anxin::bench::temp_dir;

struct WriteResult {
  double per_second = 0;
  double p50_ms = 0;
  double p99_ms = 0;
  std::uint64_t commits = 0;
  std::uint64_t transactions = 0;
};

/// The project's write path: 64 threads each committing one row per write() for `seconds`.
WriteResult group_commit(const std::filesystem::path& dir, int writers, double seconds) {
  auto db = anxin::db::Database::open({.url = "sqlite:" + (dir / "group.db").string()});
  db->run_exclusive(
      [](anxin::db::Conn& c) { c.exec_script("CREATE TABLE t (id INTEGER PRIMARY KEY, payload TEXT NOT NULL)"); });
  std::vector<std::vector<double>> latencies(static_cast<std::size_t>(writers));
  std::atomic<bool> go{false};
  const auto end_time = [&] {
    return Clock::now() + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
  };
  Clock::time_point end;
  std::vector<std::thread> threads;
  for (int w = 0; w < writers; ++w) {
    threads.emplace_back([&, w] {
      while (!go.load()) std::this_thread::yield();
      auto& lat = latencies[static_cast<std::size_t>(w)];
      while (Clock::now() < end) {
        const auto t0 = Clock::now();
        auto r = db->write([](anxin::db::Conn& c) -> anxin::Status {
          c.exec("INSERT INTO t (payload) VALUES ($1)", "payload of a typical small record");
          return anxin::ok_status();
        });
        if (!r.ok()) std::abort();
        lat.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
      }
    });
  }
  const auto before = db->writer_stats();
  end = end_time();
  const auto start = Clock::now();
  go = true;
  for (auto& t : threads) t.join();
  const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
  const auto after = db->writer_stats();
  std::vector<double> all;
  for (auto& l : latencies) all.insert(all.end(), l.begin(), l.end());
  std::sort(all.begin(), all.end());
  WriteResult r;
  r.per_second = static_cast<double>(all.size()) / elapsed;
  r.p50_ms = all.empty() ? 0 : all[all.size() / 2];
  r.p99_ms = all.empty() ? 0 : all[std::min(all.size() - 1, all.size() * 99 / 100)];
  r.commits = after.commits - before.commits;
  r.transactions = after.transactions - before.transactions;
  db->close();
  return r;
}

/// Ceiling 2: a no-op route through the same server stack, loaded by wrk.
double noop_route_per_second(double seconds) {
  anxin::http::Router router;
  router.add({.method = anxin::http::Method::kGet,
              .path = "/noop",
              .is_public = true,
              .handler = [](anxin::http::Request&) -> anxin::Result<anxin::http::Response> {
                return anxin::http::Response::json({{"ok", true}});
              }});
  anxin::SystemClock clock;
  anxin::http::Dispatcher dispatcher(router, nullptr, clock, {});
  anxin::http::Server server(dispatcher, {.host = "127.0.0.1", .port = 0});
  const std::string address = server.start();
  const auto w = anxin::bench::run_wrk("-t2 -c64 -d" + std::to_string(static_cast<int>(std::max(1.0, seconds))) +
                                       "s http://" + address + "/noop");
  const double rps = w.requests_per_second;
  server.stop();
  return rps;
}

}  // namespace

int main() {
  anxin::log::init({.level = anxin::log::Level::kWarn});  // no access log lines in the report
  const double seconds = seconds_from_env("ANXIN_BENCH_SECONDS", 10);
  const auto dir = temp_dir();
  std::cout << "bench/write_path (" << seconds << " s per phase, 64 writers, SQLite WAL synchronous=FULL)\n";

  const double raw = raw_sqlite_tx_per_second(dir, std::min(seconds, 5.0));
  std::printf("  ceiling 1  raw SQLite, 1 row/transaction        %10.0f tx/s\n", raw);

  const WriteResult g = group_commit(dir, 64, seconds);
  std::printf("  write path group commit, 64 writers           %10.0f writes/s  p50 %.2f ms  p99 %.2f ms\n",
              g.per_second, g.p50_ms, g.p99_ms);
  std::printf("             %llu transactions in %llu commits (%.1f per commit)\n",
              static_cast<unsigned long long>(g.transactions), static_cast<unsigned long long>(g.commits),
              g.commits == 0 ? 0.0 : static_cast<double>(g.transactions) / static_cast<double>(g.commits));

  const double noop = noop_route_per_second(std::min(seconds, 5.0));
  if (noop > 0) {
    std::printf("  ceiling 2  no-op HTTP route, wrk 64 connections %10.0f req/s\n", noop);
  } else {
    std::printf("  ceiling 2  no-op HTTP route: wrk not available\n");
  }

  const double ratio_raw = raw > 0 ? g.per_second / raw : 0;
  const double ratio_noop = noop > 0 ? g.per_second / noop : 0;
  std::printf("  ratio write path / raw SQLite      %6.2fx  (target >= 3.00x)  %s\n", ratio_raw,
              ratio_raw >= 3 ? "MET" : "NOT MET");
  std::printf("  p99 latency                        %6.2f ms (target <= 25 ms)  %s\n", g.p99_ms,
              g.p99_ms <= 25 ? "MET" : "NOT MET");
  if (noop > 0) {
    std::printf("  ratio write path / no-op route     %6.2f   (target >= 0.25)   %s\n", ratio_noop,
                ratio_noop >= 0.25 ? "MET" : "NOT MET");
  }
  std::filesystem::remove_all(dir);
  return 0;
}
