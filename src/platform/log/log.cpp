#include "platform/log/log.hpp"

#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include "core/clock.hpp"

namespace anxin::log {
namespace {

thread_local std::string t_request_id;

std::shared_ptr<spdlog::logger>& logger() {
  static std::shared_ptr<spdlog::logger> instance = [] {
    auto l = std::make_shared<spdlog::logger>("anxin", std::make_shared<spdlog::sinks::stderr_sink_mt>());
    l->set_pattern("%v");
    return l;
  }();
  return instance;
}

spdlog::level::level_enum to_spd(Level l) {
  switch (l) {
    case Level::kDebug: return spdlog::level::debug;
    case Level::kInfo: return spdlog::level::info;
    case Level::kWarn: return spdlog::level::warn;
    case Level::kError: return spdlog::level::err;
  }
  return spdlog::level::info;
}

const char* name_of(Level l) {
  switch (l) {
    case Level::kDebug: return "debug";
    case Level::kInfo: return "info";
    case Level::kWarn: return "warn";
    case Level::kError: return "error";
  }
  return "info";
}

}  // namespace

void init(const Options& options) {
  std::vector<spdlog::sink_ptr> sinks{std::make_shared<spdlog::sinks::stderr_sink_mt>()};
  if (!options.file.empty()) sinks.push_back(std::make_shared<spdlog::sinks::basic_file_sink_mt>(options.file));
  auto l = std::make_shared<spdlog::logger>("anxin", sinks.begin(), sinks.end());
  l->set_pattern("%v");
  l->set_level(to_spd(options.level));
  l->flush_on(spdlog::level::info);
  logger() = l;
}

bool parse_level(std::string_view text, Level& out) {
  if (text == "debug")
    out = Level::kDebug;
  else if (text == "info")
    out = Level::kInfo;
  else if (text == "warn")
    out = Level::kWarn;
  else if (text == "error")
    out = Level::kError;
  else
    return false;
  return true;
}

void write(Level level, std::string_view event, nlohmann::json fields) {
  auto& l = logger();
  if (!l->should_log(to_spd(level))) return;
  nlohmann::json line = nlohmann::json::object();
  line["ts"] = format_rfc3339(SystemClock().now_ms());
  line["level"] = name_of(level);
  line["event"] = event;
  if (!t_request_id.empty()) line["request_id"] = t_request_id;
  if (fields.is_object()) {
    for (auto& [k, v] : fields.items()) line[k] = std::move(v);
  }
  l->log(to_spd(level), "{}", line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

ScopedRequestId::ScopedRequestId(std::string id) : previous_(std::move(t_request_id)) { t_request_id = std::move(id); }
ScopedRequestId::~ScopedRequestId() { t_request_id = std::move(previous_); }

}  // namespace anxin::log
