#include "platform/crypto/totp.hpp"

#include <gtest/gtest.h>

#include <regex>

namespace anxin::crypto {
namespace {

// Base32 of the RFC 6238 SHA-1 seed, ASCII "12345678901234567890".
const std::string kRfcSecret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

TEST(Totp, Rfc6238Sha1Vectors) {
  // The RFC lists 8-digit codes; the 6-digit code is their last six digits.
  EXPECT_EQ(totp_code(kRfcSecret, 59'000), "287082");                          // 94287082
  EXPECT_EQ(totp_code(kRfcSecret, 1'111'111'109'000), "081804");               // 07081804
  EXPECT_EQ(totp_code(kRfcSecret, 1'111'111'111'000), "050471");               // 14050471
  EXPECT_EQ(totp_code(kRfcSecret, 1'234'567'890'000), "005924");               // 89005924
  EXPECT_EQ(totp_code(kRfcSecret, 2'000'000'000'000), "279037");               // 69279037
  EXPECT_EQ(totp_code(kRfcSecret, 20'000'000'000'000), "353130");              // 65353130
  EXPECT_EQ(totp_code("gezdgnbvgy3tqojqgezdgnbvgy3tqojq", 59'000), "287082");  // case-insensitive
}

TEST(Totp, MatchesWithinTheWindowAndReturnsTheStep) {
  const TimestampMs now = 1'700'000'000'000;
  const std::int64_t step = 1'700'000'000 / 30;
  EXPECT_EQ(totp_match(kRfcSecret, totp_code(kRfcSecret, now), now), step);
  EXPECT_EQ(totp_match(kRfcSecret, totp_code(kRfcSecret, now - 30'000), now), step - 1);
  EXPECT_EQ(totp_match(kRfcSecret, totp_code(kRfcSecret, now + 30'000), now), step + 1);
  EXPECT_EQ(totp_match(kRfcSecret, totp_code(kRfcSecret, now - 60'000), now), std::nullopt);
  EXPECT_EQ(totp_match(kRfcSecret, totp_code(kRfcSecret, now + 60'000), now), std::nullopt);
  EXPECT_EQ(totp_match(kRfcSecret, totp_code(kRfcSecret, now + 60'000), now, 2), step + 2);
  EXPECT_EQ(totp_match(kRfcSecret, totp_code(kRfcSecret, now - 30'000), now, 0), std::nullopt);
  const std::string code = totp_code(kRfcSecret, now);
  EXPECT_EQ(totp_match(kRfcSecret, code.substr(0, 3) + " " + code.substr(3), now), step);
}

TEST(Totp, RefusesMalformedInput) {
  const TimestampMs now = 59'000;
  EXPECT_EQ(totp_match(kRfcSecret, "28708", now), std::nullopt);
  EXPECT_EQ(totp_match(kRfcSecret, "2870822", now), std::nullopt);
  EXPECT_EQ(totp_match(kRfcSecret, "28708a", now), std::nullopt);
  EXPECT_EQ(totp_match(kRfcSecret, "", now), std::nullopt);
  EXPECT_EQ(totp_match("not base32!", "287082", now), std::nullopt);
  EXPECT_EQ(totp_match("", "287082", now), std::nullopt);
  EXPECT_THROW(totp_code("not base32!", now), std::invalid_argument);
}

TEST(Totp, NewSecretsAreTwentyBytesOfBase32) {
  const std::string a = new_totp_secret();
  const std::string b = new_totp_secret();
  EXPECT_EQ(a.size(), 32u);
  EXPECT_NE(a, b);
  EXPECT_TRUE(std::regex_match(a, std::regex("^[A-Z2-7]{32}$"))) << a;
  const TimestampMs now = 1'700'000'000'000;
  EXPECT_EQ(totp_code(a, now).size(), 6u);
  EXPECT_TRUE(totp_match(a, totp_code(a, now), now).has_value());
}

TEST(Totp, OtpauthUri) {
  EXPECT_EQ(otpauth_uri("安心", "zhang.san@example.com", kRfcSecret),
            "otpauth://totp/%E5%AE%89%E5%BF%83:zhang.san%40example.com?secret=" + kRfcSecret +
                "&issuer=%E5%AE%89%E5%BF%83&algorithm=SHA1&digits=6&period=30");
  EXPECT_EQ(otpauth_uri("Anxin HR", "a b", "S"),
            "otpauth://totp/Anxin%20HR:a%20b?secret=S&issuer=Anxin%20HR&algorithm=SHA1&digits=6&period=30");
}

TEST(Totp, QrSvg) {
  const std::string a = qr_svg(otpauth_uri("安心", "zhang.san@example.com", kRfcSecret));
  const std::string b = qr_svg("otpauth://totp/other");
  EXPECT_TRUE(a.starts_with("<svg")) << a.substr(0, 40);
  EXPECT_TRUE(a.ends_with("</svg>"));
  EXPECT_NE(a, b);
  EXPECT_NE(a.find("<path d=\"M"), std::string::npos);
  // The quiet zone: no module is drawn at coordinates below 4.
  EXPECT_EQ(a.find("M0 "), std::string::npos);
  EXPECT_EQ(a.find("M3 "), std::string::npos);
  EXPECT_NE(a.find("M4 4h1v1h-1z"), std::string::npos);  // finder pattern corner
}

}  // namespace
}  // namespace anxin::crypto
