#include "platform/crypto/totp.hpp"

#include <fmt/format.h>
#include <liboath/oath.h>
#include <qrencode.h>
#include <sodium.h>

#include <cstdlib>
#include <memory>
#include <mutex>
#include <stdexcept>

#include "platform/crypto/crypto.hpp"

namespace anxin::crypto {
namespace {

constexpr unsigned kStepSeconds = 30;
constexpr unsigned kDigits = 6;
constexpr std::size_t kSecretBytes = 20;
constexpr int kQuietZone = 4;

void init_oath() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (oath_init() != OATH_OK) throw std::runtime_error("liboath could not be initialised");
  });
}

struct FreeDeleter {
  void operator()(char* p) const { std::free(p); }
};

/// Decodes a base32 secret (case and spaces ignored); nullopt when malformed or empty.
std::optional<std::string> decode_secret(const std::string& base32) {
  init_oath();
  std::string clean;
  for (char c : base32) {
    if (c == ' ' || c == '-') continue;
    clean += (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
  }
  char* out = nullptr;
  std::size_t len = 0;
  if (clean.empty() || oath_base32_decode(clean.data(), clean.size(), &out, &len) != OATH_OK || len == 0) {
    std::free(out);
    return std::nullopt;
  }
  std::unique_ptr<char, FreeDeleter> holder(out);
  std::string secret(out, len);
  sodium_memzero(out, len);
  return secret;
}

std::optional<std::string> code_at(const std::string& secret, std::int64_t unix_seconds) {
  char otp[kDigits + 1] = {};
  if (oath_totp_generate(secret.data(), secret.size(), static_cast<time_t>(unix_seconds), kStepSeconds, 0, kDigits,
                         otp) != OATH_OK) {
    return std::nullopt;
  }
  return std::string(otp, kDigits);
}

std::int64_t floor_div(std::int64_t a, std::int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

/// RFC 3986 percent-encoding of everything but unreserved characters.
std::string percent_encode(std::string_view s) {
  std::string out;
  for (char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
        c == '_' || c == '~') {
      out += ch;
    } else {
      out += fmt::format("%{:02X}", c);
    }
  }
  return out;
}

}  // namespace

std::string new_totp_secret() {
  init();
  init_oath();
  std::string raw(kSecretBytes, '\0');
  randombytes_buf(raw.data(), raw.size());
  char* out = nullptr;
  std::size_t len = 0;
  const int rc = oath_base32_encode(raw.data(), raw.size(), &out, &len);
  sodium_memzero(raw.data(), raw.size());
  std::unique_ptr<char, FreeDeleter> holder(out);
  if (rc != OATH_OK) throw std::runtime_error("base32 encoding failed");
  return std::string(out, len);
}

std::string totp_code(const std::string& base32_secret, TimestampMs now) {
  const auto secret = decode_secret(base32_secret);
  if (!secret) throw std::invalid_argument("malformed TOTP secret");
  auto code = code_at(*secret, floor_div(now, 1000));
  if (!code) throw std::runtime_error("TOTP generation failed");
  return *code;
}

std::optional<std::int64_t> totp_match(const std::string& base32_secret, std::string_view code, TimestampMs now,
                                       int window) {
  std::string digits;
  for (char c : code) {
    if (c == ' ') continue;
    if (c < '0' || c > '9') return std::nullopt;
    digits += c;
  }
  if (digits.size() != kDigits || window < 0) return std::nullopt;
  const auto secret = decode_secret(base32_secret);
  if (!secret) return std::nullopt;
  const std::int64_t step = floor_div(floor_div(now, 1000), kStepSeconds);
  // Check every step of the window so the time taken does not reveal which one matched.
  std::optional<std::int64_t> matched;
  for (int offset = -window; offset <= window; ++offset) {
    const auto candidate = code_at(*secret, (step + offset) * kStepSeconds);
    if (candidate && constant_time_equal(*candidate, digits) && !matched) matched = step + offset;
  }
  return matched;
}

std::string otpauth_uri(std::string_view issuer, std::string_view account, const std::string& secret) {
  return fmt::format("otpauth://totp/{}:{}?secret={}&issuer={}&algorithm=SHA1&digits={}&period={}",
                     percent_encode(issuer), percent_encode(account), secret, percent_encode(issuer), kDigits,
                     kStepSeconds);
}

std::string qr_svg(std::string_view text) {
  std::unique_ptr<QRcode, decltype(&QRcode_free)> qr(
      QRcode_encodeData(static_cast<int>(text.size()), reinterpret_cast<const unsigned char*>(text.data()), 0,
                        QR_ECLEVEL_M),
      &QRcode_free);
  if (!qr) throw std::runtime_error("QR encoding failed (text too long?)");
  const int width = qr->width;
  const int size = width + 2 * kQuietZone;
  std::string path;
  for (int y = 0; y < width; ++y) {
    for (int x = 0; x < width; ++x) {
      // Bit 0 of each module byte is 1 for black.
      if ((qr->data[y * width + x] & 1) != 0) path += fmt::format("M{} {}h1v1h-1z", x + kQuietZone, y + kQuietZone);
    }
  }
  return fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {0} {0}\" width=\"{1}\" height=\"{1}\" "
      "shape-rendering=\"crispEdges\"><rect width=\"{0}\" height=\"{0}\" fill=\"#fff\"/>"
      "<path d=\"{2}\" fill=\"#000\"/></svg>",
      size, size * 4, path);
}

}  // namespace anxin::crypto
