#include "platform/crypto/master_key.hpp"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <vector>

#include "platform/crypto/crypto.hpp"
#include "platform/log/log.hpp"

namespace anxin::crypto {
namespace {

/// Decodes base64 (standard or URL-safe, padded or not, surrounding whitespace ignored) of exactly
/// 32 bytes.
std::optional<SecretKey> decode_key(std::string_view text) {
  init();
  for (int variant : {sodium_base64_VARIANT_ORIGINAL, sodium_base64_VARIANT_ORIGINAL_NO_PADDING,
                      sodium_base64_VARIANT_URLSAFE, sodium_base64_VARIANT_URLSAFE_NO_PADDING}) {
    std::array<std::uint8_t, SecretKey::kSize + 1> buf{};
    std::size_t len = 0;
    const char* end = nullptr;
    const int rc = sodium_base642bin(buf.data(), buf.size(), text.data(), text.size(), " \t\r\n", &len, &end, variant);
    if (rc == 0 && end == text.data() + text.size() && len == SecretKey::kSize) {
      auto key = SecretKey::from(std::span<const std::uint8_t, SecretKey::kSize>(buf.data(), SecretKey::kSize));
      sodium_memzero(buf.data(), buf.size());
      return key;
    }
    sodium_memzero(buf.data(), buf.size());
  }
  return std::nullopt;
}

std::string octal_mode(mode_t mode) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%04o", static_cast<unsigned>(mode & 07777));
  return buf;
}

SecretKey read_key_file(const std::filesystem::path& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    throw std::runtime_error("cannot read master key file " + path.string() + ": " + std::strerror(errno));
  }
  if (!S_ISREG(st.st_mode)) throw std::runtime_error("master key file " + path.string() + " is not a regular file");
  if ((st.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
    throw std::runtime_error("master key file " + path.string() + " has mode " + octal_mode(st.st_mode) +
                             " and is accessible to group or others; refusing to use it. Fix with: chmod 600 " +
                             path.string());
  }
  std::ifstream in(path, std::ios::binary);
  std::vector<char> content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (!in.good() && !in.eof()) throw std::runtime_error("cannot read master key file " + path.string());
  std::optional<SecretKey> key;
  if (content.size() == SecretKey::kSize) {
    key = SecretKey::from(std::span<const std::uint8_t, SecretKey::kSize>(
        reinterpret_cast<const std::uint8_t*>(content.data()), SecretKey::kSize));
  } else {
    key = decode_key(std::string_view(content.data(), content.size()));
  }
  sodium_memzero(content.data(), content.size());
  if (!key) {
    throw std::runtime_error("master key file " + path.string() + " must hold 32 raw bytes or their base64 encoding");
  }
  return *key;
}

void fsync_path(const std::filesystem::path& p) {
  const int fd = ::open(p.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd >= 0) {
    ::fsync(fd);
    ::close(fd);
  }
}

}  // namespace

std::filesystem::path master_key_path(const std::string& data_dir) {
  return std::filesystem::path(data_dir) / "keys" / "master.key";
}

std::optional<SecretKey> load_master_key(const std::string& data_dir, const std::map<std::string, std::string>& env) {
  if (auto it = env.find(std::string(kMasterKeyEnv)); it != env.end() && !it->second.empty()) {
    auto key = decode_key(it->second);
    if (!key) throw std::runtime_error(std::string(kMasterKeyEnv) + " must be the base64 encoding of 32 bytes");
    return key;
  }
  if (data_dir.empty()) return std::nullopt;
  const auto path = master_key_path(data_dir);
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return std::nullopt;
  return read_key_file(path);
}

SecretKey create_master_key(const std::string& data_dir) {
  if (data_dir.empty()) throw std::runtime_error("cannot create a master key: no data directory is configured");
  const auto path = master_key_path(data_dir);
  const auto dir = path.parent_path();
  std::filesystem::create_directories(dir.parent_path());
  if (::mkdir(dir.c_str(), 0700) == 0) {
    ::chmod(dir.c_str(), 0700);  // independent of the umask
  } else if (errno != EEXIST) {
    throw std::runtime_error("cannot create key directory " + dir.string() + ": " + std::strerror(errno));
  }
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    if (errno == EEXIST) return read_key_file(path);  // another process won the race
    throw std::runtime_error("cannot create master key file " + path.string() + ": " + std::strerror(errno));
  }
  SecretKey key = SecretKey::random();
  std::string text(sodium_base64_ENCODED_LEN(SecretKey::kSize, sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(text.data(), text.size(), key.data(), key.size(), sodium_base64_VARIANT_ORIGINAL);
  text.resize(std::strlen(text.c_str()));
  text += '\n';
  const bool ok = ::fchmod(fd, 0600) == 0 &&
                  ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) && ::fsync(fd) == 0;
  ::close(fd);
  sodium_memzero(text.data(), text.size());
  if (!ok) {
    ::unlink(path.c_str());
    throw std::runtime_error("cannot write master key file " + path.string());
  }
  fsync_path(dir);
  log::warn("crypto.master_key_created", {{"path", path.string()}});
  return key;
}

std::string new_master_key_base64() {
  const SecretKey key = SecretKey::random();
  std::string text(sodium_base64_ENCODED_LEN(SecretKey::kSize, sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(text.data(), text.size(), key.data(), key.size(), sodium_base64_VARIANT_ORIGINAL);
  text.resize(std::strlen(text.c_str()));
  return text;
}

}  // namespace anxin::crypto
