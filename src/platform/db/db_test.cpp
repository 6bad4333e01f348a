// Storage conformance suite: every test runs against the backend named by ANXIN_TEST_BACKEND
// (sqlite: a temporary file; postgres: a fresh schema on the server in ANXIN_TEST_PG_URL).
#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <thread>

#include "platform/db/database.hpp"
#include "platform/db/migrator.hpp"
#include "platform/db/testing.hpp"

namespace anxin::db {
namespace {

class DbTest : public ::testing::Test {
 protected:
  void SetUp() override {
    test_db_ = std::make_unique<testing::TestDatabase>(/*migrate=*/false);
    db_ = &test_db_->db();
  }
  void TearDown() override { test_db_.reset(); }

  void make_table() {
    db_->run_exclusive([](Conn& c) {
      c.exec_script(
          "CREATE TABLE items (id BIGINT PRIMARY KEY, name TEXT NOT NULL UNIQUE, amount_fen BIGINT, data BYTEA)");
    });
  }

  std::int64_t count_items() {
    return db_->read([](Conn& c) { return c.query("SELECT COUNT(*) AS n FROM items").front().int64("n"); });
  }

  std::unique_ptr<testing::TestDatabase> test_db_;
  Database* db_ = nullptr;
};

TEST_F(DbTest, RoundTripsEveryValueType) {
  make_table();
  const Blob bytes{0, 1, 2, 255, 0};
  auto r = db_->write([&](Conn& c) -> Result<Unit> {
    c.exec("INSERT INTO items (id, name, amount_fen, data) VALUES ($1, $2, $3, $4)", std::int64_t{1}, "张三的订单",
           std::int64_t{9007199254740993}, bytes);
    c.exec("INSERT INTO items (id, name, amount_fen, data) VALUES ($1, $2, $3, $4)", std::int64_t{2}, "null row",
           Value{}, Value{});
    return Unit{};
  });
  ASSERT_TRUE(r.ok());
  auto rows = db_->read([](Conn& c) { return c.query("SELECT id, name, amount_fen, data FROM items ORDER BY id"); });
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].text("name"), "张三的订单");
  EXPECT_EQ(rows[0].int64("amount_fen"), 9007199254740993);
  EXPECT_EQ(rows[0].blob("data"), bytes);
  EXPECT_TRUE(rows[1].is_null("amount_fen"));
  EXPECT_TRUE(rows[1].is_null("data"));
}

TEST_F(DbTest, AnEmptyBlobIsNotNull) {
  make_table();
  ASSERT_TRUE(db_->write([](Conn& c) -> Result<Unit> {
                   c.exec("INSERT INTO items (id, name, data) VALUES (1, 'empty', $1)", Blob{});
                   return Unit{};
                 })
                  .ok());
  auto row = db_->read([](Conn& c) { return c.query_one("SELECT data FROM items WHERE id = 1"); });
  EXPECT_FALSE(row->is_null("data"));
  EXPECT_TRUE(row->blob("data").empty());
}

TEST_F(DbTest, PlaceholdersMayRepeatAndComeOutOfOrder) {
  make_table();
  ASSERT_TRUE(db_->write([](Conn& c) -> Result<Unit> {
                   c.exec("INSERT INTO items (id, name, amount_fen) VALUES ($2, $1, $2)", "a", std::int64_t{7});
                   return Unit{};
                 })
                  .ok());
  auto row = db_->read([](Conn& c) { return c.query_one("SELECT name, amount_fen FROM items WHERE id = $1", 7); });
  ASSERT_TRUE(row);
  EXPECT_EQ(row->text("name"), "a");
  EXPECT_EQ(row->int64("amount_fen"), 7);
}

TEST_F(DbTest, FailingTransactionRollsBackAloneInsideABatch) {
  make_table();
  ASSERT_TRUE(db_->write([](Conn& c) -> Result<Unit> {
                   c.exec("INSERT INTO items (id, name) VALUES (100000, 'taken')");
                   return Unit{};
                 })
                  .ok());
  constexpr int kThreads = 32;
  std::atomic<int> ok{0};
  std::atomic<int> conflicts{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] {
      // Every odd writer inserts a valid row and then a duplicate name: it must fail whole.
      auto r = db_->write([&](Conn& c) -> Result<Unit> {
        c.exec("INSERT INTO items (id, name) VALUES ($1, $2)", std::int64_t{i}, "n" + std::to_string(i));
        if (i % 2 == 1) c.exec("INSERT INTO items (id, name) VALUES ($1, $2)", std::int64_t{1000 + i}, "taken");
        return Unit{};
      });
      if (r.ok()) {
        ok++;
      } else if (r.error().code == ErrorCode::kConflict) {
        conflicts++;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok.load(), kThreads / 2);
  EXPECT_EQ(conflicts.load(), kThreads / 2);
  EXPECT_EQ(count_items(), kThreads / 2 + 1);
  auto odd = db_->read([](Conn& c) { return c.query("SELECT id FROM items WHERE id % 2 = 1"); });
  EXPECT_TRUE(odd.empty());
}

TEST_F(DbTest, ErrorResultRollsBackAndIsReturned) {
  make_table();
  auto r = db_->write([](Conn& c) -> Result<int> {
    c.exec("INSERT INTO items (id, name) VALUES (1, 'x')");
    return Error::invalid("common.field_required", {{"field", "name"}});
  });
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message_key, "common.field_required");
  EXPECT_EQ(count_items(), 0);
}

TEST_F(DbTest, ConcurrentWritesAreGroupedIntoFewerCommits) {
  make_table();
  constexpr int kThreads = 64;
  constexpr int kPerThread = 20;
  const auto before = db_->writer_stats();
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        const std::int64_t id = t * 1000 + i;
        auto r = db_->write([&](Conn& c) -> Result<Unit> {
          c.exec("INSERT INTO items (id, name) VALUES ($1, $2)", id, std::to_string(id));
          return Unit{};
        });
        ASSERT_TRUE(r.ok());
      }
    });
  }
  for (auto& t : threads) t.join();
  const auto after = db_->writer_stats();
  EXPECT_EQ(count_items(), kThreads * kPerThread);
  EXPECT_EQ(after.transactions - before.transactions, static_cast<std::uint64_t>(kThreads * kPerThread));
  // With 64 concurrent writers the writer must fold transactions together.
  EXPECT_LT(after.commits - before.commits, after.transactions - before.transactions);
}

TEST_F(DbTest, ForeignKeysAreEnforced) {
  db_->run_exclusive([](Conn& c) {
    c.exec_script(
        "CREATE TABLE parents (id BIGINT PRIMARY KEY);"
        "CREATE TABLE children (id BIGINT PRIMARY KEY, parent_id BIGINT NOT NULL REFERENCES parents (id))");
  });
  auto r = db_->write([](Conn& c) -> Result<Unit> {
    c.exec("INSERT INTO children (id, parent_id) VALUES (1, 42)");
    return Unit{};
  });
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(r.error().message_key, "common.reference_invalid");
}

TEST_F(DbTest, FirstWriteHookRunsOnceInsideTheSameTransaction) {
  make_table();
  {
    ScopedFirstWriteHook hook([](Conn& c) { c.exec("INSERT INTO items (id, name) VALUES (100, 'hook')"); });
    // The first write fails: the hook's row must roll back with it.
    auto bad = db_->write([](Conn&) -> Result<Unit> { return Error::invalid("x"); });
    EXPECT_FALSE(bad.ok());
    EXPECT_TRUE(hook.consumed());
    auto good = db_->write([](Conn& c) -> Result<Unit> {
      c.exec("INSERT INTO items (id, name) VALUES (1, 'one')");
      return Unit{};
    });
    EXPECT_TRUE(good.ok());
  }
  EXPECT_EQ(count_items(), 1);
}

TEST_F(DbTest, EmbeddedMigrationsApplyOnceAndRecordThemselves) {
  const auto migrations = embedded_migrations(db_->backend());
  ASSERT_FALSE(migrations.empty());
  const auto first = migrate(*db_, migrations);
  EXPECT_EQ(first.size(), migrations.size());
  EXPECT_TRUE(migrate(*db_, migrations).empty());
  EXPECT_EQ(applied_versions(*db_).size(), migrations.size());
}

TEST_F(DbTest, FailedMigrationLeavesDatabaseAsItWas) {
  std::vector<Migration> ms{{1, "0001_ok", "CREATE TABLE a (id BIGINT PRIMARY KEY)"},
                            {2, "0002_broken", "CREATE TABLE b (id BIGINT PRIMARY KEY); THIS IS NOT SQL"}};
  EXPECT_ANY_THROW(migrate(*db_, ms));
  EXPECT_EQ(applied_versions(*db_), std::vector<int>{1});
  // Table b must not exist: the failed migration's first statement was rolled back too.
  EXPECT_ANY_THROW(db_->read([](Conn& c) { return c.query("SELECT * FROM b"); }));
}

TEST_F(DbTest, ReadersSeeCommittedWritesImmediately) {
  make_table();
  for (int i = 0; i < 20; ++i) {
    ASSERT_TRUE(db_->write([&](Conn& c) -> Result<Unit> {
                     c.exec("INSERT INTO items (id, name) VALUES ($1, $2)", std::int64_t{i}, std::to_string(i));
                     return Unit{};
                   })
                    .ok());
    EXPECT_EQ(count_items(), i + 1);
  }
}

TEST(MigrationNames, ParseVersions) {
  EXPECT_EQ(migration_version("0002_identity_departments"), 2);
  EXPECT_EQ(migration_version("12_x"), 0);
  EXPECT_EQ(migration_version("abcd_x"), 0);
}

TEST(MigrationFolders, BothBackendsHaveTheSameNumbers) {
  std::vector<std::pair<int, std::string>> lite;
  std::vector<std::pair<int, std::string>> pg;
  for (const auto& m : embedded_migrations(Backend::kSqlite)) lite.emplace_back(m.version, m.name);
  for (const auto& m : embedded_migrations(Backend::kPostgres)) pg.emplace_back(m.version, m.name);
  EXPECT_EQ(lite, pg);
  for (std::size_t i = 0; i < lite.size(); ++i) EXPECT_EQ(lite[i].first, static_cast<int>(i + 1)) << "gap in numbering";
}

}  // namespace
}  // namespace anxin::db
