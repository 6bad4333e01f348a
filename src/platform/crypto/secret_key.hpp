#pragma once

#include <array>
#include <cstdint>
#include <span>

namespace anxin::crypto {

/// 32 secret bytes (a master or data key), wiped when destroyed.
class SecretKey {
 public:
  static constexpr std::size_t kSize = 32;

  SecretKey() = default;
  ~SecretKey();
  SecretKey(const SecretKey&) = default;
  SecretKey& operator=(const SecretKey&) = default;

  /// A fresh key from the OS CSPRNG.
  static SecretKey random();
  /// Copies exactly kSize bytes.
  static SecretKey from(std::span<const std::uint8_t, kSize> bytes);

  std::uint8_t* data() { return bytes_.data(); }
  const std::uint8_t* data() const { return bytes_.data(); }
  static constexpr std::size_t size() { return kSize; }

 private:
  std::array<std::uint8_t, kSize> bytes_{};
};

}  // namespace anxin::crypto
