#include "platform/http/media_sniff.hpp"

#include <magic.h>

#include <algorithm>
#include <mutex>

#include "platform/log/log.hpp"

namespace anxin::http {
namespace {

// Enough for every signature of the types we accept and for HTML/script detection; libmagic
// would otherwise scan megabytes of a large video.
constexpr std::size_t kSniffBytes = 256 * 1024;

/// One libmagic cookie for the process: loading the database takes milliseconds and a cookie is
/// not safe for concurrent use, so calls are serialised.
class Magic {
 public:
  Magic() {
    cookie_ = magic_open(MAGIC_MIME_TYPE | MAGIC_NO_CHECK_COMPRESS | MAGIC_NO_CHECK_ELF);
    if (cookie_ != nullptr && magic_load(cookie_, nullptr) != 0) {
      log::error("http.magic_load_failed", {{"reason", magic_error(cookie_) ? magic_error(cookie_) : "unknown"}});
      magic_close(cookie_);
      cookie_ = nullptr;
    }
  }
  ~Magic() {
    if (cookie_ != nullptr) magic_close(cookie_);
  }
  Magic(const Magic&) = delete;
  Magic& operator=(const Magic&) = delete;

  std::string type_of(std::string_view data) {
    std::lock_guard lock(mu_);
    if (cookie_ == nullptr || data.empty()) return "application/octet-stream";
    const char* type = magic_buffer(cookie_, data.data(), std::min(data.size(), kSniffBytes));
    return type != nullptr ? std::string(type) : std::string("application/octet-stream");
  }

 private:
  std::mutex mu_;
  magic_t cookie_ = nullptr;
};

}  // namespace

std::string sniff_media_type(std::string_view data) {
  static Magic magic;
  return magic.type_of(data);
}

bool is_active_content(std::string_view t) {
  return t.starts_with("text/") || t.find("xml") != std::string_view::npos ||
         t.find("html") != std::string_view::npos || t.find("script") != std::string_view::npos ||
         t.find("svg") != std::string_view::npos || t.find("php") != std::string_view::npos ||
         t == "application/x-sh" || t == "application/x-shellscript";
}

}  // namespace anxin::http
