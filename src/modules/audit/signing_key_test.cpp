#include "modules/audit/signing_key.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <random>

namespace anxin::audit {
namespace {

namespace fs = std::filesystem;

class SigningKeyTest : public ::testing::Test {
 protected:
  fs::path dir_ = fs::temp_directory_path() / ("anxin-audit-key-" + std::to_string(std::random_device{}()));
  fs::path key_path_ = dir_ / SigningKey::kRelativePath;
  ~SigningKeyTest() override { fs::remove_all(dir_); }

  static unsigned mode_of(const fs::path& p) {
    struct stat st {};
    EXPECT_EQ(::stat(p.c_str(), &st), 0);
    return st.st_mode & 07777;
  }
};

TEST_F(SigningKeyTest, CreatesAPrivateKeyFileAndLoadsItAgain) {
  const SigningKey created = SigningKey::load_or_create(dir_.string());
  ASSERT_TRUE(fs::exists(key_path_));
  EXPECT_EQ(mode_of(key_path_), 0600u);
  EXPECT_EQ(mode_of(key_path_.parent_path()), 0700u);
  EXPECT_EQ(created.public_key_hex().size(), 64u);
  const SigningKey loaded = SigningKey::load_or_create(dir_.string());
  EXPECT_EQ(loaded.public_key_hex(), created.public_key_hex());
  const std::string sig = loaded.sign_hex("7|abc");
  EXPECT_TRUE(SigningKey::verify_hex(created.public_key_hex(), "7|abc", sig));
}

TEST_F(SigningKeyTest, RefusesAKeyFileReadableByOthers) {
  SigningKey::load_or_create(dir_.string());
  fs::permissions(key_path_, static_cast<fs::perms>(0644), fs::perm_options::replace);
  try {
    SigningKey::load_or_create(dir_.string());
    FAIL() << "a world-readable key was accepted";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("chmod 600"), std::string::npos) << e.what();
  }
  fs::permissions(key_path_, static_cast<fs::perms>(0640), fs::perm_options::replace);
  EXPECT_THROW(SigningKey::load_or_create(dir_.string()), std::runtime_error);
}

TEST_F(SigningKeyTest, RefusesAKeyDirectoryWritableByOthers) {
  SigningKey::load_or_create(dir_.string());
  fs::permissions(key_path_.parent_path(), static_cast<fs::perms>(0777), fs::perm_options::replace);
  EXPECT_THROW(SigningKey::load_or_create(dir_.string()), std::runtime_error);
}

TEST_F(SigningKeyTest, RefusesAMalformedKeyFile) {
  SigningKey::load_or_create(dir_.string());
  { std::ofstream(key_path_, std::ios::trunc) << "not hex\n"; }
  EXPECT_THROW(SigningKey::load_or_create(dir_.string()), std::runtime_error);
}

TEST_F(SigningKeyTest, SeededKeysAreDeterministicAndSignaturesBindTheMessage) {
  std::array<std::uint8_t, SigningKey::kSeedBytes> seed{};
  seed.fill(1);
  const SigningKey a = SigningKey::from_seed(seed);
  const SigningKey b = SigningKey::from_seed(seed);
  EXPECT_EQ(a.public_key_hex(), b.public_key_hex());
  seed[0] = 2;
  const SigningKey c = SigningKey::from_seed(seed);
  EXPECT_NE(a.public_key_hex(), c.public_key_hex());

  const std::string sig = a.sign_hex("1|aa");
  EXPECT_EQ(sig.size(), 128u);
  EXPECT_TRUE(SigningKey::verify_hex(a.public_key_hex(), "1|aa", sig));
  EXPECT_FALSE(SigningKey::verify_hex(a.public_key_hex(), "2|aa", sig));
  EXPECT_FALSE(SigningKey::verify_hex(c.public_key_hex(), "1|aa", sig));
  EXPECT_FALSE(SigningKey::verify_hex(a.public_key_hex(), "1|aa", "zz"));
  EXPECT_FALSE(SigningKey::verify_hex("", "1|aa", sig));
}

}  // namespace
}  // namespace anxin::audit
