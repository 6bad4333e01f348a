#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace anxin::config {

/// Everything an anxin process can be configured with. Defaults here; a TOML file, ANXIN_*
/// environment variables and command-line flags override them, in that order.
struct Config {
  std::string data_dir = "./data";
  /// Empty means the SQLite file anxin.db in data_dir.
  std::string database;
  std::string listen = "127.0.0.1:8080";
  std::string tls_cert;
  std::string tls_key;
  /// Directory of the built web UI (index.html and assets/); served at / when present.
  std::string web_root = "web/dist";

  std::int64_t http_max_body_bytes = 1024 * 1024;
  // A 10 MiB attachment from a phone at about 1 Mbit/s takes ~90 s; the limit covers the whole request.
  std::int64_t http_read_timeout_ms = 120000;
  std::int64_t http_write_timeout_ms = 30000;
  std::int64_t http_handle_timeout_ms = 60000;
  std::int64_t http_worker_threads = 64;
  std::int64_t http_io_threads = 0;  // 0: number of cores

  std::string security_password_profile = "gb";
  std::int64_t security_session_idle_minutes = 30;
  std::int64_t security_session_absolute_hours = 12;
  std::int64_t security_lockout_threshold = 5;
  std::int64_t security_lockout_minutes = 15;
  std::string security_cipher_suite = "xchacha20poly1305";
  std::int64_t audit_retention_days = 183;
  std::int64_t audit_checkpoint_minutes = 60;

  std::string log_level = "info";
  std::string log_file;

  std::int64_t jobs_poll_ms = 5000;
  /// Empty: the system clock. Otherwise the system clock plus the milliseconds in this file.
  std::string clock_offset_file;

  /// The database URL to open: `database`, or sqlite:<data_dir>/anxin.db.
  std::string database_url() const;
  /// Host and port from `listen`.
  std::string listen_host() const;
  std::uint16_t listen_port() const;
};

/// A configuration problem; the message names the offending key and is meant for the operator.
class ConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// One configurable key, for documentation and --help.
struct KeyInfo {
  std::string key;   // "http.max_body_bytes"
  std::string env;   // "ANXIN_HTTP_MAX_BODY_BYTES"
  std::string type;  // "string" | "integer"
  std::string description;
};
const std::vector<KeyInfo>& keys();

/// Builds the configuration: defaults, then the TOML file `toml_path` (if any), then every ANXIN_*
/// variable of `env`, then `overrides` (key -> value from flags). Unknown keys and bad values throw
/// ConfigError naming the key.
Config load(const std::optional<std::string>& toml_path, const std::map<std::string, std::string>& env,
            const std::map<std::string, std::string>& overrides);

/// The process environment as a map.
std::map<std::string, std::string> process_env();

}  // namespace anxin::config
