#include "modules/audit/audit_log.hpp"

#include <gtest/gtest.h>

#include <array>
#include <atomic>
#include <set>
#include <thread>

#include "modules/audit/audit_chain.hpp"
#include "platform/db/testing.hpp"

namespace anxin::audit {
namespace {

constexpr std::int64_t kDayMs = 86'400'000;

std::array<std::uint8_t, SigningKey::kSeedBytes> seed(std::uint8_t b) {
  std::array<std::uint8_t, SigningKey::kSeedBytes> s{};
  s.fill(b);
  return s;
}

AuditEvent event(int i) {
  return {.actor = {.user_id = 100 + i % 3,
                    .username = "user" + std::to_string(i % 3),
                    .ip = "10.0.0.1",
                    .request_id = "req-" + std::to_string(i)},
          .action = i % 2 == 0 ? "create" : "update",
          .entity = i % 4 == 0 ? "user" : "department",
          .entity_id = std::to_string(i),
          .department_id = i % 5,
          .before = i % 2 == 0 ? nlohmann::json(nullptr) : nlohmann::json{{"name", "旧" + std::to_string(i)}},
          .after = {{"name", "新" + std::to_string(i)}, {"phone", "138****0000"}}};
}

class AuditLogTest : public ::testing::Test {
 protected:
  db::testing::TestDatabase tdb_;
  ManualClock clock_{SystemClock().now_ms()};
  AuditLog log_{tdb_.db(), clock_, SigningKey::from_seed(seed(7))};

  bool pg() { return tdb_.db().backend() == db::Backend::kPostgres; }

  void append_n(int n, int first = 1) {
    for (int i = first; i < first + n; ++i) {
      clock_.advance_ms(1000);
      ASSERT_TRUE(log_.append_now(event(i)).ok());
    }
  }

  void sql(const std::string& script) {
    tdb_.db().run_exclusive([&](db::Conn& c) { c.exec_script(script); });
  }

  ChainRow row(std::int64_t seq) {
    return tdb_.db().read(
        [&](db::Conn& c) { return chain_row_from(*c.query_one("SELECT * FROM audit_log WHERE seq = $1", seq)); });
  }

  std::int64_t count() {
    return tdb_.db().read([](db::Conn& c) { return c.query_one("SELECT COUNT(*) AS n FROM audit_log")->int64("n"); });
  }

  /// What someone who owns the database does before tampering: switch the guards off.
  void disable_guards() {
    if (pg()) {
      sql("ALTER TABLE audit_log DISABLE TRIGGER ALL; ALTER TABLE audit_head DISABLE TRIGGER ALL;"
          "ALTER TABLE audit_checkpoints DISABLE TRIGGER ALL; ALTER TABLE audit_retention DISABLE TRIGGER ALL");
      return;
    }
    tdb_.db().run_exclusive([](db::Conn& c) {
      for (const auto& r :
           c.query("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name LIKE 'audit%'")) {
        c.exec_script("DROP TRIGGER " + r.text("name"));
      }
    });
  }

  void expect_bad(const VerifyReport& r, const std::string& problem, std::int64_t seq) {
    EXPECT_FALSE(r.ok);
    EXPECT_EQ(r.problem, problem) << r.message;
    ASSERT_TRUE(r.first_bad_seq.has_value()) << r.message;
    EXPECT_EQ(*r.first_bad_seq, seq) << r.message;
    EXPECT_FALSE(r.message.empty());
  }
};

TEST_F(AuditLogTest, CleanChainVerifiesWithCounts) {
  append_n(10);
  auto cp = log_.checkpoint();
  ASSERT_TRUE(cp.ok());
  EXPECT_EQ(cp->seq, 10);
  append_n(3, 11);
  std::vector<std::pair<std::int64_t, std::int64_t>> calls;
  auto r = log_.verify([&](std::int64_t done, std::int64_t total) { calls.emplace_back(done, total); });
  EXPECT_TRUE(r.ok) << r.message;
  EXPECT_EQ(r.records_checked, 13);
  EXPECT_EQ(r.checkpoints_checked, 1);
  EXPECT_FALSE(r.first_bad_seq.has_value());
  ASSERT_FALSE(calls.empty());
  EXPECT_EQ(calls.back(), std::make_pair(std::int64_t{13}, std::int64_t{13}));

  const ChainRow first = row(1);
  EXPECT_EQ(first.prev_hash, kGenesisHash);
  EXPECT_EQ(first.hash, chain_hash(first));
  EXPECT_EQ(row(2).prev_hash, first.hash);
  EXPECT_TRUE(first.before_json.has_value());
  EXPECT_EQ(row(2).before_json, std::nullopt);
  EXPECT_EQ(row(2).department_id, 2);
}

TEST_F(AuditLogTest, CanonicalFormSeparatesFields) {
  ChainRow a{.seq = 1, .at = 2, .action = "ab", .entity = "c", .outcome = "success", .prev_hash = "0"};
  ChainRow b = a;
  b.action = "a";
  b.entity = "bc";
  EXPECT_NE(canonical_form(a), canonical_form(b));
  ChainRow n = a;
  n.reason = "";
  EXPECT_NE(chain_hash(a), chain_hash(n));  // NULL and empty differ
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST_F(AuditLogTest, VerifyReportsProgressPerBatch) {
  ASSERT_TRUE(tdb_.db()
                  .write([&](db::Conn& c) -> Status {
                    for (int i = 0; i < AuditLog::kVerifyBatch + 100; ++i) log_.append(c, event(i));
                    return ok_status();
                  })
                  .ok());
  std::vector<std::int64_t> done;
  auto r = log_.verify([&](std::int64_t d, std::int64_t total) {
    done.push_back(d);
    EXPECT_EQ(total, AuditLog::kVerifyBatch + 100);
  });
  EXPECT_TRUE(r.ok) << r.message;
  EXPECT_EQ(done, (std::vector<std::int64_t>{AuditLog::kVerifyBatch, AuditLog::kVerifyBatch + 100}));
}

TEST_F(AuditLogTest, FailedTransactionLeavesNoAuditRecord) {
  sql("CREATE TABLE audit_test_things (id BIGINT PRIMARY KEY, name TEXT NOT NULL)");
  auto r = tdb_.db().write([&](db::Conn& c) -> Status {
    c.exec("INSERT INTO audit_test_things (id, name) VALUES (1, 'x')");
    log_.append(c, event(1));
    return Error::invalid("common.field_required", {{"field", "name"}});
  });
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(count(), 0);
  append_n(1);
  EXPECT_EQ(row(1).prev_hash, kGenesisHash);  // the rolled-back append did not move the head
  EXPECT_TRUE(log_.verify().ok);
}

TEST_F(AuditLogTest, FailingAppendFailsTheWholeChange) {
  sql("CREATE TABLE audit_test_things (id BIGINT PRIMARY KEY, name TEXT NOT NULL)");
  append_n(2);
  auto r = tdb_.db().write([&](db::Conn& c) -> Status {
    c.exec("INSERT INTO audit_test_things (id, name) VALUES (1, 'x')");
    // Someone else's row already holds the next sequence number: the append's insert collides.
    c.exec(
        "INSERT INTO audit_log (seq, at, action, entity, outcome, prev_hash, hash) "
        "VALUES (3, 0, 'x', 'x', 'success', 'x', 'x')");
    log_.append(c, event(3));
    return ok_status();
  });
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kInternal);  // not reported as the caller's duplicate
  EXPECT_EQ(tdb_.db().read(
                [](db::Conn& c) { return c.query_one("SELECT COUNT(*) AS n FROM audit_test_things")->int64("n"); }),
            0);
  EXPECT_EQ(count(), 2);
  append_n(1, 3);
  auto v = log_.verify();
  EXPECT_TRUE(v.ok) << v.message;
  EXPECT_EQ(v.records_checked, 3);
}

TEST_F(AuditLogTest, RefusesMalformedEvents) {
  auto e = event(1);
  e.outcome = "maybe";
  EXPECT_FALSE(log_.append_now(e).ok());
  e = event(1);
  e.after = nlohmann::json::array({1, 2});
  EXPECT_FALSE(log_.append_now(e).ok());
  e = event(1);
  e.action.clear();
  EXPECT_FALSE(log_.append_now(e).ok());
  EXPECT_EQ(count(), 0);
}

TEST_F(AuditLogTest, ConcurrentAppendsFormOneChainWithoutGaps) {
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int i = 0; i < 32; ++i) {
    threads.emplace_back([&, i] {
      auto r = tdb_.db().write([&](db::Conn& c) -> Status {
        log_.append(c, event(i));
        return ok_status();
      });
      if (!r.ok()) ++failures;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);
  auto page = log_.search({}, {.page = 1, .page_size = 100});
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->total, 32);
  std::set<std::int64_t> seqs;
  for (const auto& rec : page->items) seqs.insert(rec.seq);
  EXPECT_EQ(seqs.size(), 32u);
  EXPECT_EQ(*seqs.begin(), 1);
  EXPECT_EQ(*seqs.rbegin(), 32);
  auto v = log_.verify();
  EXPECT_TRUE(v.ok) << v.message;
  EXPECT_EQ(v.records_checked, 32);
}

TEST_F(AuditLogTest, TwoProcessesAppendToOneChain) {
  auto other_db = tdb_.open_again();
  AuditLog other(*other_db, clock_, SigningKey::from_seed(seed(7)));
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int i = 0; i < 16; ++i) {
    threads.emplace_back([&, i] {
      if (!(i % 2 == 0 ? log_ : other).append_now(event(i)).ok()) ++failures;
    });
  }
  for (auto& t : threads) t.join();
  other_db->close();
  EXPECT_EQ(failures.load(), 0);
  auto v = log_.verify();
  EXPECT_TRUE(v.ok) << v.message;
  EXPECT_EQ(v.records_checked, 16);
}

TEST_F(AuditLogTest, EditedFieldIsNamed) {
  append_n(10);
  disable_guards();
  sql("UPDATE audit_log SET actor_username = 'mallory' WHERE seq = 5");
  expect_bad(log_.verify(), "hash_mismatch", 5);
}

TEST_F(AuditLogTest, EditedAndRehashedRecordIsNamed) {
  append_n(10);
  disable_guards();
  ChainRow r = row(5);
  r.after_json = R"({"name":"forged"})";
  const std::string hash = chain_hash(r);
  tdb_.db().run_exclusive([&](db::Conn& c) {
    c.exec("UPDATE audit_log SET after_json = $1, hash = $2 WHERE seq = 5", *r.after_json, hash);
  });
  expect_bad(log_.verify(), "hash_mismatch", 5);
}

TEST_F(AuditLogTest, EditedLastRecordIsNamedThroughTheHead) {
  append_n(10);
  disable_guards();
  ChainRow r = row(10);
  r.reason = "forged";
  const std::string hash = chain_hash(r);
  tdb_.db().run_exclusive(
      [&](db::Conn& c) { c.exec("UPDATE audit_log SET reason = 'forged', hash = $1 WHERE seq = 10", hash); });
  expect_bad(log_.verify(), "hash_mismatch", 10);
}

TEST_F(AuditLogTest, DeletedMiddleRecordIsNamed) {
  append_n(10);
  disable_guards();
  sql("DELETE FROM audit_log WHERE seq = 5");
  expect_bad(log_.verify(), "sequence_gap", 5);
}

TEST_F(AuditLogTest, InsertedForgedRecordIsNamed) {
  append_n(10);
  disable_guards();
  // Make room at 5 by shifting the later records up, then forge a well-formed record there.
  sql("UPDATE audit_log SET seq = -seq WHERE seq >= 5; UPDATE audit_log SET seq = 1 - seq WHERE seq < 0");
  const ChainRow before = row(4);
  ChainRow forged{.seq = 5,
                  .at = before.at + 1,
                  .actor_user_id = 1,
                  .actor_username = "admin",
                  .action = "delete",
                  .entity = "user",
                  .entity_id = "42",
                  .outcome = "success",
                  .prev_hash = before.hash};
  forged.hash = chain_hash(forged);
  tdb_.db().run_exclusive([&](db::Conn& c) { insert_chain_row(c, forged); });
  expect_bad(log_.verify(), "inserted", 5);
}

TEST_F(AuditLogTest, FabricatedRecordWithBogusHashIsNamed) {
  append_n(10);
  disable_guards();
  sql("UPDATE audit_log SET seq = -seq WHERE seq >= 5; UPDATE audit_log SET seq = 1 - seq WHERE seq < 0");
  ChainRow forged{.seq = 5,
                  .at = 1,
                  .action = "delete",
                  .entity = "user",
                  .outcome = "success",
                  .prev_hash = std::string(kGenesisHash),
                  .hash = std::string(64, 'a')};
  tdb_.db().run_exclusive([&](db::Conn& c) { insert_chain_row(c, forged); });
  expect_bad(log_.verify(), "hash_mismatch", 5);
}

TEST_F(AuditLogTest, RecordAppendedBehindTheHeadIsNamed) {
  append_n(10);
  disable_guards();
  const ChainRow last = row(10);
  ChainRow forged{
      .seq = 11, .at = last.at + 1, .action = "login", .entity = "user", .outcome = "success", .prev_hash = last.hash};
  forged.hash = chain_hash(forged);
  tdb_.db().run_exclusive([&](db::Conn& c) { insert_chain_row(c, forged); });
  expect_bad(log_.verify(), "inserted", 11);
}

TEST_F(AuditLogTest, SwappedRecordsAreNamed) {
  append_n(10);
  disable_guards();
  sql("UPDATE audit_log SET seq = -5 WHERE seq = 5; UPDATE audit_log SET seq = 5 WHERE seq = 6;"
      "UPDATE audit_log SET seq = 6 WHERE seq = -5");
  expect_bad(log_.verify(), "reordered", 5);
}

TEST_F(AuditLogTest, TruncatedTailCoveredByACheckpointIsNamed) {
  append_n(20);
  ASSERT_TRUE(log_.checkpoint().ok());
  disable_guards();
  const ChainRow r15 = row(15);
  tdb_.db().run_exclusive([&](db::Conn& c) {
    c.exec("DELETE FROM audit_log WHERE seq > 15");
    c.exec("UPDATE audit_head SET seq = 15, hash = $1 WHERE id = 1", r15.hash);  // cover the tracks
  });
  auto v = log_.verify();
  expect_bad(v, "truncated", 16);
  EXPECT_EQ(v.records_checked, 15);
}

TEST_F(AuditLogTest, RewrittenChainIsCaughtByItsCheckpoint) {
  append_n(10);
  ASSERT_TRUE(log_.checkpoint().ok());
  disable_guards();
  // Rewrite record 3 and recompute every later hash: only the signed checkpoint still disagrees.
  tdb_.db().run_exclusive([&](db::Conn& c) {
    std::string prev = chain_row_from(*c.query_one("SELECT * FROM audit_log WHERE seq = 2")).hash;
    for (std::int64_t s = 3; s <= 10; ++s) {
      ChainRow r = chain_row_from(*c.query_one("SELECT * FROM audit_log WHERE seq = $1", s));
      if (s == 3) r.actor_username = "mallory";
      r.prev_hash = prev;
      r.hash = chain_hash(r);
      c.exec("UPDATE audit_log SET actor_username = $1, prev_hash = $2, hash = $3 WHERE seq = $4", r.actor_username,
             r.prev_hash, r.hash, s);
      prev = r.hash;
    }
    c.exec("UPDATE audit_head SET hash = $1 WHERE id = 1", prev);
  });
  expect_bad(log_.verify(), "checkpoint_mismatch", 10);
}

TEST_F(AuditLogTest, TamperedCheckpointSignatureIsNamed) {
  append_n(5);
  auto cp = log_.checkpoint();
  ASSERT_TRUE(cp.ok());
  append_n(5, 6);
  ASSERT_TRUE(log_.checkpoint().ok());
  disable_guards();
  std::string sig = cp->signature_hex;
  sig[0] = sig[0] == '0' ? '1' : '0';
  tdb_.db().run_exclusive(
      [&](db::Conn& c) { c.exec("UPDATE audit_checkpoints SET signature = $1 WHERE seq = 5", sig); });
  auto v = log_.verify();
  expect_bad(v, "checkpoint_signature", 5);
  EXPECT_EQ(v.checkpoints_checked, 2);
}

TEST_F(AuditLogTest, CheckpointSignedByAnotherKeyIsNamed) {
  append_n(5);
  disable_guards();
  const SigningKey mallory = SigningKey::from_seed(seed(9));
  const ChainRow r = row(5);
  tdb_.db().run_exclusive([&](db::Conn& c) {
    c.exec("INSERT INTO audit_checkpoints (seq, hash, signed_at, signature, public_key) VALUES (5, $1, 0, $2, $3)",
           r.hash, mallory.sign_hex(checkpoint_message(5, r.hash)), mallory.public_key_hex());
  });
  expect_bad(log_.verify(), "checkpoint_signature", 5);
}

TEST_F(AuditLogTest, GuardsRefuseChangingOrDeletingYoungRecords) {
  append_n(3);
  ASSERT_TRUE(log_.checkpoint().ok());
  auto refused = [&](const std::string& statement) { EXPECT_THROW(sql(statement), db::DbError) << statement; };
  refused("UPDATE audit_log SET actor_username = 'mallory' WHERE seq = 2");
  refused("DELETE FROM audit_log WHERE seq = 2");
  refused("DELETE FROM audit_log");
  refused("UPDATE audit_checkpoints SET signature = 'x'");
  refused("DELETE FROM audit_checkpoints");
  refused("UPDATE audit_head SET seq = 1 WHERE id = 1");
  refused("DELETE FROM audit_head");
  refused("UPDATE audit_retention SET boundary_seq = -1 WHERE id = 1");
  refused(
      "INSERT INTO audit_log (seq, at, action, entity, outcome, prev_hash, hash) "
      "VALUES (9, 0, 'x', 'x', 'success', 'x', 'x')");
  if (pg()) {
    refused("TRUNCATE audit_log");
    refused("TRUNCATE audit_checkpoints");
  }
  // Through the application's write path too.
  auto r = tdb_.db().write([](db::Conn& c) -> Status {
    c.exec("DELETE FROM audit_log WHERE seq = 1");
    return ok_status();
  });
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(count(), 3);
  auto v = log_.verify();
  EXPECT_TRUE(v.ok) << v.message;
}

TEST_F(AuditLogTest, RetentionNeverRemovesRecordsYoungerThan183Days) {
  clock_.set_ms(SystemClock().now_ms() - 100 * kDayMs);
  append_n(5);
  ASSERT_TRUE(log_.checkpoint().ok());
  clock_.set_ms(SystemClock().now_ms());
  EXPECT_EQ(log_.apply_retention(30), 0);
  EXPECT_EQ(count(), 5);
}

TEST_F(AuditLogTest, RetentionRemovesOldCheckpointedRecordsAndTheChainStillVerifies) {
  const TimestampMs now = SystemClock().now_ms();
  clock_.set_ms(now - 400 * kDayMs);
  append_n(10);
  ASSERT_TRUE(log_.checkpoint().ok());
  append_n(2, 11);  // old, but the next checkpoint also covers young records: kept
  clock_.set_ms(now - 10 * kDayMs);
  append_n(3, 13);
  ASSERT_TRUE(log_.checkpoint().ok());
  clock_.set_ms(now);
  EXPECT_EQ(log_.apply_retention(30), 10);
  EXPECT_EQ(count(), 5);
  EXPECT_EQ(log_.apply_retention(30), 0);
  auto v = log_.verify();
  EXPECT_TRUE(v.ok) << v.message;
  EXPECT_EQ(v.records_checked, 5);
  EXPECT_EQ(v.checkpoints_checked, 2);

  append_n(1, 16);
  v = log_.verify();
  EXPECT_TRUE(v.ok) << v.message;
  EXPECT_EQ(v.records_checked, 6);

  // After retention, removing the oldest remaining record is still caught.
  disable_guards();
  sql("DELETE FROM audit_log WHERE seq = 11");
  expect_bad(log_.verify(), "sequence_gap", 11);
}

TEST_F(AuditLogTest, MovedRetentionBoundaryIsCaught) {
  append_n(10);
  ASSERT_TRUE(log_.checkpoint().ok());
  disable_guards();
  const ChainRow r4 = row(4);
  tdb_.db().run_exclusive([&](db::Conn& c) {
    c.exec("DELETE FROM audit_log WHERE seq <= 4");
    c.exec("UPDATE audit_retention SET boundary_seq = 4, boundary_hash = $1 WHERE id = 1", r4.hash);
  });
  expect_bad(log_.verify(), "checkpoint_mismatch", 5);
}

TEST_F(AuditLogTest, SearchFiltersAndPages) {
  append_n(12);
  ASSERT_TRUE(log_.append_now({.actor = {.user_id = 7, .username = "guard"},
                               .action = "login",
                               .entity = "session",
                               .outcome = "failure",
                               .reason = "wrong password"})
                  .ok());
  auto all = log_.search({}, {.page = 1, .page_size = 5});
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->total, 13);
  ASSERT_EQ(all->items.size(), 5u);
  EXPECT_EQ(all->items[0].seq, 13);  // newest first
  EXPECT_EQ(all->items[0].reason, "wrong password");
  EXPECT_EQ(all->items[0].outcome, "failure");
  EXPECT_TRUE(all->items[0].before.is_null());
  EXPECT_EQ(all->items[4].seq, 9);
  auto page3 = log_.search({}, {.page = 3, .page_size = 5});
  ASSERT_TRUE(page3.ok());
  ASSERT_EQ(page3->items.size(), 3u);
  EXPECT_EQ(page3->items.back().seq, 1);

  EXPECT_EQ(log_.search({.actor_user_id = 101}, {})->total, 4);  // i = 1, 4, 7, 10
  EXPECT_EQ(log_.search({.action = std::string("create")}, {})->total, 6);
  EXPECT_EQ(log_.search({.entity = std::string("user")}, {})->total, 3);  // i = 4, 8, 12
  auto one = log_.search({.entity = std::string("department"), .entity_id = std::string("5")}, {});
  ASSERT_EQ(one->total, 1);
  EXPECT_EQ(one->items[0].after["name"], "新5");
  EXPECT_EQ(one->items[0].before["name"], "旧5");
  EXPECT_EQ(one->items[0].actor.username, "user2");
  EXPECT_EQ(one->items[0].actor.request_id, "req-5");
  EXPECT_EQ(one->items[0].hash, row(5).hash);
  EXPECT_EQ(log_.search({.outcome = std::string("failure")}, {})->total, 1);
  EXPECT_EQ(log_.search({.department_id = 2}, {})->total, 3);  // i = 2, 7, 12

  const ChainRow r3 = row(3);
  const ChainRow r6 = row(6);
  auto range = log_.search({.from = r3.at, .to = r6.at}, {});
  ASSERT_EQ(range->total, 3);  // [3, 6)
  EXPECT_EQ(range->items[0].seq, 5);
  EXPECT_EQ(log_.search({.action = std::string("update"), .from = r3.at, .to = r6.at}, {})->total, 2);

  EXPECT_EQ(log_.search({}, {.page = 0}).error().message_key, "common.field_too_small");
  EXPECT_EQ(log_.search({}, {.page_size = 100000}).error().message_key, "common.field_too_large");
  EXPECT_EQ(log_.search({.outcome = std::string("meh")}, {}).error().message_key, "common.field_enum");
  EXPECT_EQ(log_.search({.from = 10, .to = 5}, {}).error().message_key, "audit.time_range_invalid");
}

TEST_F(AuditLogTest, CheckpointsAreSignedIdempotentAndExportable) {
  EXPECT_EQ(log_.checkpoint().error().message_key, "audit.chain_empty");
  append_n(3);
  auto cp = log_.checkpoint();
  ASSERT_TRUE(cp.ok());
  EXPECT_EQ(cp->seq, 3);
  EXPECT_EQ(cp->hash_hex, row(3).hash);
  EXPECT_EQ(cp->public_key_hex, log_.public_key_hex());
  EXPECT_TRUE(SigningKey::verify_hex(cp->public_key_hex, checkpoint_message(3, cp->hash_hex), cp->signature_hex));
  auto again = log_.checkpoint();
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->signature_hex, cp->signature_hex);
  append_n(2, 4);
  ASSERT_TRUE(log_.checkpoint().ok());

  const auto j = log_.export_checkpoints();
  EXPECT_EQ(j["public_key"], log_.public_key_hex());
  ASSERT_EQ(j["checkpoints"].size(), 2u);
  const auto& first = j["checkpoints"][0];
  EXPECT_EQ(first["seq"], 3);
  EXPECT_EQ(first["hash"], cp->hash_hex);
  EXPECT_EQ(first["signature"], cp->signature_hex);
  EXPECT_EQ(first["public_key"], cp->public_key_hex);
  EXPECT_EQ(first["signed_at"], cp->signed_at);
  EXPECT_TRUE(SigningKey::verify_hex(first["public_key"].get<std::string>(),
                                     checkpoint_message(3, first["hash"].get<std::string>()),
                                     first["signature"].get<std::string>()));
}

}  // namespace
}  // namespace anxin::audit
