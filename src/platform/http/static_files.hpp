#pragma once

#include <optional>
#include <string>

#include "platform/http/api.hpp"

namespace anxin::http {

/// Serves the built web application from a directory: files by path, hashed assets cached for a
/// year, index.html never cached and returned for unknown paths (single-page-app routes), the
/// pre-compressed .br/.gz sibling when the client accepts it, and a Content-Security-Policy that
/// allows no inline script.
class StaticFiles {
 public:
  explicit StaticFiles(std::string root);

  /// True when the directory holds an index.html.
  bool available() const;
  /// The response for a GET of `path`, or nullopt when there is no web build.
  std::optional<Response> serve(const Request& req) const;

  /// The Content-Security-Policy sent with every page.
  static const char* content_security_policy();

 private:
  std::optional<Response> file_response(const std::string& relative, const Request& req, bool fallback) const;

  std::string root_;
};

}  // namespace anxin::http
