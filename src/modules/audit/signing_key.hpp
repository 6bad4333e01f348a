#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace anxin::audit {

/// The Ed25519 key that signs audit checkpoints. It lives in a file outside the database, so that
/// someone who can rewrite the database cannot forge signed checkpoints.
class SigningKey {
 public:
  /// Length of an Ed25519 seed in bytes.
  static constexpr std::size_t kSeedBytes = 32;
  /// Path of the key file below the data directory.
  static constexpr std::string_view kRelativePath = "keys/audit-signing.key";

  /// Loads `<data_dir>/keys/audit-signing.key`, or creates it (mode 0600, directory 0700) with a
  /// fresh random key when missing. Throws std::runtime_error when the file is accessible by group
  /// or others, malformed or unreadable.
  static SigningKey load_or_create(const std::string& data_dir);
  /// A key derived from a fixed seed; for tests.
  static SigningKey from_seed(const std::array<std::uint8_t, kSeedBytes>& seed);

  SigningKey(const SigningKey& other) = default;
  SigningKey& operator=(const SigningKey& other) = default;
  ~SigningKey();

  /// Public key, 64 lowercase hex digits.
  std::string public_key_hex() const;
  /// Detached Ed25519 signature of `message`, 128 lowercase hex digits.
  std::string sign_hex(std::string_view message) const;
  /// True when `signature_hex` is a valid signature of `message` under `public_key_hex`.
  static bool verify_hex(std::string_view public_key_hex, std::string_view message, std::string_view signature_hex);

 private:
  SigningKey() = default;
  std::array<std::uint8_t, 64> secret_{};
  std::array<std::uint8_t, 32> public_{};
};

}  // namespace anxin::audit
