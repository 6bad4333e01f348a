#include <fmt/format.h>
#include <sqlite3.h>

#include <cctype>
#include <memory>
#include <mutex>
#include <optional>
#include <unordered_map>

#include "platform/db/backends.hpp"

namespace anxin::db::detail {
namespace {

DbErrorKind kind_of(int extended) {
  switch (extended) {
    case SQLITE_CONSTRAINT_UNIQUE:
    case SQLITE_CONSTRAINT_PRIMARYKEY: return DbErrorKind::kUniqueViolation;
    case SQLITE_CONSTRAINT_FOREIGNKEY: return DbErrorKind::kForeignKeyViolation;
    case SQLITE_CONSTRAINT_CHECK:
    case SQLITE_CONSTRAINT_NOTNULL: return DbErrorKind::kCheckViolation;
    default: break;
  }
  switch (extended & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED: return DbErrorKind::kBusy;
    case SQLITE_CONSTRAINT: return DbErrorKind::kCheckViolation;
    default: return DbErrorKind::kOther;
  }
}

/// Rewrites PostgreSQL placeholders ($1) to SQLite's numbered form (?1), leaving string literals,
/// quoted identifiers and comments untouched.
std::string to_sqlite_placeholders(std::string_view sql) {
  std::string out;
  out.reserve(sql.size());
  char quote = 0;
  for (std::size_t i = 0; i < sql.size(); ++i) {
    const char c = sql[i];
    if (quote != 0) {
      out += c;
      if (c == quote) quote = 0;
      continue;
    }
    if (c == '\'' || c == '"') {
      quote = c;
    } else if (c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') {
      while (i < sql.size() && sql[i] != '\n') out += sql[i++];
      if (i < sql.size()) out += '\n';
      continue;
    } else if (c == '$' && i + 1 < sql.size() && sql[i + 1] >= '0' && sql[i + 1] <= '9') {
      out += '?';
      continue;
    }
    out += c;
  }
  return out;
}

/// Process-wide settings that must precede the library's first use: no global memory statistics
/// (they take a global mutex on every allocation; anxin does not read them).
void configure_library_once() {
  static std::once_flag once;
  std::call_once(once, [] { sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); });
}

/// Hashes and compares statement texts by view, so a lookup does not copy the SQL.
struct SqlHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
};

/// A prepared statement with its column names, shared by every row it returns.
struct Prepared {
  sqlite3_stmt* stmt = nullptr;
  std::shared_ptr<const std::vector<std::string>> names;
  /// A one-row "INSERT ... VALUES (...) RETURNING id" compiled without its RETURNING clause: the
  /// id is the new rowid. SQLite implements RETURNING with a temporary table per execution, which
  /// is a measurable share of every insert on the write path.
  bool rowid_returning = false;
};

std::string_view trimmed(std::string_view s) {
  while (!s.empty() && (std::isspace(static_cast<unsigned char>(s.back())) != 0 || s.back() == ';')) s.remove_suffix(1);
  for (;;) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front())) != 0) s.remove_prefix(1);
    if (s.substr(0, 2) != "--") return s;
    const auto eol = s.find('\n');
    s = eol == std::string_view::npos ? std::string_view{} : s.substr(eol + 1);
  }
}

/// The statement without its trailing "RETURNING id" when it is a single-row INSERT of a table
/// whose id is the rowid (every anxin table: id INTEGER PRIMARY KEY), or nullopt.
std::optional<std::string_view> without_returning_id(std::string_view sql) {
  constexpr std::string_view kReturning = "RETURNING id";
  const std::string_view s = trimmed(sql);
  if (s.substr(0, 12) != "INSERT INTO " || !s.ends_with(kReturning)) return std::nullopt;
  if (s.find("SELECT") != std::string_view::npos || s.find("),") != std::string_view::npos) return std::nullopt;
  return s.substr(0, s.size() - kReturning.size());
}

class SqliteConn final : public BackendConn {
 public:
  SqliteConn(const std::string& path, bool reader) {
    configure_library_once();
    const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
    if (sqlite3_open_v2(path.c_str(), &db_, flags, nullptr) != SQLITE_OK) {
      std::string msg = db_ != nullptr ? sqlite3_errmsg(db_) : "out of memory";
      sqlite3_close(db_);
      db_ = nullptr;
      throw DbError(DbErrorKind::kConnection, fmt::format("cannot open SQLite database: {}", msg));
    }
    sqlite3_extended_result_codes(db_, 1);
    sqlite3_busy_timeout(db_, 10000);
    exec_script("PRAGMA foreign_keys = ON");
    // Statement journals (one per request savepoint in a group commit) and sorter/ephemeral
    // tables stay in memory rather than in temporary files: nothing in them must survive a crash,
    // and writing them to disk would cost a system call for each page a request touches.
    exec_script("PRAGMA temp_store = MEMORY");
    const auto mode = query("PRAGMA journal_mode = WAL");
    if (mode.empty() || mode.front().text("journal_mode") != "wal") {
      throw DbError(DbErrorKind::kOther, "SQLite refused WAL journal mode; anxin will not run without it");
    }
    exec_script("PRAGMA synchronous = FULL");
    const auto sync = query("PRAGMA synchronous");
    const auto fk = query("PRAGMA foreign_keys");
    if (sync.empty() || sync.front().int64("synchronous") < 2) {
      throw DbError(DbErrorKind::kOther, "SQLite synchronous is weaker than FULL; anxin will not run so");
    }
    if (fk.empty() || fk.front().int64("foreign_keys") != 1) {
      throw DbError(DbErrorKind::kOther, "SQLite foreign keys could not be enabled");
    }
    if (reader) exec_script("PRAGMA query_only = ON");
  }

  ~SqliteConn() override {
    for (auto& [sql, p] : cache_) sqlite3_finalize(p.stmt);
    sqlite3_close_v2(db_);
  }

  SqliteConn(const SqliteConn&) = delete;
  SqliteConn& operator=(const SqliteConn&) = delete;

  using Conn::exec;
  using Conn::query;

  Backend backend() const override { return Backend::kSqlite; }
  bool broken() const override { return false; }
  void begin_write() override { exec_script("BEGIN IMMEDIATE"); }

  std::vector<Row> query(std::string_view sql, std::span<const Value> params) override {
    Prepared& p = prepare(sql, params);
    sqlite3_stmt* stmt = p.stmt;
    std::vector<Row> rows;
    if (p.rowid_returning) {
      // ON CONFLICT DO NOTHING inserts nothing and, like RETURNING, yields no row.
      if (run_to_completion(stmt) > 0) {
        rows.emplace_back(p.names, std::vector<Value>{static_cast<std::int64_t>(sqlite3_last_insert_rowid(db_))});
      }
      return rows;
    }
    for (;;) {
      const int rc = sqlite3_step(stmt);
      if (rc == SQLITE_DONE) break;
      if (rc != SQLITE_ROW) fail(stmt);
      const int n = sqlite3_column_count(stmt);
      if (!p.names || p.names->size() != static_cast<std::size_t>(n)) {
        auto names = std::make_shared<std::vector<std::string>>();
        for (int i = 0; i < n; ++i) names->emplace_back(sqlite3_column_name(stmt, i));
        p.names = std::move(names);
      }
      std::vector<Value> values;
      values.reserve(static_cast<std::size_t>(n));
      for (int i = 0; i < n; ++i) values.push_back(column(stmt, i));
      rows.emplace_back(p.names, std::move(values));
    }
    sqlite3_reset(stmt);
    sqlite3_clear_bindings(stmt);
    return rows;
  }

  std::int64_t exec(std::string_view sql, std::span<const Value> params) override {
    return run_to_completion(prepare(sql, params).stmt);
  }

  void exec_script(std::string_view sql) override {
    // A single statement (BEGIN, SAVEPOINT, RELEASE, COMMIT around every request) is run from the
    // statement cache instead of being compiled again each time.
    if (sql.find(';') == std::string_view::npos) {
      exec(sql, std::span<const Value>());
      return;
    }
    char* err = nullptr;
    const std::string s(sql);
    if (sqlite3_exec(db_, s.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
      std::string msg = err != nullptr ? err : "unknown error";
      sqlite3_free(err);
      throw DbError(kind_of(sqlite3_extended_errcode(db_)), msg);
    }
  }

 private:
  Prepared& prepare(std::string_view sql, std::span<const Value> params) {
    auto it = cache_.find(sql);
    if (it == cache_.end()) {
      sqlite3_stmt* stmt = nullptr;
      const auto plain_insert = without_returning_id(sql);
      const std::string converted = to_sqlite_placeholders(plain_insert ? *plain_insert : sql);
      if (sqlite3_prepare_v3(db_, converted.c_str(), static_cast<int>(converted.size()), SQLITE_PREPARE_PERSISTENT,
                             &stmt, nullptr) != SQLITE_OK) {
        throw DbError(kind_of(sqlite3_extended_errcode(db_)), fmt::format("prepare failed: {}", sqlite3_errmsg(db_)));
      }
      if (cache_.size() > 512) {
        for (auto& [s, p] : cache_) sqlite3_finalize(p.stmt);
        cache_.clear();
      }
      Prepared p{stmt, nullptr, plain_insert.has_value()};
      if (p.rowid_returning) p.names = std::make_shared<const std::vector<std::string>>(1, "id");
      it = cache_.emplace(std::string(sql), std::move(p)).first;
    }
    sqlite3_stmt* stmt = it->second.stmt;
    const int expected = sqlite3_bind_parameter_count(stmt);
    if (expected != static_cast<int>(params.size())) {
      throw DbError(DbErrorKind::kOther,
                    fmt::format("statement expects {} parameters, {} given", expected, params.size()));
    }
    for (std::size_t i = 0; i < params.size(); ++i) bind(stmt, static_cast<int>(i + 1), params[i]);
    return it->second;
  }

  /// Binds without copying (SQLITE_STATIC): the parameters outlive the statement's run, and every
  /// run ends with sqlite3_clear_bindings; a statement is never stepped with stale bindings because
  /// each use binds all of its parameters first.
  void bind(sqlite3_stmt* stmt, int index, const Value& v) {
    int rc = SQLITE_OK;
    if (std::holds_alternative<std::monostate>(v)) {
      rc = sqlite3_bind_null(stmt, index);
    } else if (const auto* i = std::get_if<std::int64_t>(&v)) {
      rc = sqlite3_bind_int64(stmt, index, *i);
    } else if (const auto* d = std::get_if<double>(&v)) {
      rc = sqlite3_bind_double(stmt, index, *d);
    } else if (const auto* s = std::get_if<std::string>(&v)) {
      rc = sqlite3_bind_text64(stmt, index, s->data(), s->size(), SQLITE_STATIC, SQLITE_UTF8);
    } else if (const auto* b = std::get_if<Blob>(&v)) {
      // An empty vector may have no data pointer, and SQLite binds a null pointer as NULL.
      rc = b->empty() ? sqlite3_bind_zeroblob(stmt, index, 0)
                      : sqlite3_bind_blob64(stmt, index, b->data(), b->size(), SQLITE_STATIC);
    }
    if (rc != SQLITE_OK) throw DbError(DbErrorKind::kOther, fmt::format("bind failed: {}", sqlite3_errmsg(db_)));
  }

  static Value column(sqlite3_stmt* stmt, int i) {
    switch (sqlite3_column_type(stmt, i)) {
      case SQLITE_INTEGER: return static_cast<std::int64_t>(sqlite3_column_int64(stmt, i));
      case SQLITE_FLOAT: return sqlite3_column_double(stmt, i);
      case SQLITE_TEXT: {
        const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt, i));
        return std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(stmt, i)));
      }
      case SQLITE_BLOB: {
        const auto* p = static_cast<const std::uint8_t*>(sqlite3_column_blob(stmt, i));
        return Blob(p, p + sqlite3_column_bytes(stmt, i));
      }
      default: return std::monostate{};
    }
  }

  /// Steps `stmt` to its end, resets it and clears its bindings; returns the rows it changed.
  std::int64_t run_to_completion(sqlite3_stmt* stmt) {
    int rc = 0;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
    }
    if (rc != SQLITE_DONE) fail(stmt);
    sqlite3_reset(stmt);
    sqlite3_clear_bindings(stmt);
    return sqlite3_changes64(db_);
  }

  [[noreturn]] void fail(sqlite3_stmt* stmt) {
    const int code = sqlite3_extended_errcode(db_);
    std::string msg = sqlite3_errmsg(db_);
    sqlite3_reset(stmt);
    sqlite3_clear_bindings(stmt);
    throw DbError(kind_of(code), msg);
  }

  sqlite3* db_ = nullptr;
  std::unordered_map<std::string, Prepared, SqlHash, std::equal_to<>> cache_;
};

}  // namespace

std::unique_ptr<BackendConn> open_sqlite(const std::string& path, bool reader) {
  return std::make_unique<SqliteConn>(path, reader);
}

}  // namespace anxin::db::detail
