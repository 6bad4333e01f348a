// bench/worker_import: importing 100 000 worker rows from CSV must reach at least 25 % of the rate at which raw
// SQLite stores the same rows with the same encryption calls (five sealed cells and two blind indexes per row) in
// one transaction. Both run here, on this machine; prints rows/s of both and the ratio.
#include <sqlite3.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>

#include "bench_support.hpp"
#include "modules/audit/audit_log.hpp"
#include "modules/identity/auth_service.hpp"
#include "modules/identity/user_service.hpp"
#include "modules/workforce/worker_import.hpp"
#include "platform/crypto/crypto.hpp"
#include "platform/db/migrator.hpp"
#include "platform/log/log.hpp"
#include "platform/text/identifiers.hpp"

namespace {

using namespace anxin;
using SteadyClock = std::chrono::steady_clock;

std::int64_t rows_from_env() {
  const char* v = std::getenv("ANXIN_BENCH_IMPORT_ROWS");
  return v != nullptr ? std::atoll(v) : 100000;
}

/// The i-th person's ID number: distinct birth dates and sequence numbers, with the check character.
std::string id_number(std::int64_t i) {
  const std::int64_t day = i % 10000;  // about 27 years of birth dates
  const std::int64_t seq = i / 10000;
  const std::string birth = *add_days("1970-01-01", day);
  const std::string first17 =
      "110105" + birth.substr(0, 4) + birth.substr(5, 2) + birth.substr(8, 2) + std::to_string(100 + seq).substr(0, 3);
  return first17 + *text::resident_id_check_char(first17);
}

std::string csv_of(std::int64_t rows) {
  std::string csv = "姓名,身份证号,手机号,住址,银行账号,紧急联系人,服务类型,部门编码,用工方式,合作机构\r\n";
  for (std::int64_t i = 0; i < rows; ++i) {
    csv += "服务人员" + std::to_string(i) + "," + id_number(i) + ",139" + std::to_string(10000000 + i) +
           ",北京市朝阳区安心路" + std::to_string(i % 300) +
           "号,6222021234567890123,家属 13800000000,保洁,HQ,自有,\r\n";
  }
  return csv;
}

/// The ceiling: the same rows, the same encryption, straight into SQLite in one transaction.
double raw_rows_per_second(const std::filesystem::path& dir, crypto::KeyRing& keys, std::int64_t rows) {
  sqlite3* db = nullptr;
  bench::check_sqlite(sqlite3_open((dir / "raw.db").c_str(), &db), db, "open");
  bench::check_sqlite(
      sqlite3_exec(db,
                   "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
                   "CREATE TABLE w (id INTEGER PRIMARY KEY, name TEXT, id_enc BLOB, id_bidx TEXT UNIQUE,"
                   " phone_enc BLOB, phone_bidx TEXT, address_enc BLOB, bank_enc BLOB, contact_enc BLOB,"
                   " job_types TEXT)",
                   nullptr, nullptr, nullptr),
      db, "setup");
  sqlite3_stmt* ins = nullptr;
  bench::check_sqlite(
      sqlite3_prepare_v2(db, "INSERT INTO w VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)", -1, &ins, nullptr), db,
      "prepare");
  const auto start = SteadyClock::now();
  bench::check_sqlite(sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr), db, "begin");
  for (std::int64_t i = 0; i < rows; ++i) {
    const std::string id = id_number(i);
    const std::string phone = "139" + std::to_string(10000000 + i);
    const auto seal = [&](const char* column, const std::string& v) { return keys.encrypt("w", column, i + 1, v); };
    const auto id_enc = seal("id_enc", id), phone_enc = seal("phone_enc", phone),
               address_enc = seal("address_enc", "北京市朝阳区安心路1号"),
               bank_enc = seal("bank_enc", "6222021234567890123"),
               contact_enc = seal("contact_enc", "家属 13800000000");
    const std::string id_bidx = keys.blind_index("worker.id_number", id);
    const std::string phone_bidx = keys.blind_index("worker.phone", phone);
    const std::string name = "服务人员" + std::to_string(i);
    sqlite3_bind_int64(ins, 1, i + 1);
    sqlite3_bind_text(ins, 2, name.c_str(), -1, SQLITE_TRANSIENT);
    const auto blob = [&](int n, const db::Blob& b) {
      sqlite3_bind_blob(ins, n, b.data(), static_cast<int>(b.size()), SQLITE_TRANSIENT);
    };
    blob(3, id_enc);
    sqlite3_bind_text(ins, 4, id_bidx.c_str(), -1, SQLITE_TRANSIENT);
    blob(5, phone_enc);
    sqlite3_bind_text(ins, 6, phone_bidx.c_str(), -1, SQLITE_TRANSIENT);
    blob(7, address_enc);
    blob(8, bank_enc);
    blob(9, contact_enc);
    sqlite3_bind_text(ins, 10, ",cleaning,", -1, SQLITE_STATIC);
    bench::check_sqlite(sqlite3_step(ins), db, "insert");
    sqlite3_reset(ins);
  }
  bench::check_sqlite(sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr), db, "commit");
  const double seconds = std::chrono::duration<double>(SteadyClock::now() - start).count();
  sqlite3_finalize(ins);
  sqlite3_close(db);
  return static_cast<double>(rows) / seconds;
}

}  // namespace

int main() {
  crypto::init();
  log::init({.level = log::Level::kWarn});
  const std::int64_t rows = rows_from_env();
  const auto dir = bench::temp_dir();
  auto db = db::Database::open({.url = "sqlite:" + (dir / "bench.db").string()});
  db::migrate(*db, db::embedded_migrations(db->backend()));
  db->run_exclusive([&](db::Conn& c) {
    c.exec_script(
        "INSERT INTO departments (id, parent_id, name, code, kind, path, created_at, updated_at) "
        "VALUES (1, NULL, 'HQ', 'HQ', 'company', '/1/', 0, 0);");
  });
  ManualClock clock(1795239000000);
  auto keys = crypto::KeyRing::open(*db, {.data_dir = dir.string()});
  audit::AuditLog audit(*db, clock, audit::SigningKey::load_or_create(dir.string()));
  identity::AuthService auth(*db, clock, *keys, audit, identity::AuthOptions{});
  identity::UserService users(*db, clock, *keys, audit, auth);
  workforce::WorkerService workers(*db, clock, *keys, audit, users);
  workforce::WorkerImport import(*db, clock, workers, audit);
  Caller system;
  system.username = "bench";
  system.data_scope = 3;
  system.clearance = 4;

  std::fprintf(stderr, "  generating %lld rows\n", static_cast<long long>(rows));
  const std::string csv = csv_of(rows);
  const auto start = SteadyClock::now();
  auto r = import.run(system, csv, false, [](std::int64_t done, std::int64_t total) {
    std::fprintf(stderr, "\r  importing %lld/%lld", static_cast<long long>(done), static_cast<long long>(total));
  });
  const double seconds = std::chrono::duration<double>(SteadyClock::now() - start).count();
  std::fprintf(stderr, "\n");
  if (!r.ok() || !r->problems.empty() || r->imported != rows) {
    std::fprintf(stderr, "import failed: %s\n",
                 r.ok() ? r->problems.front().key.c_str() : r.error().message_key.c_str());
    return 1;
  }
  const double import_rate = static_cast<double>(rows) / seconds;
  const double raw_rate = raw_rows_per_second(dir, *keys, rows);
  const double ratio = raw_rate > 0 ? import_rate / raw_rate : 0;
  std::printf("bench/worker_import (%lld rows from CSV)\n", static_cast<long long>(rows));
  std::printf("  import (parse, check, seal, store)  %10.0f rows/s\n", import_rate);
  std::printf("  raw SQLite, same encryption         %10.0f rows/s\n", raw_rate);
  std::printf("  ratio import / raw                  %6.2f  (target >= 0.25)  %s\n", ratio,
              ratio >= 0.25 ? "MET" : "NOT MET");
  std::filesystem::remove_all(dir);
  return 0;
}
