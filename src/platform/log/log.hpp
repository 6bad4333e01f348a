#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace anxin::log {

enum class Level { kDebug, kInfo, kWarn, kError };

struct Options {
  Level level = Level::kInfo;
  /// Also append to this file when non-empty.
  std::string file;
};

/// Configures the process logger: one JSON object per line on stderr (and the file).
void init(const Options& options);
/// Parses "debug" | "info" | "warn" | "error".
bool parse_level(std::string_view text, Level& out);

/// Writes a structured event. Fields must never hold personal data or request bodies: log ids,
/// routes, statuses, counts and durations.
void write(Level level, std::string_view event, nlohmann::json fields = nlohmann::json::object());
inline void debug(std::string_view event, nlohmann::json f = nlohmann::json::object()) {
  write(Level::kDebug, event, std::move(f));
}
inline void info(std::string_view event, nlohmann::json f = nlohmann::json::object()) {
  write(Level::kInfo, event, std::move(f));
}
inline void warn(std::string_view event, nlohmann::json f = nlohmann::json::object()) {
  write(Level::kWarn, event, std::move(f));
}
inline void error(std::string_view event, nlohmann::json f = nlohmann::json::object()) {
  write(Level::kError, event, std::move(f));
}

/// Request id attached to every log line written by this thread while set.
class ScopedRequestId {
 public:
  explicit ScopedRequestId(std::string id);
  ~ScopedRequestId();
  ScopedRequestId(const ScopedRequestId&) = delete;
  ScopedRequestId& operator=(const ScopedRequestId&) = delete;

 private:
  std::string previous_;
};

}  // namespace anxin::log
