// bench/gate_check: the dispatch gate asked through the HTTP API of a real `anxin serve` (demo data, SQLite WAL)
// by 64 connections (wrk): GET /api/v1/workers/{id}/gate for a worker's job type over the next day, every check of
// every module evaluated and every reason collected. Printed against the same server's no-op route (/healthz)
// loaded the same way in the same run.
// Targets: >= 50 % of the no-op route's throughput, p99 <= 10 ms.
#include <cstdio>
#include <iostream>

#include "bench_support.hpp"
#include "server_support.hpp"

namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using namespace anxin::bench;

constexpr const char* kDemoPassword = "Anxin#Demo2026";

int fail(const std::string& why, pid_t server, const fs::path& dir) {
  std::cerr << "bench/gate_check: " << why << "\n";
  if (server > 0) {
    kill(server, SIGTERM);
    waitpid(server, nullptr, 0);
  }
  fs::remove_all(dir);
  return 1;
}

}  // namespace

int main() {
  const double seconds = seconds_from_env("ANXIN_BENCH_SECONDS", 10);
  ::unsetenv("ANXIN_BENCH_SECONDS");  // anxin refuses ANXIN_* variables it does not know
  const fs::path dir = temp_dir();
  std::cout << "bench/gate_check (" << seconds << " s per stage, wrk 64 connections over HTTP, release build)\n";

  const fs::path data = dir / "data";
  if (run({"demo", "--data-dir", data.string()}, (dir / "demo.log").string()) != 0) {
    return fail("anxin demo failed (see its log)", 0, dir);
  }
  const pid_t server = spawn_server(data);
  if (server == 0) return fail("cannot start anxin serve", 0, dir);
  const std::string addr = wait_for_address(data);
  if (addr.empty()) return fail("anxin serve did not write its address", server, dir);
  const std::string base = "http://" + addr;

  curl_global_init(CURL_GLOBAL_DEFAULT);
  const Session s = sign_in(base, "dispatch", kDemoPassword);
  if (s.cookie.empty()) return fail("the dispatcher cannot sign in", server, dir);
  const auto workers = http("GET", base + "/api/v1/workers?status=active&page_size=1", "", {"Cookie: " + s.cookie});
  if (workers.status != 200) return fail("worker list failed: " + workers.body, server, dir);
  const json worker = json::parse(workers.body)["items"].at(0);
  const std::string type = worker["job_types"].at(0).get<std::string>();
  const std::string url =
      base + "/api/v1/workers/" + std::to_string(worker["id"].get<std::int64_t>()) + "/gate?service_type=" + type;
  const auto probe = http("GET", url, "", {"Cookie: " + s.cookie});
  if (probe.status != 200) return fail("gate failed: " + probe.body, server, dir);
  const json answer = json::parse(probe.body);

  const std::string duration = "-d" + std::to_string(static_cast<int>(std::max(1.0, seconds))) + "s";
  const auto noop = run_wrk("-t2 -c64 " + duration + " --latency " + base + "/healthz");
  const fs::path script = dir / "gate.lua";
  {
    std::ofstream lua(script);
    lua << "wrk.headers[\"Cookie\"] = \"" << s.cookie << "\"\n";
  }
  const auto gate = run_wrk("-t2 -c64 " + duration + " --latency -s " + script.string() + " '" + url + "'");
  kill(server, SIGTERM);
  waitpid(server, nullptr, 0);
  curl_global_cleanup();
  if (noop.requests_per_second <= 0 || gate.requests_per_second <= 0) {
    return fail("wrk failed:\n" + noop.output + gate.output, 0, dir);
  }

  std::printf("  worker %s, %s, answer %s with %zu reason(s) and %zu warning(s)\n", worker["name"].dump().c_str(),
              type.c_str(), answer.value("decision", "?").c_str(), answer.value("reasons", json::array()).size(),
              answer.value("warnings", json::array()).size());
  std::printf("  ceiling    GET /healthz (no-op route)          %10.0f req/s  p99 %.2f ms\n", noop.requests_per_second,
              noop.p99_ms);
  std::printf("  gate       GET /api/v1/workers/{id}/gate       %10.0f req/s  p99 %.2f ms  (%ld not 2xx)\n",
              gate.requests_per_second, gate.p99_ms, gate.non_2xx);
  const double ratio = gate.requests_per_second / noop.requests_per_second;
  std::printf("  ratio gate / no-op route           %6.2f   (target >= 0.50)  %s\n", ratio,
              ratio >= 0.5 ? "MET" : "NOT MET");
  std::printf("  p99 latency                        %6.2f ms (target <= 10 ms)  %s\n", gate.p99_ms,
              gate.p99_ms <= 10 ? "MET" : "NOT MET");
  fs::remove_all(dir);
  return gate.non_2xx == 0 ? 0 : 1;
}
