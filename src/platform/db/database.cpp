#include "platform/db/database.hpp"

#include <chrono>
#include <condition_variable>
#include <deque>
#include <future>
#include <mutex>
#include <thread>

#include "core/thread_name.hpp"
#include "platform/db/backends.hpp"
#include "platform/log/log.hpp"
#include "platform/metrics/metrics.hpp"

namespace anxin::db {
namespace {

using detail::BackendConn;
using Opener = std::function<std::unique_ptr<BackendConn>(bool reader)>;

/// One queued write transaction.
struct Job {
  const std::function<bool(Conn&)>* body = nullptr;
  const std::function<void(Conn&)>* exclusive = nullptr;  // runs alone in its own transaction
  std::optional<Error> error;
  std::exception_ptr exclusive_failure;
  std::promise<void> done;
};

class GroupCommitDatabase final : public Database {
 public:
  GroupCommitDatabase(Backend backend, Opener opener, const Options& options)
      : backend_(backend),
        opener_(std::move(opener)),
        read_pool_max_(std::max<std::size_t>(1, options.read_pool_size)),
        max_batch_(std::max<std::size_t>(1, options.max_batch)) {
    writer_conn_ = open_writer();
    auto& m = metrics::global();
    m.describe("anxin_db_commit_seconds", "histogram", "Duration of one durable group commit.");
    m.describe("anxin_db_commit_batch_size", "histogram", "Write transactions folded into one commit.");
    m.describe("anxin_db_write_queue_depth", "gauge", "Write transactions waiting for the writer.");
    writer_ = std::thread([this] {
      name_this_thread("anxin-db-write");
      writer_loop();
    });
    if (backend_ == Backend::kSqlite) {
      checkpointer_ = std::thread([this] {
        name_this_thread("anxin-db-ckpt");
        checkpoint_loop();
      });
    }
  }

  ~GroupCommitDatabase() override { close(); }
  GroupCommitDatabase(const GroupCommitDatabase&) = delete;
  GroupCommitDatabase& operator=(const GroupCommitDatabase&) = delete;

  Backend backend() const override { return backend_; }

  void close() override {
    {
      std::lock_guard lock(queue_mu_);
      if (stopping_) return;
      stopping_ = true;
    }
    queue_cv_.notify_all();
    if (writer_.joinable()) writer_.join();
    {
      std::lock_guard lock(checkpoint_mu_);
      checkpoint_stop_ = true;
    }
    checkpoint_cv_.notify_all();
    if (checkpointer_.joinable()) checkpointer_.join();
  }

  WriterStats writer_stats() const override {
    std::lock_guard lock(queue_mu_);
    return stats_;
  }

  void run_exclusive(const std::function<void(Conn&)>& fn) override {
    Job job;
    job.exclusive = &fn;
    auto fut = job.done.get_future();
    enqueue(&job);
    fut.wait();
    if (job.exclusive_failure) std::rethrow_exception(job.exclusive_failure);
  }

 protected:
  void run_read(const std::function<void(Conn&)>& fn) override {
    std::unique_ptr<BackendConn> conn = acquire_reader();
    try {
      fn(*conn);
    } catch (...) {
      release_reader(std::move(conn));
      throw;
    }
    release_reader(std::move(conn));
  }

  std::optional<Error> run_write(const std::function<bool(Conn&)>& fn) override {
    Job job;
    job.body = &fn;
    auto fut = job.done.get_future();
    enqueue(&job);
    fut.wait();
    return std::move(job.error);
  }

 private:
  void enqueue(Job* job) {
    {
      std::lock_guard lock(queue_mu_);
      if (stopping_) {
        job->error = Error::unavailable("common.shutting_down");
        job->exclusive_failure = std::make_exception_ptr(DbError(DbErrorKind::kConnection, "database is closed"));
        job->done.set_value();
        return;
      }
      queue_.push_back(job);
    }
    queue_cv_.notify_one();
  }

  std::unique_ptr<BackendConn> acquire_reader() {
    std::unique_lock lock(pool_mu_);
    pool_cv_.wait(lock, [this] { return !idle_.empty() || open_readers_ < read_pool_max_; });
    if (!idle_.empty()) {
      auto c = std::move(idle_.back());
      idle_.pop_back();
      return c;
    }
    ++open_readers_;
    lock.unlock();
    try {
      return opener_(true);
    } catch (...) {
      std::lock_guard relock(pool_mu_);
      --open_readers_;
      pool_cv_.notify_one();
      throw;
    }
  }

  void release_reader(std::unique_ptr<BackendConn> conn) {
    std::lock_guard lock(pool_mu_);
    if (conn->broken()) {
      --open_readers_;
    } else {
      idle_.push_back(std::move(conn));
    }
    pool_cv_.notify_one();
  }

  void writer_loop() {
    std::vector<Job*> batch;
    for (;;) {
      {
        std::unique_lock lock(queue_mu_);
        queue_cv_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
        if (queue_.empty() && stopping_) return;
        batch.clear();
        if (queue_.front()->exclusive != nullptr) {
          batch.push_back(queue_.front());
          queue_.pop_front();
        } else {
          while (!queue_.empty() && batch.size() < max_batch_ && queue_.front()->exclusive == nullptr) {
            batch.push_back(queue_.front());
            queue_.pop_front();
          }
        }
        metrics::global().set_gauge("anxin_db_write_queue_depth", {}, static_cast<double>(queue_.size()));
      }
      if (batch.front()->exclusive != nullptr) {
        run_exclusive_job(*batch.front());
      } else {
        run_batch(batch);
      }
    }
  }

  void ensure_writer() {
    if (writer_conn_ && !writer_conn_->broken()) return;
    writer_conn_.reset();
    writer_conn_ = open_writer();
  }

  std::unique_ptr<BackendConn> open_writer() {
    auto conn = opener_(false);
    // On SQLite the writer never checkpoints inside a commit (copying pages into the database file
    // and syncing it while every request of the batch waits); checkpoint_loop does it alongside.
    if (backend_ == Backend::kSqlite) conn->exec_script("PRAGMA wal_autocheckpoint = 0");
    return conn;
  }

  /// SQLite only: moves committed pages from the WAL into the database file on a connection of
  /// its own, at most every 100 ms and only after new commits. PASSIVE never blocks the writer or
  /// readers; the WAL is reused from its start once a checkpoint has caught up.
  void checkpoint_loop() {
    std::unique_ptr<BackendConn> conn;
    std::uint64_t checkpointed = 0;
    std::unique_lock lock(checkpoint_mu_);
    while (!checkpoint_stop_) {
      checkpoint_cv_.wait_for(lock, std::chrono::milliseconds(100), [this] { return checkpoint_stop_; });
      if (checkpoint_stop_) break;
      const std::uint64_t commits = writer_stats().commits;
      if (commits == checkpointed) continue;
      lock.unlock();
      try {
        if (!conn) conn = opener_(false);
        conn->exec_script("PRAGMA wal_checkpoint(PASSIVE)");
        checkpointed = commits;
      } catch (const std::exception& e) {
        log::warn("db.checkpoint_failed", {{"reason", e.what()}});
        conn.reset();
      }
      lock.lock();
    }
  }

  void run_exclusive_job(Job& job) {
    try {
      ensure_writer();
      writer_conn_->begin_write();
      try {
        (*job.exclusive)(*writer_conn_);
        writer_conn_->exec_script("COMMIT");
      } catch (...) {
        rollback_quietly();
        throw;
      }
    } catch (...) {
      job.exclusive_failure = std::current_exception();
    }
    job.done.set_value();
  }

  void rollback_quietly() {
    try {
      if (writer_conn_) writer_conn_->exec_script("ROLLBACK");
    } catch (const std::exception& e) {
      log::warn("db.rollback_failed", {{"reason", e.what()}});
    }
  }

  /// Runs one job inside its savepoint; returns false when the transaction as a whole is unusable.
  bool run_job(Job& job) {
    Conn& c = *writer_conn_;
    c.exec_script("SAVEPOINT anxin_tx");
    bool keep = false;
    try {
      keep = (*job.body)(c);
    } catch (const DbError& e) {
      if (e.kind() != DbErrorKind::kUniqueViolation && e.kind() != DbErrorKind::kForeignKeyViolation &&
          e.kind() != DbErrorKind::kCheckViolation) {
        log::error("db.statement_failed", {{"reason", e.what()}});
      }
      job.error = error_from_db(e);
    } catch (const ErrorException& e) {
      job.error = e.error();
    } catch (const std::exception& e) {
      log::error("db.transaction_failed", {{"reason", e.what()}});
      job.error = Error::internal();
    }
    if (keep && !job.error) {
      c.exec_script("RELEASE SAVEPOINT anxin_tx");
    } else {
      c.exec_script("ROLLBACK TO SAVEPOINT anxin_tx");
      c.exec_script("RELEASE SAVEPOINT anxin_tx");
    }
    return true;
  }

  void run_batch(std::vector<Job*>& batch) {
    const auto start = std::chrono::steady_clock::now();
    bool committed = false;
    try {
      ensure_writer();
      writer_conn_->begin_write();
      for (Job* job : batch) run_job(*job);
      writer_conn_->exec_script("COMMIT");
      committed = true;
    } catch (const std::exception& e) {
      log::error("db.commit_failed", {{"reason", e.what()}, {"batch", batch.size()}});
      rollback_quietly();
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    auto& m = metrics::global();
    m.observe("anxin_db_commit_seconds", {}, seconds, metrics::Registry::latency_buckets());
    m.observe("anxin_db_commit_batch_size", {}, static_cast<double>(batch.size()), metrics::Registry::size_buckets());
    {
      std::lock_guard lock(queue_mu_);
      stats_.commits += committed ? 1 : 0;
      stats_.transactions += committed ? batch.size() : 0;
    }
    for (Job* job : batch) {
      if (!committed) job->error = Error::unavailable("common.db_unavailable");
      job->done.set_value();
    }
  }

  Backend backend_;
  Opener opener_;
  std::size_t read_pool_max_;
  std::size_t max_batch_;

  std::mutex pool_mu_;
  std::condition_variable pool_cv_;
  std::vector<std::unique_ptr<BackendConn>> idle_;
  std::size_t open_readers_ = 0;

  std::unique_ptr<BackendConn> writer_conn_;
  mutable std::mutex queue_mu_;
  std::condition_variable queue_cv_;
  std::deque<Job*> queue_;
  bool stopping_ = false;
  WriterStats stats_;
  std::thread writer_;

  std::mutex checkpoint_mu_;
  std::condition_variable checkpoint_cv_;
  bool checkpoint_stop_ = false;
  std::thread checkpointer_;
};

}  // namespace

std::unique_ptr<Database> Database::open(const Options& options) {
  const std::string& url = options.url;
  if (url.starts_with("postgresql://") || url.starts_with("postgres://")) {
    return std::make_unique<GroupCommitDatabase>(
        Backend::kPostgres, [url](bool) { return detail::open_postgres(url); }, options);
  }
  std::string path = url;
  if (path.starts_with("sqlite:")) path = path.substr(7);
  if (path.empty()) throw DbError(DbErrorKind::kConnection, "empty SQLite path");
  return std::make_unique<GroupCommitDatabase>(
      Backend::kSqlite, [path](bool reader) { return detail::open_sqlite(path, reader); }, options);
}

}  // namespace anxin::db
