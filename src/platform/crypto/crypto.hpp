#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace anxin::crypto {

/// Initialises libsodium once (thread-safe); throws std::runtime_error when it cannot. Every
/// function of this module calls it, so calling it at startup only moves the cost.
void init();

/// `bytes` random bytes from the OS CSPRNG, base64url without padding (session ids, tokens).
std::string random_token(std::size_t bytes = 32);
/// Lower-case hex SHA-256.
std::string sha256_hex(std::string_view data);
/// Lower-case hex HMAC-SHA-256 of `data` under `key` (any key length).
std::string hmac_sha256_hex(std::string_view key, std::string_view data);
/// Compares in time that depends only on the lengths, not on where the inputs differ.
bool constant_time_equal(std::string_view a, std::string_view b);
/// Standard base64 (with padding) of bytes, and back; nullopt for malformed input.
std::string to_base64(std::string_view bytes);
std::optional<std::string> from_base64(std::string_view text);

/// Argon2id cost. Values below the OWASP minimum (t=2, m=19 MiB, p=1) are raised to it.
struct PasswordParams {
  unsigned long long opslimit = 2;
  std::size_t memlimit = 19 * 1024 * 1024;
};

/// Argon2id hash in the PHC string format ("$argon2id$v=19$m=19456,t=2,p=1$...").
std::string hash_password(std::string_view password, const PasswordParams& params);
/// True when `password` matches `hash`; false for a wrong password or a malformed hash.
bool verify_password(const std::string& hash, std::string_view password);
/// True when `hash` is not Argon2id with exactly `params` (after raising them to the minimum), so
/// the caller should store a fresh hash after the next successful verification.
bool password_needs_rehash(const std::string& hash, const PasswordParams& params);
/// Spends the time of one verification at `params` against a fixed dummy hash, so that a login for
/// an unknown account costs as much as a wrong password.
void equalize_password_timing(const PasswordParams& params);

/// `n` single-use recovery codes like "abcd-efgh-jkmn" (12 characters from an alphabet without
/// i, l, o, 0, 1; about 59 bits each). Store only sha256_hex(normalize_recovery_code(code)).
std::vector<std::string> new_recovery_codes(int n = 10);
/// Lower-cases a typed recovery code and drops spaces and dashes.
std::string normalize_recovery_code(std::string_view code);

}  // namespace anxin::crypto
