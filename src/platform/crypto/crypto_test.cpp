#include "platform/crypto/crypto.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <chrono>
#include <regex>
#include <set>

#include "platform/crypto/cipher_suite.hpp"

namespace anxin::crypto {
namespace {

std::string hex(std::span<const std::uint8_t> bytes) {
  std::string out;
  for (auto b : bytes) out += fmt::format("{:02x}", b);
  return out;
}

std::span<const std::uint8_t> bytes_of(std::string_view s) {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

TEST(Random, TokensAreBase64UrlAndDistinct) {
  init();
  const std::string a = random_token();
  const std::string b = random_token();
  EXPECT_EQ(a.size(), 43u);  // 32 bytes, no padding
  EXPECT_NE(a, b);
  EXPECT_TRUE(std::regex_match(a, std::regex("^[A-Za-z0-9_-]+$"))) << a;
  EXPECT_EQ(random_token(16).size(), 22u);
}

TEST(Hashing, KnownAnswers) {
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  // RFC 4231 test case 2.
  EXPECT_EQ(hmac_sha256_hex("Jefe", "what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  // GB/T 32905-2016 example 1.
  EXPECT_EQ(hex(detail::sm3(bytes_of("abc"))), "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0");
  EXPECT_NE(hex(detail::hmac_sm3(bytes_of("k1"), bytes_of("abc"))),
            hex(detail::hmac_sm3(bytes_of("k2"), bytes_of("abc"))));
}

TEST(Hashing, ConstantTimeEqual) {
  EXPECT_TRUE(constant_time_equal("abc", "abc"));
  EXPECT_TRUE(constant_time_equal("", ""));
  EXPECT_FALSE(constant_time_equal("abc", "abd"));
  EXPECT_FALSE(constant_time_equal("abc", "abcd"));
  EXPECT_FALSE(constant_time_equal("", "a"));
}

TEST(Passwords, HashAndVerify) {
  const PasswordParams params;
  const std::string hash = hash_password("correct horse 电池", params);
  EXPECT_TRUE(hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$")) << hash;
  EXPECT_TRUE(verify_password(hash, "correct horse 电池"));
  EXPECT_FALSE(verify_password(hash, "correct horse 电"));
  EXPECT_FALSE(verify_password(hash, ""));
  EXPECT_FALSE(verify_password("not a hash", "x"));
  EXPECT_FALSE(verify_password("", "x"));
  EXPECT_NE(hash_password("same", params), hash_password("same", params));  // random salt
}

TEST(Passwords, NeverWeakerThanTheOwaspMinimum) {
  const std::string hash = hash_password("pw", {.opslimit = 1, .memlimit = 1024 * 1024});
  EXPECT_TRUE(hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$")) << hash;
  EXPECT_FALSE(password_needs_rehash(hash, {.opslimit = 1, .memlimit = 8 * 1024 * 1024}));
}

TEST(Passwords, NeedsRehashWhenParametersChange) {
  const PasswordParams params;
  const std::string hash = hash_password("pw", params);
  EXPECT_FALSE(password_needs_rehash(hash, params));
  EXPECT_TRUE(password_needs_rehash(hash, {.opslimit = 3}));
  EXPECT_TRUE(password_needs_rehash(hash, {.memlimit = 32 * 1024 * 1024}));
  EXPECT_TRUE(password_needs_rehash("garbage", params));
  // An Argon2i hash (not id) is replaced even at matching cost.
  EXPECT_TRUE(password_needs_rehash(
      "$argon2i$v=19$m=19456,t=2,p=1$c29tZXNhbHQ$iWh06vD8Fy27wf9npn6FXWiCX4K6pW6Ue1Bnzz07Z8A", params));
  const std::string stronger = hash_password("pw", {.opslimit = 3});
  EXPECT_TRUE(stronger.find("t=3") != std::string::npos);
  EXPECT_TRUE(verify_password(stronger, "pw"));
  EXPECT_FALSE(password_needs_rehash(stronger, {.opslimit = 3}));
}

TEST(Passwords, EqualizeTimingCostsAVerification) {
  const PasswordParams params;
  equalize_password_timing(params);  // builds the dummy hash
  const auto start = std::chrono::steady_clock::now();
  equalize_password_timing(params);
  const auto spent = std::chrono::steady_clock::now() - start;
  const std::string hash = hash_password("pw", params);
  const auto start2 = std::chrono::steady_clock::now();
  EXPECT_FALSE(verify_password(hash, "wrong"));
  const auto verify = std::chrono::steady_clock::now() - start2;
  // Same work; allow generous scheduling noise on a shared machine.
  EXPECT_GT(spent * 4, verify);
}

TEST(RecoveryCodes, FormatAndUniqueness) {
  const auto codes = new_recovery_codes();
  ASSERT_EQ(codes.size(), 10u);
  std::set<std::string> unique(codes.begin(), codes.end());
  EXPECT_EQ(unique.size(), 10u);
  const std::regex shape("^[a-hjkmnp-z2-9]{4}-[a-hjkmnp-z2-9]{4}-[a-hjkmnp-z2-9]{4}$");
  for (const auto& c : codes) EXPECT_TRUE(std::regex_match(c, shape)) << c;
  EXPECT_EQ(new_recovery_codes(3).size(), 3u);
  EXPECT_EQ(normalize_recovery_code(" ABCD-efgh jkmn "), "abcdefghjkmn");
  EXPECT_EQ(sha256_hex(normalize_recovery_code(codes[0])),
            sha256_hex(normalize_recovery_code(" " + codes[0].substr(0, 4) + " " + codes[0].substr(5))));
}

}  // namespace
}  // namespace anxin::crypto
