#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>
#include <vector>

#include "core/error.hpp"
#include "core/result.hpp"

namespace anxin::db {

/// Raw bytes (ciphertexts, hashes).
using Blob = std::vector<std::uint8_t>;
/// A column or parameter value. monostate is SQL NULL. Booleans are stored as 0/1 integers,
/// instants as UTC epoch milliseconds, money as integer fen.
using Value = std::variant<std::monostate, std::int64_t, double, std::string, Blob>;

enum class Backend { kSqlite, kPostgres };

/// Why a statement failed, in terms a service can act on.
enum class DbErrorKind { kUniqueViolation, kForeignKeyViolation, kCheckViolation, kBusy, kConnection, kOther };

/// Thrown by connections when a statement fails. The message holds driver text and may contain
/// SQL; it is logged, never sent to a client.
class DbError : public std::runtime_error {
 public:
  DbError(DbErrorKind kind, const std::string& message) : std::runtime_error(message), kind_(kind) {}
  DbErrorKind kind() const noexcept { return kind_; }

 private:
  DbErrorKind kind_;
};

/// One result row; values are accessed by column index or name.
class Row {
 public:
  Row(std::shared_ptr<const std::vector<std::string>> names, std::vector<Value> values)
      : names_(std::move(names)), values_(std::move(values)) {}

  std::size_t size() const { return values_.size(); }
  const Value& at(std::size_t i) const { return values_.at(i); }
  const Value& at(std::string_view name) const;
  bool is_null(std::string_view name) const { return std::holds_alternative<std::monostate>(at(name)); }
  std::int64_t int64(std::string_view name) const;
  std::optional<std::int64_t> opt_int64(std::string_view name) const;
  double real(std::string_view name) const;
  std::string text(std::string_view name) const;
  std::optional<std::string> opt_text(std::string_view name) const;
  Blob blob(std::string_view name) const;

 private:
  std::shared_ptr<const std::vector<std::string>> names_;
  std::vector<Value> values_;
};

/// A database connection as seen inside a read scope or a write transaction.
/// SQL uses PostgreSQL-style numbered placeholders ($1, $2, ...) for both backends.
class Conn {
 public:
  virtual ~Conn() = default;
  virtual Backend backend() const = 0;
  /// Runs a statement and returns all rows.
  virtual std::vector<Row> query(std::string_view sql, std::span<const Value> params) = 0;
  /// Runs a statement and returns the number of rows changed.
  virtual std::int64_t exec(std::string_view sql, std::span<const Value> params) = 0;
  /// Runs several statements without parameters (migrations).
  virtual void exec_script(std::string_view sql) = 0;

  template <typename... Args>
  std::vector<Row> query(std::string_view sql, Args&&... args) {
    const std::vector<Value> params{to_value(std::forward<Args>(args))...};
    return query(sql, std::span<const Value>(params));
  }
  template <typename... Args>
  std::optional<Row> query_one(std::string_view sql, Args&&... args) {
    auto rows = query(sql, std::forward<Args>(args)...);
    if (rows.empty()) return std::nullopt;
    return std::move(rows.front());
  }
  template <typename... Args>
  std::int64_t exec(std::string_view sql, Args&&... args) {
    const std::vector<Value> params{to_value(std::forward<Args>(args))...};
    return exec(sql, std::span<const Value>(params));
  }

  static Value to_value(Value v) { return v; }
  static Value to_value(std::int64_t v) { return v; }
  static Value to_value(int v) { return static_cast<std::int64_t>(v); }
  static Value to_value(bool v) { return static_cast<std::int64_t>(v ? 1 : 0); }
  static Value to_value(double v) { return v; }
  static Value to_value(const char* v) { return std::string(v); }
  static Value to_value(std::string v) { return v; }
  static Value to_value(std::string_view v) { return std::string(v); }
  static Value to_value(Blob v) { return v; }
  template <typename T>
  static Value to_value(const std::optional<T>& v) {
    return v ? to_value(*v) : Value{};
  }
};

/// While alive, the first Database::write on this thread also runs `hook` inside the same
/// transaction, before the body (e.g. to claim an idempotency key atomically with the change).
class ScopedFirstWriteHook {
 public:
  explicit ScopedFirstWriteHook(std::function<void(Conn&)> hook);
  ~ScopedFirstWriteHook();
  ScopedFirstWriteHook(const ScopedFirstWriteHook&) = delete;
  ScopedFirstWriteHook& operator=(const ScopedFirstWriteHook&) = delete;
  /// True once a write consumed the hook.
  bool consumed() const;
};

/// Takes the current thread's pending first-write hook, if any (empty function otherwise).
std::function<void(Conn&)> take_first_write_hook();

/// Connection settings.
struct Options {
  /// "sqlite:/path/to/file.db" or "postgresql://user@host:port/db?..."
  std::string url;
  /// Read connections kept open.
  std::size_t read_pool_size = 8;
  /// Largest number of write transactions folded into one commit.
  std::size_t max_batch = 512;
};

/// Counters of the group-commit writer, for metrics and benchmarks.
struct WriterStats {
  std::uint64_t commits = 0;
  std::uint64_t transactions = 0;
};

/// The database handle shared by all modules. Reads run on pooled connections; writes go through
/// one group-commit writer: concurrent write transactions are folded into one durable commit, each
/// in its own savepoint so a failing one fails alone, and `write` returns only after the commit
/// that contains it is durable.
class Database {
 public:
  virtual ~Database() = default;

  /// Opens a database by URL; verifies the durability settings (WAL + synchronous=FULL + foreign
  /// keys on SQLite, fsync + synchronous_commit on PostgreSQL) and throws DbError when weaker.
  static std::unique_ptr<Database> open(const Options& options);

  virtual Backend backend() const = 0;

  /// Runs `fn` with a pooled read connection.
  template <typename F>
  auto read(F&& fn) -> std::invoke_result_t<F, Conn&> {
    std::optional<std::invoke_result_t<F, Conn&>> out;
    run_read([&](Conn& c) { out.emplace(fn(c)); });
    return std::move(*out);
  }

  /// Runs `fn` (returning Result<T>) inside the group-commit writer and waits until durable.
  /// An error Result, a DbError or any exception rolls back only this transaction's savepoint.
  /// Unique and foreign-key violations become conflict / invalid_argument errors.
  template <typename F>
  auto write(F&& fn) -> std::invoke_result_t<F, Conn&> {
    using R = std::invoke_result_t<F, Conn&>;
    std::optional<R> out;
    std::function<void(Conn&)> hook = take_first_write_hook();
    std::optional<Error> failure = run_write([&](Conn& c) {
      if (hook) hook(c);
      out.emplace(fn(c));
      return out->ok();
    });
    if (failure) return R(std::move(*failure));
    return std::move(*out);
  }

  /// Runs `fn` on the writer connection outside group commit, in its own transaction (migrations,
  /// maintenance). Throws on failure after rolling back.
  virtual void run_exclusive(const std::function<void(Conn&)>& fn) = 0;

  virtual WriterStats writer_stats() const = 0;
  /// Stops the writer after draining queued work. Idempotent.
  virtual void close() = 0;

 protected:
  virtual void run_read(const std::function<void(Conn&)>& fn) = 0;
  /// Returns nullopt when the body's changes are durable (or were rolled back because the body
  /// returned false), or the error that failed this transaction.
  virtual std::optional<Error> run_write(const std::function<bool(Conn&)>& fn) = 0;
};

/// Escapes LIKE wildcards (use with ESCAPE '\\'), so a search for "50%" matches those characters.
std::string like_escape(std::string_view text);

/// A set of ids as one text parameter, ",4,9,12," (",": the empty set), for a filter that works
/// the same on both backends: `CAST($n AS TEXT) LIKE ('%,' || CAST(t.id AS TEXT) || ',%')`.
std::string id_list(std::span<const std::int64_t> ids);

/// Converts a database failure into the project error it stands for.
Error error_from_db(const DbError& e);

}  // namespace anxin::db
