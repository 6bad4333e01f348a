#include "platform/crypto/key_ring.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <random>

#include "platform/crypto/crypto.hpp"
#include "platform/crypto/master_key.hpp"
#include "platform/db/testing.hpp"

namespace anxin::crypto {
namespace {

namespace fs = std::filesystem;

fs::path temp_dir() {
  std::random_device rd;
  return fs::temp_directory_path() / ("anxin-keys-" + std::to_string(rd()) + std::to_string(rd()));
}

mode_t mode_of(const fs::path& p) {
  struct stat st {};
  EXPECT_EQ(::stat(p.c_str(), &st), 0);
  return st.st_mode & 07777;
}

bool contains(const db::Blob& haystack, std::string_view needle) {
  return std::search(haystack.begin(), haystack.end(), needle.begin(), needle.end()) != haystack.end();
}

std::string open_error(db::Database& db, const KeyRingOptions& options) {
  try {
    KeyRing::open(db, options);
  } catch (const std::runtime_error& e) {
    return e.what();
  }
  return "";
}

class KeyRingTest : public ::testing::Test {
 protected:
  KeyRingTest() {
    const std::string blob = tdb_.db().backend() == db::Backend::kPostgres ? "BYTEA" : "BLOB";
    tdb_.db().run_exclusive(
        [&](db::Conn& c) { c.exec_script("CREATE TABLE people (id BIGINT PRIMARY KEY, phone_enc " + blob + ")"); });
  }
  ~KeyRingTest() override { fs::remove_all(dir_); }

  KeyRingOptions options(CipherSuite suite = CipherSuite::kXChaCha20Poly1305) const {
    return {.data_dir = dir_.string(), .suite = suite};
  }
  std::unique_ptr<KeyRing> open(CipherSuite suite = CipherSuite::kXChaCha20Poly1305) {
    auto ring = KeyRing::open(tdb_.db(), options(suite));
    ring->register_column({.table = "people", .column = "phone_enc"});
    return ring;
  }

  db::testing::TestDatabase tdb_;
  fs::path dir_ = temp_dir();
};

TEST_F(KeyRingTest, RoundTripsWithFreshNonces) {
  auto ring = open();
  EXPECT_EQ(ring->active_version(), 1u);
  const auto a = ring->encrypt("people", "phone_enc", 7, "13812345678");
  const auto b = ring->encrypt("people", "phone_enc", 7, "13812345678");
  EXPECT_NE(a, b);
  EXPECT_EQ(a[0], 1);  // XChaCha20-Poly1305
  EXPECT_EQ(KeyRing::key_version_of(a), 1u);
  EXPECT_EQ(a.size(), 5u + 24u + 11u + 16u);
  EXPECT_FALSE(contains(a, "13812345678"));
  EXPECT_FALSE(contains(a, "1381234"));
  EXPECT_EQ(ring->decrypt("people", "phone_enc", 7, a).value(), "13812345678");
  EXPECT_EQ(ring->decrypt("people", "phone_enc", 7, b).value(), "13812345678");
  EXPECT_EQ(ring->decrypt("t", "c", 1, ring->encrypt("t", "c", 1, "")).value(), "");
  const std::string long_text(5000, 'x');
  EXPECT_EQ(ring->decrypt("t", "c", 1, ring->encrypt("t", "c", 1, "北京市" + long_text)).value(), "北京市" + long_text);
}

TEST_F(KeyRingTest, CiphertextIsBoundToItsCell) {
  auto ring = open();
  const auto ct = ring->encrypt("people", "phone_enc", 7, "13812345678");
  for (const auto& r : {ring->decrypt("people", "phone_enc", 8, ct), ring->decrypt("people", "name_enc", 7, ct),
                        ring->decrypt("staff", "phone_enc", 7, ct)}) {
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::kInternal);
    EXPECT_EQ(r.error().message_key, "crypto.decrypt_failed");
  }
}

TEST_F(KeyRingTest, AnyFlippedByteOrTruncationFails) {
  auto ring = open();
  const auto ct = ring->encrypt("people", "phone_enc", 7, "13812345678");
  for (std::size_t i = 0; i < ct.size(); ++i) {
    auto bad = ct;
    bad[i] ^= 0x01;
    EXPECT_FALSE(ring->decrypt("people", "phone_enc", 7, bad).ok()) << "byte " << i;
  }
  for (std::size_t n : {0, 1, 5, 20, 44}) {
    EXPECT_FALSE(ring->decrypt("people", "phone_enc", 7, db::Blob(ct.begin(), ct.begin() + static_cast<long>(n))).ok());
  }
  auto unknown = ct;
  unknown[4] = 99;  // key version 99 does not exist
  EXPECT_EQ(ring->decrypt("people", "phone_enc", 7, unknown).error().message_key, "crypto.decrypt_failed");
}

TEST_F(KeyRingTest, CreatesAPrivateKeyFileAndReusesIt) {
  const auto ct = open()->encrypt("people", "phone_enc", 1, "secret");
  const fs::path file = master_key_path(dir_.string());
  ASSERT_TRUE(fs::exists(file));
  EXPECT_EQ(mode_of(file), 0600u);
  EXPECT_EQ(mode_of(file.parent_path()), 0700u);
  EXPECT_EQ(open()->decrypt("people", "phone_enc", 1, ct).value(), "secret");
}

TEST_F(KeyRingTest, RefusesAKeyFileReadableByOthers) {
  open();
  const fs::path file = master_key_path(dir_.string());
  ASSERT_EQ(::chmod(file.c_str(), 0644), 0);
  const std::string error = open_error(tdb_.db(), options());
  EXPECT_NE(error.find(file.string()), std::string::npos) << error;
  EXPECT_NE(error.find("chmod 600"), std::string::npos) << error;
  ASSERT_EQ(::chmod(file.c_str(), 0640), 0);
  EXPECT_NE(open_error(tdb_.db(), options()).find("chmod 600"), std::string::npos);
  ASSERT_EQ(::chmod(file.c_str(), 0600), 0);
  EXPECT_EQ(open_error(tdb_.db(), options()), "");
}

TEST_F(KeyRingTest, AcceptsARawKeyFile) {
  fs::create_directories(dir_ / "keys");
  const fs::path file = master_key_path(dir_.string());
  {
    std::ofstream out(file, std::ios::binary);
    out << std::string(32, '\x07');
  }
  ::chmod(file.c_str(), 0600);
  auto ring = open();
  const auto ct = ring->encrypt("people", "phone_enc", 1, "x");
  // The same 32 bytes in base64 through the environment unwrap the same data keys.
  KeyRingOptions env_options{.data_dir = (dir_ / "elsewhere").string()};
  env_options.env[std::string(kMasterKeyEnv)] = "BwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwc=";
  EXPECT_EQ(KeyRing::open(tdb_.db(), env_options)->decrypt("people", "phone_enc", 1, ct).value(), "x");
}

TEST_F(KeyRingTest, RefusesAWrongMasterKey) {
  open();
  KeyRingOptions other = options();
  other.env[std::string(kMasterKeyEnv)] = new_master_key_base64();
  EXPECT_NE(open_error(tdb_.db(), other).find("master key does not match this database"), std::string::npos);
}

TEST_F(KeyRingTest, DoesNotInventAMasterKeyForAnExistingDatabase) {
  open();
  const fs::path elsewhere = dir_ / "elsewhere";
  const std::string error = open_error(tdb_.db(), {.data_dir = elsewhere.string()});
  EXPECT_NE(error.find("master key not found"), std::string::npos) << error;
  EXPECT_FALSE(fs::exists(master_key_path(elsewhere.string())));
}

TEST_F(KeyRingTest, HonoursCreateIfMissing) {
  const std::string error = open_error(tdb_.db(), {.data_dir = dir_.string(), .create_if_missing = false});
  EXPECT_NE(error.find("master key not found"), std::string::npos) << error;
  EXPECT_FALSE(fs::exists(master_key_path(dir_.string())));
}

TEST_F(KeyRingTest, MasterKeyFromTheEnvironment) {
  KeyRingOptions o = options();
  o.env[std::string(kMasterKeyEnv)] = new_master_key_base64();
  const auto ct = KeyRing::open(tdb_.db(), o)->encrypt("people", "phone_enc", 3, "13900001111");
  EXPECT_FALSE(fs::exists(master_key_path(dir_.string())));  // no file when the environment has the key
  EXPECT_EQ(KeyRing::open(tdb_.db(), o)->decrypt("people", "phone_enc", 3, ct).value(), "13900001111");
  // Without it, the file-based default has no key for this database.
  EXPECT_NE(open_error(tdb_.db(), options()).find("master key not found"), std::string::npos);
  o.env[std::string(kMasterKeyEnv)] = "c2hvcnQ=";  // 5 bytes
  EXPECT_NE(open_error(tdb_.db(), o).find("ANXIN_MASTER_KEY"), std::string::npos);
}

TEST_F(KeyRingTest, BlindIndexIsKeyedAndStable) {
  auto ring = open();
  const std::string a = ring->blind_index("mobile", "13812345678");
  EXPECT_EQ(a.size(), 64u);
  EXPECT_EQ(a, ring->blind_index("mobile", "13812345678"));
  EXPECT_EQ(a, open()->blind_index("mobile", "13812345678"));  // survives a restart
  EXPECT_NE(a, ring->blind_index("mobile", "13812345679"));
  EXPECT_NE(a, ring->blind_index("resident_id", "13812345678"));
  EXPECT_NE(a, sha256_hex("mobile|13812345678"));  // not an unkeyed hash
  // Another database has its own blind-index key, even under the same master key.
  db::testing::TestDatabase other;
  EXPECT_NE(a, KeyRing::open(other.db(), options())->blind_index("mobile", "13812345678"));
}

TEST_F(KeyRingTest, Sm4SuiteRoundTripsAndCrossDecrypts) {
  auto chacha = open();
  auto sm4 = open(CipherSuite::kSm4);
  const auto ct = sm4->encrypt("people", "phone_enc", 9, "13812345678");
  const auto expected_suite =
      detail::sm4_gcm_available() ? detail::WireSuite::kSm4Gcm : detail::WireSuite::kSm4CtrHmacSm3;
  EXPECT_EQ(ct[0], static_cast<std::uint8_t>(expected_suite));
  EXPECT_EQ(KeyRing::key_version_of(ct), 1u);
  EXPECT_FALSE(contains(ct, "13812345678"));
  EXPECT_NE(ct, sm4->encrypt("people", "phone_enc", 9, "13812345678"));
  EXPECT_EQ(sm4->decrypt("people", "phone_enc", 9, ct).value(), "13812345678");
  EXPECT_EQ(chacha->decrypt("people", "phone_enc", 9, ct).value(), "13812345678");
  const auto ct2 = chacha->encrypt("people", "phone_enc", 9, "13812345678");
  EXPECT_EQ(sm4->decrypt("people", "phone_enc", 9, ct2).value(), "13812345678");
  EXPECT_EQ(sm4->decrypt("people", "phone_enc", 9, sm4->encrypt("people", "phone_enc", 9, "")).value(), "");
}

TEST_F(KeyRingTest, Sm4SuiteDetectsTamperingAndMisplacement) {
  auto sm4 = open(CipherSuite::kSm4);
  const auto ct = sm4->encrypt("people", "phone_enc", 9, "13812345678");
  for (std::size_t i = 0; i < ct.size(); ++i) {
    auto bad = ct;
    bad[i] ^= 0x80;
    EXPECT_FALSE(sm4->decrypt("people", "phone_enc", 9, bad).ok()) << "byte " << i;
  }
  EXPECT_FALSE(sm4->decrypt("people", "phone_enc", 10, ct).ok());
  EXPECT_FALSE(sm4->decrypt("people", "other", 9, ct).ok());
  EXPECT_FALSE(sm4->decrypt("people", "phone_enc", 9, db::Blob(ct.begin(), ct.end() - 1)).ok());
}

TEST_F(KeyRingTest, AnotherInstanceLearnsNewKeys) {
  auto a = open();
  auto b = open();  // e.g. another process on the same PostgreSQL
  const std::uint32_t v = a->add_field_key();
  EXPECT_EQ(v, 3u);  // 1 = first field key, 2 = blind-index key
  const auto ct = a->encrypt("people", "phone_enc", 1, "x");
  EXPECT_EQ(KeyRing::key_version_of(ct), 3u);
  EXPECT_EQ(b->decrypt("people", "phone_enc", 1, ct).value(), "x");
  EXPECT_EQ(b->active_version(), 3u);
}

TEST_F(KeyRingTest, RegistryRefusesUnsafeNames) {
  auto ring = open();
  EXPECT_THROW(ring->register_column({.table = "people; DROP TABLE x", .column = "c"}), std::invalid_argument);
  EXPECT_THROW(ring->register_column({.table = "people", .column = "Phone"}), std::invalid_argument);
  EXPECT_THROW(ring->register_column({.table = "people", .column = "c", .id_column = ""}), std::invalid_argument);
  ring->register_column({.table = "people", .column = "phone_enc"});  // duplicate: ignored
  EXPECT_EQ(ring->columns().size(), 1u);
}

TEST_F(KeyRingTest, RetireRefusesUnknownBlindAndActiveKeys) {
  auto ring = open();
  EXPECT_EQ(ring->retire_key(99).error().message_key, "crypto.key_not_found");
  EXPECT_EQ(ring->retire_key(2).error().message_key, "crypto.key_not_found");  // blind-index key
  auto active = ring->retire_key(1);
  EXPECT_EQ(active.error().message_key, "crypto.key_still_in_use");
  EXPECT_EQ(active.error().code, ErrorCode::kConflict);
}

std::string phone(std::int64_t id) { return fmt::format("138{:08d}", id); }

TEST_F(KeyRingTest, RotationResumesAfterACrashAndThenRetires) {
  constexpr std::int64_t kRows = 1000;
  auto ring = open();
  ASSERT_TRUE(tdb_.db()
                  .write([&](db::Conn& c) -> Status {
                    for (std::int64_t id = 1; id <= kRows; ++id) {
                      if (id % 100 == 0) {
                        c.exec("INSERT INTO people (id, phone_enc) VALUES ($1, NULL)", id);
                      } else {
                        c.exec("INSERT INTO people (id, phone_enc) VALUES ($1, $2)", id,
                               ring->encrypt("people", "phone_enc", id, phone(id)));
                      }
                    }
                    return ok_status();
                  })
                  .ok());
  const db::Blob old_ct = ring->encrypt("people", "phone_enc", 5, phone(5));
  const std::uint32_t v2 = ring->add_field_key();
  EXPECT_EQ(ring->active_version(), v2);

  struct Crash {};
  std::vector<RotationProgress> seen;
  EXPECT_THROW((void)ring->reencrypt_all(
                   [&](const RotationProgress& p) {
                     seen.push_back(p);
                     if (p.rows_done >= 495) throw Crash{};
                   },
                   99),
               Crash);
  ASSERT_EQ(seen.size(), 5u);
  EXPECT_EQ(seen.back().rows_done, 495);
  EXPECT_EQ(seen.back().rows_total, 990);  // NULL cells are not counted
  EXPECT_EQ(seen.back().table, "people");

  auto versions = [&] {
    return tdb_.db().read([](db::Conn& c) {
      std::map<std::uint32_t, int> out;
      for (const auto& row : c.query("SELECT phone_enc FROM people WHERE phone_enc IS NOT NULL")) {
        ++out[KeyRing::key_version_of(row.blob("phone_enc"))];
      }
      return out;
    });
  };
  auto half = versions();
  EXPECT_EQ(half[1], 495);
  EXPECT_EQ(half[v2], 495);
  EXPECT_EQ(ring->retire_key(1).error().message_key, "crypto.key_still_in_use");
  ring.reset();

  // Restart: a new key ring on the same database and data directory resumes after the last batch.
  auto restarted = open();
  EXPECT_EQ(restarted->active_version(), v2);
  std::vector<RotationProgress> resumed;
  ASSERT_TRUE(restarted->reencrypt_all([&](const RotationProgress& p) { resumed.push_back(p); }, 99).ok());
  ASSERT_FALSE(resumed.empty());
  EXPECT_EQ(resumed.front().rows_done, 495 + 99);  // did not start over
  EXPECT_EQ(resumed.back().rows_done, 990);

  auto done = versions();
  EXPECT_EQ(done.size(), 1u);
  EXPECT_EQ(done[v2], 990);
  const auto rows = tdb_.db().read([](db::Conn& c) { return c.query("SELECT id, phone_enc FROM people ORDER BY id"); });
  ASSERT_EQ(rows.size(), static_cast<std::size_t>(kRows));
  for (const auto& row : rows) {
    const std::int64_t id = row.int64("id");
    if (id % 100 == 0) {
      EXPECT_TRUE(row.is_null("phone_enc"));
      continue;
    }
    auto plain = restarted->decrypt("people", "phone_enc", id, row.blob("phone_enc"));
    ASSERT_TRUE(plain.ok()) << id;
    EXPECT_EQ(*plain, phone(id));
  }
  // The finished column is marked done for the new key.
  const auto marks =
      tdb_.db().read([](db::Conn& c) { return c.query("SELECT target_version, last_id FROM key_rotation_progress"); });
  ASSERT_EQ(marks.size(), 1u);
  EXPECT_EQ(marks.front().int64("target_version"), static_cast<std::int64_t>(v2));

  // A second run (or one resumed after a crash in a later column) does not rescan it.
  int reports = 0;
  ASSERT_TRUE(restarted->reencrypt_all([&](const RotationProgress&) { ++reports; }).ok());
  EXPECT_EQ(reports, 0);
  EXPECT_EQ(versions()[v2], 990);

  ASSERT_TRUE(restarted->retire_key(1).ok());
  EXPECT_TRUE(restarted->retire_key(1).ok());  // idempotent
  EXPECT_EQ(restarted->retire_key(v2).error().message_key, "crypto.key_still_in_use");
  // A retired key still decrypts what it made; new ciphertexts use the active key.
  EXPECT_EQ(restarted->decrypt("people", "phone_enc", 5, old_ct).value(), phone(5));
  auto after = open();
  EXPECT_EQ(after->active_version(), v2);
  EXPECT_EQ(after->decrypt("people", "phone_enc", 5, old_ct).value(), phone(5));
  EXPECT_EQ(KeyRing::key_version_of(after->encrypt("people", "phone_enc", 5, "x")), v2);
}

TEST_F(KeyRingTest, AColumnOfLargeValuesRotatesInItsOwnSmallBatches) {
  const std::string blob = tdb_.db().backend() == db::Backend::kPostgres ? "BYTEA" : "BLOB";
  tdb_.db().run_exclusive(
      [&](db::Conn& c) { c.exec_script("CREATE TABLE files (id BIGINT PRIMARY KEY, content_enc " + blob + ")"); });
  auto ring = open();
  ring->register_column({.table = "files", .column = "content_enc", .batch_size = 4});
  ASSERT_TRUE(tdb_.db()
                  .write([&](db::Conn& c) -> Status {
                    for (std::int64_t id = 1; id <= 10; ++id) {
                      c.exec("INSERT INTO people (id, phone_enc) VALUES ($1, $2)", id,
                             ring->encrypt("people", "phone_enc", id, phone(id)));
                      c.exec("INSERT INTO files (id, content_enc) VALUES ($1, $2)", id,
                             ring->encrypt("files", "content_enc", id, std::string(1000, static_cast<char>('a' + id))));
                    }
                    return ok_status();
                  })
                  .ok());
  ring->add_field_key();
  std::map<std::string, std::vector<std::int64_t>> progress;
  ASSERT_TRUE(ring->reencrypt_all([&](const RotationProgress& p) { progress[p.table].push_back(p.rows_done); }).ok());
  EXPECT_EQ(progress["people"], std::vector<std::int64_t>({10}));  // the default batch (200)
  EXPECT_EQ(progress["files"], std::vector<std::int64_t>({4, 8, 10}));
  for (std::int64_t id = 1; id <= 10; ++id) {
    const auto ct = tdb_.db().read([&](db::Conn& c) {
      return c.query_one("SELECT content_enc FROM files WHERE id = $1", id)->blob("content_enc");
    });
    EXPECT_EQ(KeyRing::key_version_of(ct), ring->active_version());
    EXPECT_EQ(ring->decrypt("files", "content_enc", id, ct).value(), std::string(1000, static_cast<char>('a' + id)));
  }
  ASSERT_TRUE(ring->retire_key(1).ok());
}

TEST_F(KeyRingTest, RotationToAnotherSuite) {
  auto chacha = open();
  ASSERT_TRUE(tdb_.db()
                  .write([&](db::Conn& c) -> Status {
                    for (std::int64_t id = 1; id <= 10; ++id) {
                      c.exec("INSERT INTO people (id, phone_enc) VALUES ($1, $2)", id,
                             chacha->encrypt("people", "phone_enc", id, phone(id)));
                    }
                    return ok_status();
                  })
                  .ok());
  auto sm4 = open(CipherSuite::kSm4);
  sm4->add_field_key();
  ASSERT_TRUE(sm4->reencrypt_all(nullptr, 3).ok());
  const auto rows = tdb_.db().read([](db::Conn& c) { return c.query("SELECT id, phone_enc FROM people ORDER BY id"); });
  for (const auto& row : rows) {
    const auto ct = row.blob("phone_enc");
    EXPECT_NE(ct[0], 1) << "still XChaCha20";
    EXPECT_EQ(chacha->decrypt("people", "phone_enc", row.int64("id"), ct).value(), phone(row.int64("id")));
  }
}

}  // namespace
}  // namespace anxin::crypto
