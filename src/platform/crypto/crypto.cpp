#include "platform/crypto/crypto.hpp"

#include <sodium.h>

#include <cstring>

#include <algorithm>
#include <map>
#include <mutex>
#include <stdexcept>
#include <utility>

namespace anxin::crypto {
namespace {

constexpr unsigned long long kMinOpslimit = 2;
constexpr std::size_t kMinMemlimit = 19 * 1024 * 1024;
constexpr std::string_view kArgon2idPrefix = "$argon2id$";
// Unambiguous recovery-code alphabet: no i, l, o, 0, 1.
constexpr std::string_view kRecoveryAlphabet = "abcdefghjkmnpqrstuvwxyz23456789";

std::string to_hex(const unsigned char* data, std::size_t n) {
  std::string out(n * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), data, n);
  out.pop_back();
  return out;
}

PasswordParams clamped(const PasswordParams& p) {
  return {.opslimit = std::max(p.opslimit, kMinOpslimit), .memlimit = std::max(p.memlimit, kMinMemlimit)};
}

}  // namespace

void init() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (sodium_init() < 0) throw std::runtime_error("libsodium could not be initialised");
  });
}

std::string random_token(std::size_t bytes) {
  init();
  std::vector<unsigned char> raw(bytes);
  randombytes_buf(raw.data(), raw.size());
  std::string out(sodium_base64_encoded_len(bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING), '\0');
  sodium_bin2base64(out.data(), out.size(), raw.data(), raw.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  out.resize(out.find('\0'));
  sodium_memzero(raw.data(), raw.size());
  return out;
}

std::string sha256_hex(std::string_view data) {
  init();
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(data.data()), data.size());
  return to_hex(digest, sizeof digest);
}

std::string hmac_sha256_hex(std::string_view key, std::string_view data) {
  init();
  crypto_auth_hmacsha256_state state;
  unsigned char mac[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256_init(&state, reinterpret_cast<const unsigned char*>(key.data()), key.size());
  crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(data.data()), data.size());
  crypto_auth_hmacsha256_final(&state, mac);
  sodium_memzero(&state, sizeof state);
  return to_hex(mac, sizeof mac);
}

bool constant_time_equal(std::string_view a, std::string_view b) {
  init();
  if (a.size() != b.size()) return false;
  if (a.empty()) return true;
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::string hash_password(std::string_view password, const PasswordParams& params) {
  init();
  const PasswordParams p = clamped(params);
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, password.data(), password.size(), p.opslimit, p.memlimit,
                            crypto_pwhash_ALG_ARGON2ID13) != 0) {
    throw std::runtime_error("password hashing ran out of memory");
  }
  return out;
}

bool verify_password(const std::string& hash, std::string_view password) {
  init();
  if (hash.size() >= crypto_pwhash_STRBYTES || !hash.starts_with(kArgon2idPrefix)) return false;
  return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

bool password_needs_rehash(const std::string& hash, const PasswordParams& params) {
  init();
  if (hash.size() >= crypto_pwhash_STRBYTES || !hash.starts_with(kArgon2idPrefix)) return true;
  const PasswordParams p = clamped(params);
  return crypto_pwhash_argon2id_str_needs_rehash(hash.c_str(), p.opslimit, p.memlimit) != 0;
}

void equalize_password_timing(const PasswordParams& params) {
  init();
  const PasswordParams p = clamped(params);
  static std::mutex mu;
  static std::map<std::pair<unsigned long long, std::size_t>, std::string> dummies;
  std::string dummy;
  {
    std::lock_guard lock(mu);
    auto& slot = dummies[{p.opslimit, p.memlimit}];
    if (slot.empty()) slot = hash_password(random_token(16), p);
    dummy = slot;
  }
  // A random password never matches; the point is the time spent.
  (void)verify_password(dummy, random_token(16));
}

std::vector<std::string> new_recovery_codes(int n) {
  init();
  std::vector<std::string> out;
  for (int i = 0; i < n; ++i) {
    std::string code;
    for (int k = 0; k < 12; ++k) {
      if (k > 0 && k % 4 == 0) code += '-';
      code += kRecoveryAlphabet[randombytes_uniform(static_cast<std::uint32_t>(kRecoveryAlphabet.size()))];
    }
    out.push_back(std::move(code));
  }
  return out;
}

std::string normalize_recovery_code(std::string_view code) {
  std::string out;
  for (char c : code) {
    if (c == ' ' || c == '-' || c == '\t') continue;
    out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  }
  return out;
}

std::string to_base64(std::string_view bytes) {
  std::string out(sodium_base64_encoded_len(bytes.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(),
                    sodium_base64_VARIANT_ORIGINAL);
  out.resize(std::strlen(out.c_str()));
  return out;
}

std::optional<std::string> from_base64(std::string_view text) {
  std::string out(text.size(), '\0');
  std::size_t len = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(), text.size(), nullptr,
                        &len, nullptr, sodium_base64_VARIANT_ORIGINAL) != 0) {
    return std::nullopt;
  }
  out.resize(len);
  return out;
}

}  // namespace anxin::crypto
