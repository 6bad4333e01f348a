#include <fmt/format.h>
#include <libpq-fe.h>

#include <cstring>

#include "platform/db/backends.hpp"

namespace anxin::db::detail {
namespace {

// Type OIDs from pg_type.h (stable across server versions).
constexpr Oid kBoolOid = 16;
constexpr Oid kByteaOid = 17;
constexpr Oid kInt8Oid = 20;
constexpr Oid kInt2Oid = 21;
constexpr Oid kInt4Oid = 23;
constexpr Oid kOidOid = 26;
constexpr Oid kFloat4Oid = 700;
constexpr Oid kFloat8Oid = 701;

DbErrorKind kind_of_sqlstate(const char* state) {
  if (state == nullptr) return DbErrorKind::kConnection;
  const std::string_view s(state);
  if (s == "23505") return DbErrorKind::kUniqueViolation;
  if (s == "23503") return DbErrorKind::kForeignKeyViolation;
  if (s == "23514" || s == "23502") return DbErrorKind::kCheckViolation;
  if (s == "40001" || s == "40P01" || s == "55P03") return DbErrorKind::kBusy;
  if (s.starts_with("08")) return DbErrorKind::kConnection;
  return DbErrorKind::kOther;
}

void ignore_notice(void* /*arg*/, const char* /*message*/) {}

class PgResult {
 public:
  explicit PgResult(PGresult* r) : r_(r) {}
  ~PgResult() { PQclear(r_); }
  PgResult(const PgResult&) = delete;
  PgResult& operator=(const PgResult&) = delete;
  PGresult* get() const { return r_; }

 private:
  PGresult* r_;
};

class PostgresConn final : public BackendConn {
 public:
  explicit PostgresConn(const std::string& url) : conn_(PQconnectdb(url.c_str())) {
    if (conn_ == nullptr || PQstatus(conn_) != CONNECTION_OK) {
      std::string msg = conn_ != nullptr ? PQerrorMessage(conn_) : "out of memory";
      PQfinish(conn_);
      conn_ = nullptr;
      throw DbError(DbErrorKind::kConnection, fmt::format("cannot connect to PostgreSQL: {}", msg));
    }
    PQsetNoticeProcessor(conn_, ignore_notice, nullptr);
    exec_script("SET TIME ZONE 'UTC'; SET client_min_messages = warning; SET synchronous_commit = on");
    const auto fsync = query("SHOW fsync");
    if (fsync.empty() || fsync.front().text("fsync") != "on") {
      throw DbError(DbErrorKind::kOther, "PostgreSQL runs with fsync off; anxin will not run without durable commits");
    }
  }
  ~PostgresConn() override { PQfinish(conn_); }
  PostgresConn(const PostgresConn&) = delete;
  PostgresConn& operator=(const PostgresConn&) = delete;

  using Conn::exec;
  using Conn::query;

  Backend backend() const override { return Backend::kPostgres; }
  bool broken() const override { return PQstatus(conn_) != CONNECTION_OK; }
  void begin_write() override { exec_script("BEGIN"); }

  std::vector<Row> query(std::string_view sql, std::span<const Value> params) override {
    PgResult res(run(sql, params));
    std::vector<Row> rows;
    const int nrows = PQntuples(res.get());
    const int ncols = PQnfields(res.get());
    if (nrows == 0) return rows;
    auto names = std::make_shared<std::vector<std::string>>();
    std::vector<Oid> types;
    for (int c = 0; c < ncols; ++c) {
      names->emplace_back(PQfname(res.get(), c));
      types.push_back(PQftype(res.get(), c));
    }
    rows.reserve(static_cast<std::size_t>(nrows));
    for (int r = 0; r < nrows; ++r) {
      std::vector<Value> values;
      values.reserve(static_cast<std::size_t>(ncols));
      for (int c = 0; c < ncols; ++c) values.push_back(cell(res.get(), r, c, types[static_cast<std::size_t>(c)]));
      rows.emplace_back(names, std::move(values));
    }
    return rows;
  }

  std::int64_t exec(std::string_view sql, std::span<const Value> params) override {
    PgResult res(run(sql, params));
    const char* n = PQcmdTuples(res.get());
    return (n != nullptr && *n != '\0') ? std::stoll(n) : 0;
  }

  void exec_script(std::string_view sql) override {
    const std::string s(sql);
    PgResult res(PQexec(conn_, s.c_str()));
    check(res.get());
  }

 private:
  PGresult* run(std::string_view sql, std::span<const Value> params) {
    std::vector<std::string> storage(params.size());
    std::vector<const char*> values(params.size(), nullptr);
    std::vector<int> lengths(params.size(), 0);
    std::vector<int> formats(params.size(), 0);
    for (std::size_t i = 0; i < params.size(); ++i) {
      const Value& v = params[i];
      if (std::holds_alternative<std::monostate>(v)) continue;
      if (const auto* n = std::get_if<std::int64_t>(&v)) {
        storage[i] = std::to_string(*n);
      } else if (const auto* d = std::get_if<double>(&v)) {
        storage[i] = fmt::format("{}", *d);
      } else if (const auto* s = std::get_if<std::string>(&v)) {
        storage[i] = *s;
      } else if (const auto* b = std::get_if<Blob>(&v)) {
        storage[i].assign(b->begin(), b->end());
        formats[i] = 1;
      }
      values[i] = storage[i].data();
      lengths[i] = static_cast<int>(storage[i].size());
    }
    const std::string s(sql);
    PGresult* res = PQexecParams(conn_, s.c_str(), static_cast<int>(params.size()), nullptr, values.data(),
                                 lengths.data(), formats.data(), 0);
    try {
      check(res);
    } catch (...) {
      PQclear(res);
      throw;
    }
    return res;
  }

  void check(PGresult* res) {
    const auto status = PQresultStatus(res);
    if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK || status == PGRES_EMPTY_QUERY) return;
    // Only the primary message and SQLSTATE: DETAIL lines may quote row values (personal data).
    const char* state = res != nullptr ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : nullptr;
    const char* primary = res != nullptr ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : nullptr;
    throw DbError(kind_of_sqlstate(state), fmt::format("PostgreSQL {}: {}", state != nullptr ? state : "connection",
                                                       primary != nullptr ? primary : "connection failure"));
  }

  static Value cell(PGresult* res, int r, int c, Oid type) {
    if (PQgetisnull(res, r, c) != 0) return std::monostate{};
    const char* text = PQgetvalue(res, r, c);
    switch (type) {
      case kInt8Oid:
      case kInt4Oid:
      case kInt2Oid:
      case kOidOid: return static_cast<std::int64_t>(std::strtoll(text, nullptr, 10));
      case kBoolOid: return static_cast<std::int64_t>(text[0] == 't' ? 1 : 0);
      case kFloat4Oid:
      case kFloat8Oid: return std::strtod(text, nullptr);
      case kByteaOid: {
        std::size_t len = 0;
        unsigned char* raw = PQunescapeBytea(reinterpret_cast<const unsigned char*>(text), &len);
        Blob out(raw, raw + len);
        PQfreemem(raw);
        return out;
      }
      default: return std::string(text, static_cast<std::size_t>(PQgetlength(res, r, c)));
    }
  }

  PGconn* conn_;
};

}  // namespace

std::unique_ptr<BackendConn> open_postgres(const std::string& url) { return std::make_unique<PostgresConn>(url); }

}  // namespace anxin::db::detail
