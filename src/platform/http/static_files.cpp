#include "platform/http/static_files.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

namespace anxin::http {
namespace {

namespace fs = std::filesystem;

std::string media_type(const std::string& ext) {
  static const std::pair<const char*, const char*> kTypes[] = {
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".json", "application/json"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".jpg", "image/jpeg"},
      {".ico", "image/x-icon"},
      {".woff2", "font/woff2"},
      {".woff", "font/woff"},
      {".ttf", "font/ttf"},
      {".txt", "text/plain; charset=utf-8"},
      {".webmanifest", "application/manifest+json"},
  };
  for (const auto& [e, t] : kTypes) {
    if (ext == e) return t;
  }
  return "application/octet-stream";
}

std::optional<std::string> read_file(const fs::path& p) {
  std::error_code ec;
  if (!fs::is_regular_file(p, ec)) return std::nullopt;
  std::ifstream in(p, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

bool accepts(const Request& req, const char* encoding) {
  return req.header("accept-encoding").find(encoding) != std::string::npos;
}

}  // namespace

StaticFiles::StaticFiles(std::string root) : root_(std::move(root)) {}

bool StaticFiles::available() const {
  std::error_code ec;
  return !root_.empty() && fs::is_regular_file(fs::path(root_) / "index.html", ec);
}

const char* StaticFiles::content_security_policy() {
  // Element Plus sets inline style attributes, so styles may be inline; scripts never.
  return "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
         "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
         "frame-ancestors 'none'";
}

std::optional<Response> StaticFiles::file_response(const std::string& relative, const Request& req,
                                                   bool fallback) const {
  const fs::path base = fs::weakly_canonical(fs::path(root_));
  const fs::path target = fs::weakly_canonical(base / relative);
  // Never serve anything outside the web root (no "..", no symlinks out).
  const auto rel = target.lexically_relative(base);
  if (rel.empty() || rel.native().starts_with("..")) return std::nullopt;
  std::optional<std::string> body;
  std::string encoding;
  if (accepts(req, "br")) {
    body = read_file(target.string() + ".br");
    if (body) encoding = "br";
  }
  if (!body && accepts(req, "gzip")) {
    body = read_file(target.string() + ".gz");
    if (body) encoding = "gzip";
  }
  if (!body) body = read_file(target);
  if (!body) return std::nullopt;
  Response r = Response::text(std::move(*body), media_type(target.extension().string()));
  if (!encoding.empty()) r.headers.emplace_back("Content-Encoding", encoding);
  r.headers.emplace_back("Vary", "Accept-Encoding");
  const bool hashed = relative.starts_with("assets/") && !fallback;
  r.headers.emplace_back("Cache-Control", hashed ? "public, max-age=31536000, immutable" : "no-cache");
  r.headers.emplace_back("Content-Security-Policy", content_security_policy());
  r.headers.emplace_back("X-Frame-Options", "DENY");
  r.headers.emplace_back("Referrer-Policy", "no-referrer");
  return r;
}

std::optional<Response> StaticFiles::serve(const Request& req) const {
  if (!available()) return std::nullopt;
  std::string relative = req.path;
  while (!relative.empty() && relative.front() == '/') relative.erase(relative.begin());
  if (relative.empty()) relative = "index.html";
  if (auto r = file_response(relative, req, false)) return r;
  // A file-like path that does not exist is a 404; anything else is a client-side route.
  if (fs::path(relative).has_extension()) return std::nullopt;
  return file_response("index.html", req, true);
}

}  // namespace anxin::http
