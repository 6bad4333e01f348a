#pragma once

// Shared by the benchmark programs: run length from the environment, a scratch directory, the raw
// SQLite ceiling (one row per transaction, synchronous=FULL) and running wrk.

#include <sqlite3.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <random>
#include <string>

namespace anxin::bench {

using Clock = std::chrono::steady_clock;

inline double seconds_from_env(const char* name, double fallback) {
  const char* v = std::getenv(name);
  return v != nullptr ? std::atof(v) : fallback;
}

inline std::filesystem::path temp_dir() {
  std::random_device rd;
  auto dir = std::filesystem::temp_directory_path() / ("anxin-bench-" + std::to_string(rd()));
  std::filesystem::create_directories(dir);
  return dir;
}

inline void check_sqlite(int rc, sqlite3* db, const char* what) {
  if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW) {
    std::cerr << what << ": " << sqlite3_errmsg(db) << "\n";
    std::exit(1);
  }
}

/// The ceiling: one row per transaction, synchronous=FULL, WAL, from one thread.
inline double raw_sqlite_tx_per_second(const std::filesystem::path& dir, double seconds) {
  sqlite3* db = nullptr;
  check_sqlite(sqlite3_open((dir / "raw.db").c_str(), &db), db, "open");
  check_sqlite(sqlite3_exec(db,
                            "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
                            "CREATE TABLE t (id INTEGER PRIMARY KEY, payload TEXT NOT NULL)",
                            nullptr, nullptr, nullptr),
               db, "setup");
  sqlite3_stmt* ins = nullptr;
  check_sqlite(sqlite3_prepare_v2(db, "INSERT INTO t (payload) VALUES (?1)", -1, &ins, nullptr), db, "prepare");
  const auto end = Clock::now() + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
  long n = 0;
  const auto start = Clock::now();
  while (Clock::now() < end) {
    check_sqlite(sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr), db, "begin");
    sqlite3_bind_text(ins, 1, "payload of a typical small record", -1, SQLITE_STATIC);
    check_sqlite(sqlite3_step(ins), db, "insert");
    sqlite3_reset(ins);
    check_sqlite(sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr), db, "commit");
    ++n;
  }
  const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
  sqlite3_finalize(ins);
  sqlite3_close(db);
  return static_cast<double>(n) / elapsed;
}

/// What wrk reported; requests_per_second is 0 when wrk is missing or failed.
struct WrkResult {
  double requests_per_second = 0;
  double p99_ms = 0;
  long requests = 0;
  long non_2xx = 0;
  std::string output;
};

inline double wrk_duration_ms(const std::string& text) {
  const double v = std::atof(text.c_str());
  if (text.find("us") != std::string::npos) return v / 1000;
  if (text.find("ms") != std::string::npos) return v;
  if (text.find('m') != std::string::npos) return v * 60'000;
  return v * 1000;  // seconds
}

/// Runs `wrk <args>` (add --latency for the p99) and parses its report.
inline WrkResult run_wrk(const std::string& args) {
  WrkResult r;
  FILE* p = popen(("wrk " + args + " 2>&1").c_str(), "r");
  if (p == nullptr) return r;
  char line[512];
  while (fgets(line, sizeof line, p) != nullptr) {
    const std::string s(line);
    r.output += s;
    const auto first = s.find_first_not_of(' ');
    const std::string t = first == std::string::npos ? "" : s.substr(first);
    if (t.rfind("Requests/sec:", 0) == 0) r.requests_per_second = std::atof(t.c_str() + 13);
    if (t.rfind("99%", 0) == 0) r.p99_ms = wrk_duration_ms(t.substr(3 + t.substr(3).find_first_not_of(' ')));
    if (t.rfind("Non-2xx or 3xx responses:", 0) == 0) r.non_2xx = std::atol(t.c_str() + 26);
    if (const auto at = t.find(" requests in "); at != std::string::npos) r.requests = std::atol(t.c_str());
  }
  pclose(p);
  return r;
}

}  // namespace anxin::bench
