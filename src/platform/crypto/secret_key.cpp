#include "platform/crypto/secret_key.hpp"

#include <sodium.h>

#include <algorithm>

#include "platform/crypto/crypto.hpp"

namespace anxin::crypto {

SecretKey::~SecretKey() { sodium_memzero(bytes_.data(), bytes_.size()); }

SecretKey SecretKey::random() {
  init();
  SecretKey k;
  randombytes_buf(k.bytes_.data(), k.bytes_.size());
  return k;
}

SecretKey SecretKey::from(std::span<const std::uint8_t, kSize> bytes) {
  SecretKey k;
  std::copy(bytes.begin(), bytes.end(), k.bytes_.begin());
  return k;
}

}  // namespace anxin::crypto
