#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "platform/crypto/secret_key.hpp"
#include "platform/db/database.hpp"

namespace anxin::crypto {

/// The authenticated encryption a KeyRing uses for new ciphertexts. Decryption follows the suite
/// byte of each ciphertext, so a deployment can switch suites and re-encrypt.
enum class CipherSuite : std::uint8_t { kXChaCha20Poly1305 = 1, kSm4 = 2 };

namespace detail {

/// The suite byte written at the start of a ciphertext (see docs/adr/0005-sm4-suite.md).
enum class WireSuite : std::uint8_t {
  /// libsodium XChaCha20-Poly1305-IETF: 24-byte nonce, 16-byte tag.
  kXChaCha20Poly1305 = 1,
  /// SM4-CTR + HMAC-SM3, encrypt-then-MAC: 16-byte IV, 32-byte tag. What CipherSuite::kSm4 writes
  /// when the OpenSSL in use lacks SM4-GCM (OpenSSL 3.0, e.g. Debian 12).
  kSm4CtrHmacSm3 = 2,
  /// SM4-GCM: 12-byte nonce, 16-byte tag. What CipherSuite::kSm4 writes when OpenSSL provides it.
  kSm4Gcm = 3,
};

/// Bytes before the nonce: suite (1) and key version (4, big endian).
constexpr std::size_t kHeaderSize = 5;

/// True when EVP_CIPHER_fetch(nullptr, "SM4-GCM", nullptr) succeeds in this process.
bool sm4_gcm_available();
/// The wire suite a configured suite writes in this process.
WireSuite wire_suite_for(CipherSuite suite);

/// Encrypts `plaintext` bound to `ad`: [suite][version BE][nonce][ciphertext][tag]. Throws
/// std::runtime_error only when the cryptographic library fails.
db::Blob seal(WireSuite suite, std::uint32_t version, const SecretKey& key, std::string_view ad,
              std::string_view plaintext);
/// Authenticates and decrypts a blob made by seal() with the same key and `ad`; nullopt on any
/// mismatch, truncation or unknown suite.
std::optional<std::string> open(const SecretKey& key, std::string_view ad, const db::Blob& blob);

/// HMAC-SM3 (32 bytes), exposed for known-answer tests.
std::array<std::uint8_t, 32> hmac_sm3(std::span<const std::uint8_t> key, std::span<const std::uint8_t> data);
/// SM3 digest (32 bytes), exposed for known-answer tests.
std::array<std::uint8_t, 32> sm3(std::span<const std::uint8_t> data);

}  // namespace detail
}  // namespace anxin::crypto
