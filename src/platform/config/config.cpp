#include "platform/config/config.hpp"

#include <toml++/toml.h>

#include <algorithm>
#include <charconv>
#include <functional>
#include <thread>

extern char** environ;

namespace anxin::config {
namespace {

struct Binding {
  KeyInfo info;
  std::function<void(Config&, const std::string&)> set_string;
  std::function<void(Config&, std::int64_t)> set_int;
  std::int64_t min = 0;
  std::int64_t max = 0;
  /// For string keys with a closed set of values.
  std::vector<std::string> allowed;
};

std::string env_name(const std::string& key) {
  std::string out = "ANXIN_";
  for (char c : key) out += c == '.' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

Binding str_key(const std::string& key, std::string Config::*field, const std::string& description) {
  return {
      {key, env_name(key), "string", description}, [field](Config& c, const std::string& v) { c.*field = v; }, nullptr};
}

Binding enum_key(const std::string& key, std::string Config::*field, std::vector<std::string> allowed,
                 const std::string& description) {
  Binding b = str_key(key, field, description);
  b.allowed = std::move(allowed);
  return b;
}

Binding int_key(const std::string& key, std::int64_t Config::*field, std::int64_t min, std::int64_t max,
                const std::string& description) {
  return {{key, env_name(key), "integer", description},
          nullptr,
          [field](Config& c, std::int64_t v) { c.*field = v; },
          min,
          max};
}

const std::vector<Binding>& bindings() {
  static const std::vector<Binding> kBindings = {
      str_key("data_dir", &Config::data_dir, "Directory for the SQLite database, logs and the bound address."),
      str_key("database", &Config::database, "Database URL: sqlite:PATH or postgresql://user@host:port/db."),
      str_key("listen", &Config::listen, "HOST:PORT to serve on; port 0 picks a free port."),
      str_key("tls_cert", &Config::tls_cert, "PEM certificate chain; with tls_key enables HTTPS."),
      str_key("tls_key", &Config::tls_key, "PEM private key."),
      str_key("web_root", &Config::web_root, "Directory of the built web UI, served at /."),
      int_key("http.max_body_bytes", &Config::http_max_body_bytes, 1024, 64 << 20, "Largest accepted JSON body."),
      int_key("http.read_timeout_ms", &Config::http_read_timeout_ms, 100, 3600000,
              "Time to receive a request; idle keep-alive limit."),
      int_key("http.write_timeout_ms", &Config::http_write_timeout_ms, 100, 3600000, "Time to send a response."),
      int_key("http.handle_timeout_ms", &Config::http_handle_timeout_ms, 100, 3600000, "Time for a handler."),
      int_key("http.worker_threads", &Config::http_worker_threads, 1, 1024, "Handler threads."),
      int_key("http.io_threads", &Config::http_io_threads, 0, 256, "Network threads; 0 = number of cores."),
      enum_key("security.password_profile", &Config::security_password_profile, {"gb", "asvs"},
               "Password rules: gb (composition, 90-day expiry, history) or asvs (length and breached list)."),
      int_key("security.session_idle_minutes", &Config::security_session_idle_minutes, 1, 24 * 60,
              "A session unused this long ends."),
      int_key("security.session_absolute_hours", &Config::security_session_absolute_hours, 1, 7 * 24,
              "A session ends this long after sign-in whatever its use."),
      int_key("security.lockout_threshold", &Config::security_lockout_threshold, 3, 20,
              "Failed sign-ins in a row that lock an account."),
      int_key("security.lockout_minutes", &Config::security_lockout_minutes, 1, 24 * 60, "How long a lockout lasts."),
      enum_key("security.cipher_suite", &Config::security_cipher_suite, {"xchacha20poly1305", "sm4"},
               "Cipher for new field ciphertexts (both are always readable)."),
      int_key("audit.retention_days", &Config::audit_retention_days, 183, 36500,
              "Audit records are kept at least this long (never less than 183 days)."),
      int_key("audit.checkpoint_minutes", &Config::audit_checkpoint_minutes, 1, 24 * 60,
              "Interval between signed checkpoints of the audit chain."),
      enum_key("log.level", &Config::log_level, {"debug", "info", "warn", "error"}, "Least severe level logged."),
      str_key("log.file", &Config::log_file, "Also write logs to this file."),
      int_key("jobs.poll_ms", &Config::jobs_poll_ms, 100, 60000,
              "Interval at which due background jobs (escalations) and notification deliveries are looked for."),
      str_key("clock.offset_file", &Config::clock_offset_file,
              "For black-box tests only: a file holding milliseconds added to the system clock, re-read when it "
              "changes. Leave empty in production."),
  };
  return kBindings;
}

const Binding* find_key(const std::string& key) {
  for (const auto& b : bindings()) {
    if (b.info.key == key) return &b;
  }
  return nullptr;
}

void apply(Config& c, const Binding& b, const std::string& value, const std::string& source) {
  if (b.set_string) {
    if (!b.allowed.empty() && std::find(b.allowed.begin(), b.allowed.end(), value) == b.allowed.end()) {
      std::string list;
      for (const auto& a : b.allowed) list += (list.empty() ? "" : ", ") + a;
      throw ConfigError(source + ": " + b.info.key + " must be one of " + list + "; got \"" + value + "\"");
    }
    b.set_string(c, value);
    return;
  }
  std::int64_t v = 0;
  auto r = std::from_chars(value.data(), value.data() + value.size(), v);
  if (value.empty() || r.ec != std::errc{} || r.ptr != value.data() + value.size()) {
    throw ConfigError(source + ": " + b.info.key + " must be an integer, got \"" + value + "\"");
  }
  if (v < b.min || v > b.max) {
    throw ConfigError(source + ": " + b.info.key + " must be between " + std::to_string(b.min) + " and " +
                      std::to_string(b.max));
  }
  b.set_int(c, v);
}

void apply_toml_table(Config& c, const toml::table& table, const std::string& prefix, const std::string& file) {
  for (const auto& [k, node] : table) {
    const std::string key = prefix.empty() ? std::string(k.str()) : prefix + "." + std::string(k.str());
    if (const auto* sub = node.as_table()) {
      apply_toml_table(c, *sub, key, file);
      continue;
    }
    const Binding* b = find_key(key);
    if (b == nullptr) throw ConfigError(file + ": unknown configuration key \"" + key + "\"");
    if (b->set_string) {
      const auto* s = node.as_string();
      if (s == nullptr) throw ConfigError(file + ": " + key + " must be a string");
      apply(c, *b, s->get(), file);
    } else {
      const auto* i = node.as_integer();
      if (i == nullptr) throw ConfigError(file + ": " + key + " must be an integer");
      apply(c, *b, std::to_string(i->get()), file);
    }
  }
}

void validate(const Config& c) {
  (void)c.listen_port();
  if (c.tls_cert.empty() != c.tls_key.empty()) throw ConfigError("tls_cert and tls_key must be given together");
  const std::string url = c.database_url();
  if (!(url.starts_with("sqlite:") || url.starts_with("postgresql://") || url.starts_with("postgres://"))) {
    throw ConfigError("database must start with sqlite: or postgresql://");
  }
}

}  // namespace

std::string Config::database_url() const {
  if (!database.empty()) return database;
  std::string dir = data_dir;
  while (dir.size() > 1 && dir.back() == '/') dir.pop_back();
  return "sqlite:" + dir + "/anxin.db";
}

std::string Config::listen_host() const {
  const auto colon = listen.rfind(':');
  std::string host = colon == std::string::npos ? listen : listen.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  return host;
}

std::uint16_t Config::listen_port() const {
  const auto colon = listen.rfind(':');
  if (colon == std::string::npos || colon == 0) throw ConfigError("listen must be HOST:PORT, got \"" + listen + "\"");
  const std::string p = listen.substr(colon + 1);
  unsigned v = 0;
  auto r = std::from_chars(p.data(), p.data() + p.size(), v);
  if (p.empty() || r.ec != std::errc{} || r.ptr != p.data() + p.size() || v > 65535) {
    throw ConfigError("listen: port must be 0..65535, got \"" + p + "\"");
  }
  return static_cast<std::uint16_t>(v);
}

const std::vector<KeyInfo>& keys() {
  static const std::vector<KeyInfo> kKeys = [] {
    std::vector<KeyInfo> out;
    for (const auto& b : bindings()) out.push_back(b.info);
    return out;
  }();
  return kKeys;
}

Config load(const std::optional<std::string>& toml_path, const std::map<std::string, std::string>& env,
            const std::map<std::string, std::string>& overrides) {
  Config c;
  c.http_io_threads = 0;
  if (toml_path && !toml_path->empty()) {
    toml::table table;
    try {
      table = toml::parse_file(*toml_path);
    } catch (const toml::parse_error& e) {
      throw ConfigError(*toml_path + ": " + std::string(e.description()));
    }
    apply_toml_table(c, table, "", *toml_path);
  }
  // Variables the process reads for other purposes than configuration keys.
  static const std::vector<std::string> kOtherVariables = {"ANXIN_CONFIG", "ANXIN_MASTER_KEY"};
  for (const auto& [name, value] : env) {
    if (!name.starts_with("ANXIN_")) continue;
    if (std::find(kOtherVariables.begin(), kOtherVariables.end(), name) != kOtherVariables.end()) continue;
    const Binding* found = nullptr;
    for (const auto& b : bindings()) {
      if (b.info.env == name) found = &b;
    }
    if (found == nullptr) throw ConfigError("unknown environment variable " + name);
    apply(c, *found, value, "environment variable " + name);
  }
  for (const auto& [key, value] : overrides) {
    const Binding* b = find_key(key);
    if (b == nullptr) throw ConfigError("unknown configuration key \"" + key + "\"");
    apply(c, *b, value, "command line");
  }
  if (c.http_io_threads == 0) c.http_io_threads = std::max(1u, std::thread::hardware_concurrency());
  validate(c);
  return c;
}

std::map<std::string, std::string> process_env() {
  std::map<std::string, std::string> out;
  for (char** e = environ; e != nullptr && *e != nullptr; ++e) {
    std::string kv(*e);
    const auto eq = kv.find('=');
    if (eq != std::string::npos) out.emplace(kv.substr(0, eq), kv.substr(eq + 1));
  }
  return out;
}

}  // namespace anxin::config
