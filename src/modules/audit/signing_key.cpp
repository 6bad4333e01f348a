#include "modules/audit/signing_key.hpp"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <stdexcept>
#include <system_error>

namespace anxin::audit {
namespace {

namespace fs = std::filesystem;

void ensure_sodium() {
  static const bool ready = sodium_init() >= 0;
  if (!ready) throw std::runtime_error("libsodium failed to initialise");
}

std::string to_hex(const std::uint8_t* data, std::size_t n) {
  std::string out(n * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), data, n);
  out.resize(n * 2);
  return out;
}

/// Decodes exactly `n` bytes of hex; false when malformed or of another length.
bool from_hex(std::string_view hex, std::uint8_t* out, std::size_t n) {
  if (hex.size() != n * 2) return false;
  std::size_t len = 0;
  return sodium_hex2bin(out, n, hex.data(), hex.size(), nullptr, &len, nullptr) == 0 && len == n;
}

std::string errno_text() { return std::strerror(errno); }

/// Writes all of `data` to `fd`, then fsyncs it.
bool write_all(int fd, std::string_view data) {
  while (!data.empty()) {
    const ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    data.remove_prefix(static_cast<std::size_t>(n));
  }
  return ::fsync(fd) == 0;
}

void fsync_dir(const fs::path& dir) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd >= 0) {
    ::fsync(fd);
    ::close(fd);
  }
}

/// Creates the key file atomically: written to a private temporary file, then linked into place,
/// so a concurrent process either wins the link or reads a complete file.
void create_key_file(const fs::path& path) {
  std::array<std::uint8_t, SigningKey::kSeedBytes> seed{};
  randombytes_buf(seed.data(), seed.size());
  std::string text = to_hex(seed.data(), seed.size()) + "\n";
  sodium_memzero(seed.data(), seed.size());

  const fs::path tmp = path.string() + ".tmp-" + std::to_string(::getpid());
  ::unlink(tmp.c_str());
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) throw std::runtime_error(fmt::format("cannot create {}: {}", tmp.string(), errno_text()));
  const bool written = ::fchmod(fd, 0600) == 0 && write_all(fd, text);
  const std::string write_error = errno_text();
  ::close(fd);
  sodium_memzero(text.data(), text.size());
  if (!written) {
    ::unlink(tmp.c_str());
    throw std::runtime_error(fmt::format("cannot write {}: {}", tmp.string(), write_error));
  }
  const int linked = ::link(tmp.c_str(), path.c_str());
  const int link_errno = errno;
  ::unlink(tmp.c_str());
  if (linked != 0 && link_errno != EEXIST) {
    throw std::runtime_error(fmt::format("cannot create {}: {}", path.string(), std::strerror(link_errno)));
  }
  fsync_dir(path.parent_path());
}

}  // namespace

SigningKey::~SigningKey() { sodium_memzero(secret_.data(), secret_.size()); }

SigningKey SigningKey::from_seed(const std::array<std::uint8_t, kSeedBytes>& seed) {
  ensure_sodium();
  SigningKey key;
  crypto_sign_seed_keypair(key.public_.data(), key.secret_.data(), seed.data());
  return key;
}

SigningKey SigningKey::load_or_create(const std::string& data_dir) {
  ensure_sodium();
  const fs::path dir = fs::path(data_dir) / "keys";
  const fs::path path = fs::path(data_dir) / kRelativePath;
  std::error_code ec;
  if (!fs::exists(dir, ec)) {
    fs::create_directories(dir, ec);
    if (ec) throw std::runtime_error(fmt::format("cannot create {}: {}", dir.string(), ec.message()));
    fs::permissions(dir, fs::perms::owner_all, fs::perm_options::replace, ec);
    if (ec) throw std::runtime_error(fmt::format("cannot restrict {}: {}", dir.string(), ec.message()));
  }
  // Whoever can write the directory can swap the key for their own.
  struct stat dir_st {};
  if (::stat(dir.c_str(), &dir_st) != 0 || !S_ISDIR(dir_st.st_mode)) {
    throw std::runtime_error(fmt::format("{} is not a directory", dir.string()));
  }
  if ((dir_st.st_mode & 022) != 0) {
    throw std::runtime_error(
        fmt::format("the key directory {} is writable by group or others (mode {:04o}); restrict it with chmod 700",
                    dir.string(), dir_st.st_mode & 07777));
  }
  if (!fs::exists(path, ec)) create_key_file(path);

  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0) throw std::runtime_error(fmt::format("cannot open {}: {}", path.string(), errno_text()));
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    throw std::runtime_error(fmt::format("{} is not a regular file", path.string()));
  }
  if ((st.st_mode & 077) != 0) {
    ::close(fd);
    throw std::runtime_error(fmt::format(
        "the audit signing key {} is accessible by group or others (mode {:04o}); restrict it with chmod 600",
        path.string(), st.st_mode & 07777));
  }
  std::string text(256, '\0');
  const ssize_t n = ::read(fd, text.data(), text.size());
  ::close(fd);
  if (n < 0) throw std::runtime_error(fmt::format("cannot read {}: {}", path.string(), errno_text()));
  text.resize(static_cast<std::size_t>(n));
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' ')) text.pop_back();

  std::array<std::uint8_t, kSeedBytes> seed{};
  const bool valid = from_hex(text, seed.data(), seed.size());
  sodium_memzero(text.data(), text.size());
  if (!valid) {
    throw std::runtime_error(
        fmt::format("the audit signing key {} is malformed (expected {} hex digits)", path.string(), kSeedBytes * 2));
  }
  SigningKey key = from_seed(seed);
  sodium_memzero(seed.data(), seed.size());
  return key;
}

std::string SigningKey::public_key_hex() const { return to_hex(public_.data(), public_.size()); }

std::string SigningKey::sign_hex(std::string_view message) const {
  std::array<std::uint8_t, crypto_sign_BYTES> sig{};
  crypto_sign_detached(sig.data(), nullptr, reinterpret_cast<const unsigned char*>(message.data()), message.size(),
                       secret_.data());
  return to_hex(sig.data(), sig.size());
}

bool SigningKey::verify_hex(std::string_view public_key_hex, std::string_view message, std::string_view signature_hex) {
  ensure_sodium();
  std::array<std::uint8_t, crypto_sign_PUBLICKEYBYTES> pk{};
  std::array<std::uint8_t, crypto_sign_BYTES> sig{};
  if (!from_hex(public_key_hex, pk.data(), pk.size()) || !from_hex(signature_hex, sig.data(), sig.size())) {
    return false;
  }
  return crypto_sign_verify_detached(sig.data(), reinterpret_cast<const unsigned char*>(message.data()), message.size(),
                                     pk.data()) == 0;
}

}  // namespace anxin::audit
