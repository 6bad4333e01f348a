#include "platform/http/api.hpp"

#include <cctype>
#include <charconv>

namespace anxin::http {

std::string_view method_name(Method m) {
  switch (m) {
    case Method::kGet: return "GET";
    case Method::kPost: return "POST";
    case Method::kPut: return "PUT";
    case Method::kPatch: return "PATCH";
    case Method::kDelete: return "DELETE";
  }
  return "GET";
}

std::string Request::header(const std::string& lower_name) const {
  auto it = headers.find(lower_name);
  return it == headers.end() ? std::string{} : it->second;
}

std::string Request::cookie(const std::string& name) const {
  const std::string all = header("cookie");
  std::size_t pos = 0;
  while (pos < all.size()) {
    std::size_t end = all.find(';', pos);
    if (end == std::string::npos) end = all.size();
    std::string_view part(all.data() + pos, end - pos);
    while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
    const auto eq = part.find('=');
    if (eq != std::string_view::npos && part.substr(0, eq) == name) return std::string(part.substr(eq + 1));
    pos = end + 1;
  }
  return {};
}

std::optional<std::string> Request::query_param(const std::string& name) const {
  auto it = query.find(name);
  if (it == query.end()) return std::nullopt;
  return it->second;
}

namespace {
std::optional<std::int64_t> parse_int(std::string_view s) {
  std::int64_t v = 0;
  if (s.empty()) return std::nullopt;
  auto r = std::from_chars(s.data(), s.data() + s.size(), v);
  if (r.ec != std::errc{} || r.ptr != s.data() + s.size()) return std::nullopt;
  return v;
}
}  // namespace

Result<std::int64_t> Request::path_id(const std::string& name) const {
  auto it = path_params.find(name);
  if (it == path_params.end()) return Error::not_found();
  auto v = parse_int(it->second);
  if (!v || *v <= 0) return Error::not_found();
  return *v;
}

Response Response::json(const nlohmann::json& value, int status) {
  Response r;
  r.status = status;
  r.body = value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return r;
}

Response Response::no_content() {
  Response r;
  r.status = 204;
  r.content_type.clear();
  return r;
}

Response Response::text(std::string body, std::string content_type, int status) {
  Response r;
  r.status = status;
  r.body = std::move(body);
  r.content_type = std::move(content_type);
  return r;
}

Response Response::event_stream(StreamOpened on_open) {
  Response r;
  r.content_type = "text/event-stream; charset=utf-8";
  r.headers = {{"Cache-Control", "no-store"}, {"X-Accel-Buffering", "no"}};
  r.stream = std::move(on_open);
  return r;
}

std::string sse_frame(const std::string& event, const std::string& data) {
  std::string out = "event: " + event + "\n";
  std::size_t start = 0;
  for (;;) {
    const std::size_t nl = data.find('\n', start);
    out += "data: " + data.substr(start, nl == std::string::npos ? std::string::npos : nl - start) + "\n";
    if (nl == std::string::npos) break;
    start = nl + 1;
  }
  return out + "\n";
}

namespace {
std::vector<std::string_view> split_path(std::string_view path) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  while (start < path.size()) {
    if (path[start] == '/') {
      ++start;
      continue;
    }
    std::size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    out.push_back(path.substr(start, end - start));
    start = end;
  }
  return out;
}
}  // namespace

void Router::add(Route route) { routes_.push_back(std::move(route)); }

const Route* Router::match(Method method, const std::string& path, std::map<std::string, std::string>& params,
                           bool& path_exists) const {
  path_exists = false;
  const auto segments = split_path(path);
  // The most specific route wins: a literal segment beats a {parameter} at the same place, so
  // "/incidents/deadlines" is never taken for "/incidents/{id}".
  const Route* best = nullptr;
  int best_literals = -1;
  std::map<std::string, std::string> best_params;
  for (const Route& r : routes_) {
    const auto pattern = split_path(r.path);
    if (pattern.size() != segments.size()) continue;
    std::map<std::string, std::string> found;
    bool ok = true;
    int literals = 0;
    for (std::size_t i = 0; i < pattern.size() && ok; ++i) {
      if (pattern[i].size() > 2 && pattern[i].front() == '{' && pattern[i].back() == '}') {
        found.emplace(std::string(pattern[i].substr(1, pattern[i].size() - 2)), std::string(segments[i]));
      } else {
        ok = pattern[i] == segments[i];
        ++literals;
      }
    }
    if (!ok) continue;
    path_exists = true;
    if (r.method != method || literals <= best_literals) continue;
    best = &r;
    best_literals = literals;
    best_params = std::move(found);
  }
  if (best != nullptr) params = std::move(best_params);
  return best;
}

std::string media_type_of(std::string_view content_type) {
  std::string_view base = content_type.substr(0, content_type.find(';'));
  while (!base.empty() && (base.front() == ' ' || base.front() == '\t')) base.remove_prefix(1);
  while (!base.empty() && (base.back() == ' ' || base.back() == '\t')) base.remove_suffix(1);
  std::string out(base);
  for (auto& ch : out) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return out;
}

Response download(std::string bytes, const std::string& media_type, const std::string& file_name) {
  Response r = Response::text(std::move(bytes), media_type);
  r.headers.emplace_back("Content-Disposition", attachment_disposition(file_name));
  r.headers.emplace_back("Content-Security-Policy", "sandbox");
  r.headers.emplace_back("Cache-Control", "private, no-store");
  return r;
}

std::string attachment_disposition(std::string_view file_name) {
  // RFC 5987 attr-char; everything else is percent-encoded, so the header value stays plain ASCII.
  auto attr_char = [](unsigned char c) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
    return c != 0 && std::string_view("!#$&+-.^_`|~").find(static_cast<char>(c)) != std::string_view::npos;
  };
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out = "attachment; filename*=UTF-8''";
  for (unsigned char c : file_name) {
    if (attr_char(c)) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

std::optional<std::string> json_string(const nlohmann::json& j, const char* key) {
  if (!j.contains(key) || j[key].is_null()) return std::nullopt;
  return j[key].get<std::string>();
}

std::optional<std::string> query_text(const Request& req, const std::string& name) {
  auto v = req.query_param(name);
  if (!v || v->empty()) return std::nullopt;
  return v;
}

Result<std::optional<std::int64_t>> query_id(const Request& req, const std::string& name) {
  auto v = query_text(req, name);
  if (!v) return std::optional<std::int64_t>{};
  auto n = parse_int(*v);
  if (!n || *n <= 0) return Error::invalid("common.query_invalid", {{"field", name}});
  return std::optional<std::int64_t>(*n);
}

Result<std::optional<TimestampMs>> query_time(const Request& req, const std::string& name) {
  auto v = query_text(req, name);
  if (!v) return std::optional<TimestampMs>{};
  auto t = parse_rfc3339(*v);
  if (!t) return Error::invalid("common.query_invalid", {{"field", name}});
  return std::optional<TimestampMs>(*t);
}

Result<Page> page_of(const Request& req) {
  Page p;
  if (auto v = req.query_param("page")) {
    auto n = parse_int(*v);
    if (!n || *n < 1 || *n > 1000000) return Error::invalid("common.page_invalid", {{"field", "page"}});
    p.page = *n;
  }
  if (auto v = req.query_param("page_size")) {
    auto n = parse_int(*v);
    if (!n || *n < 1 || *n > 200)
      return Error::invalid("common.page_size_invalid", {{"field", "page_size"}, {"max", 200}});
    p.page_size = *n;
  }
  return p;
}

std::vector<QueryParam> paging_params() {
  return {{"page", {{"type", "integer"}, {"minimum", 1}, {"default", 1}}, "Page number, from 1."},
          {"page_size", {{"type", "integer"}, {"minimum", 1}, {"maximum", 200}, {"default", 20}}, "Items per page."}};
}

nlohmann::json page_json(nlohmann::json items, std::int64_t total, const Page& page) {
  return {{"items", std::move(items)}, {"total", total}, {"page", page.page}, {"page_size", page.page_size}};
}

nlohmann::json page_schema(const nlohmann::json& item_schema) {
  return {{"type", "object"},
          {"required", {"items", "total", "page", "page_size"}},
          {"properties",
           {{"items", {{"type", "array"}, {"items", item_schema}}},
            {"total", {{"type", "integer"}}},
            {"page", {{"type", "integer"}}},
            {"page_size", {{"type", "integer"}}}}}};
}

nlohmann::json items_schema(const nlohmann::json& item_schema) {
  return {{"type", "object"},
          {"required", {"items"}},
          {"properties", {{"items", {{"type", "array"}, {"items", item_schema}}}}}};
}

}  // namespace anxin::http
