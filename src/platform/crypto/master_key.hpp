#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>

#include "platform/crypto/secret_key.hpp"

namespace anxin::crypto {

/// Environment variable holding the master key as base64 of 32 bytes; wins over the key file.
inline constexpr std::string_view kMasterKeyEnv = "ANXIN_MASTER_KEY";

/// `<data_dir>/keys/master.key`.
std::filesystem::path master_key_path(const std::string& data_dir);

/// Reads the master key from `env` (kMasterKeyEnv) or else from the key file, which may hold the raw
/// 32 bytes or their base64. Returns nullopt when neither exists. Throws std::runtime_error for a
/// malformed key and for a key file whose mode allows group or other access.
std::optional<SecretKey> load_master_key(const std::string& data_dir, const std::map<std::string, std::string>& env);

/// Creates a new random master key file (base64, mode 0600, in a 0700 directory) and returns the
/// key. When another process created the file first, that key is loaded instead.
SecretKey create_master_key(const std::string& data_dir);

/// A new master key encoded for ANXIN_MASTER_KEY or a key file.
std::string new_master_key_base64();

}  // namespace anxin::crypto
