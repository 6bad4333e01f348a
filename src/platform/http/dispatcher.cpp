#include "platform/http/dispatcher.hpp"

#include <sodium.h>

#include <algorithm>
#include <chrono>

#include "platform/http/i18n.hpp"
#include "platform/http/schema.hpp"
#include "platform/log/log.hpp"
#include "platform/metrics/metrics.hpp"

namespace anxin::http {

std::string_view http_sql(std::string_view name);  // embedded queries/*.sql

namespace {

constexpr std::size_t kMaxJsonDepth = 64;

std::string random_request_id() {
  unsigned char bytes[12];
  randombytes_buf(bytes, sizeof bytes);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned char b : bytes) {
    out += kHex[b >> 4];
    out += kHex[b & 15];
  }
  return out;
}

bool safe_token(std::string_view s, std::size_t max) {
  if (s.empty() || s.size() > max) return false;
  for (unsigned char c : s) {
    if (c < 0x21 || c > 0x7e) return false;
  }
  return true;
}

std::optional<Method> parse_method(std::string_view m) {
  if (m == "GET") return Method::kGet;
  if (m == "POST") return Method::kPost;
  if (m == "PUT") return Method::kPut;
  if (m == "PATCH") return Method::kPatch;
  if (m == "DELETE") return Method::kDelete;
  return std::nullopt;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::optional<std::string> percent_decode(std::string_view s, bool plus_is_space) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%') {
      if (i + 2 >= s.size()) return std::nullopt;
      const int hi = hex_value(s[i + 1]);
      const int lo = hex_value(s[i + 2]);
      if (hi < 0 || lo < 0) return std::nullopt;
      out += static_cast<char>(hi * 16 + lo);
      i += 2;
    } else if (s[i] == '+' && plus_is_space) {
      out += ' ';
    } else {
      out += s[i];
    }
  }
  if (!is_valid_utf8(out)) return std::nullopt;
  return out;
}

/// Nesting depth of a JSON text outside strings; refuses documents that would recurse too deep.
bool depth_ok(std::string_view body) {
  std::size_t depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < body.size(); ++i) {
    const char c = body[i];
    if (in_string) {
      if (c == '\\')
        ++i;
      else if (c == '"')
        in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      if (++depth > kMaxJsonDepth) return false;
    } else if (c == '}' || c == ']') {
      if (depth > 0) --depth;
    }
  }
  return true;
}

bool is_json_content_type(std::string_view ct) { return media_type_of(ct) == "application/json"; }

}  // namespace

std::string sha256_hex(std::string_view data) {
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(data.data()), data.size());
  char hex[crypto_hash_sha256_BYTES * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return hex;
}

int http_status(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidArgument: return 400;
    case ErrorCode::kUnprocessable: return 422;
    case ErrorCode::kUnauthenticated: return 401;
    case ErrorCode::kForbidden: return 403;
    case ErrorCode::kNotFound: return 404;
    case ErrorCode::kConflict: return 409;
    case ErrorCode::kPayloadTooLarge: return 413;
    case ErrorCode::kUnsupportedMediaType: return 415;
    case ErrorCode::kRateLimited: return 429;
    case ErrorCode::kUnavailable: return 503;
    case ErrorCode::kInternal: return 500;
  }
  return 500;
}

Response error_response(const Error& error, const std::string& lang, const std::string& request_id) {
  nlohmann::json details = error.details.is_object() ? error.details : nlohmann::json::object();
  nlohmann::json message_args = details;
  message_args["request_id"] = request_id;
  nlohmann::json body = {{"error",
                          {{"code", error_code_name(error.code)},
                           {"key", error.message_key},
                           {"message", translate(lang, error.message_key, message_args)},
                           {"details", details},
                           {"request_id", request_id}}}};
  return Response::json(body, http_status(error.code));
}

// ---- IdempotencyStore ---------------------------------------------------------------------

std::optional<IdempotencyStore::Record> IdempotencyStore::find(const std::string& key_hash) {
  auto row = db_.read([&](db::Conn& c) { return c.query_one(http_sql("idempotency_find"), key_hash); });
  if (!row) return std::nullopt;
  Record r;
  r.request_hash = row->text("request_hash");
  if (auto s = row->opt_int64("status")) r.status = static_cast<int>(*s);
  r.body = row->text("response_body");
  if (sealer_.open && r.status && !r.body.empty()) {
    auto opened = sealer_.open(key_hash, r.body);
    // A record that cannot be opened is treated as one whose outcome is unknown.
    if (!opened) r.status.reset();
    r.body = opened.value_or("");
  }
  return r;
}

std::function<void(db::Conn&)> IdempotencyStore::claim(const std::string& key_hash, const std::string& request_hash) {
  return [this, key_hash, request_hash](db::Conn& c) {
    c.exec(http_sql("idempotency_claim"), key_hash, request_hash, clock_.now_ms());
  };
}

void IdempotencyStore::complete(const std::string& key_hash, const std::string& request_hash,
                                const Response& response) {
  auto r = db_.write([&](db::Conn& c) -> Status {
    const std::string stored =
        sealer_.seal && !response.body.empty() ? sealer_.seal(key_hash, response.body) : response.body;
    c.exec(http_sql("idempotency_complete"), key_hash, request_hash, std::int64_t{response.status}, stored,
           clock_.now_ms());
    return ok_status();
  });
  if (!r.ok()) log::warn("http.idempotency_record_failed", {{"key", r.error().message_key}});
}

std::int64_t IdempotencyStore::expire(std::int64_t ttl_ms) {
  std::int64_t n = 0;
  auto r = db_.write([&](db::Conn& c) -> Status {
    n = c.exec(http_sql("idempotency_expire"), clock_.now_ms() - ttl_ms);
    return ok_status();
  });
  return r.ok() ? n : 0;
}

std::mutex& IdempotencyStore::lock_for(const std::string& key_hash) {
  return stripes_[std::hash<std::string>{}(key_hash) % stripes_.size()];
}

// ---- Dispatcher ---------------------------------------------------------------------------

Dispatcher::Dispatcher(const Router& router, db::Database* db, const Clock& clock, DispatchOptions options)
    : router_(router), clock_(clock), options_(options) {
  if (db != nullptr) idempotency_ = std::make_unique<IdempotencyStore>(*db, clock);
  auto& m = metrics::global();
  m.describe("anxin_http_requests_total", "counter", "HTTP requests by method, route and status.");
  m.describe("anxin_http_request_duration_seconds", "histogram", "HTTP request latency by method and route.");
}

Response Dispatcher::dispatch(RawRequest raw) {
  const auto start = std::chrono::steady_clock::now();
  Request req;
  for (auto& [k, v] : raw.headers) {
    std::string name = k;
    for (auto& ch : name) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    req.headers[name] = v;
  }
  const std::string incoming_id = req.header("x-request-id");
  req.request_id = safe_token(incoming_id, 64) ? incoming_id : random_request_id();
  log::ScopedRequestId scoped(req.request_id);
  req.lang = negotiate_language(req.header("accept-language"));
  req.remote_ip = std::move(raw.remote_ip);
  req.principal.ip = req.remote_ip;
  req.principal.request_id = req.request_id;
  req.body = std::move(raw.body);
  const std::string method_text = raw.method;

  std::string route_label = "unmatched";
  Result<Response> result = Error::internal();
  try {
    const auto qpos = raw.target.find('?');
    req.path = raw.target.substr(0, qpos);
    bool query_ok = true;
    if (qpos != std::string::npos) {
      std::string_view q(raw.target);
      q.remove_prefix(qpos + 1);
      while (!q.empty()) {
        const auto amp = q.find('&');
        const std::string_view part = q.substr(0, amp);
        q = amp == std::string_view::npos ? std::string_view{} : q.substr(amp + 1);
        if (part.empty()) continue;
        const auto eq = part.find('=');
        auto key = percent_decode(part.substr(0, eq), true);
        auto value = percent_decode(eq == std::string_view::npos ? std::string_view{} : part.substr(eq + 1), true);
        if (!key || !value) {
          query_ok = false;
          break;
        }
        req.query[*key] = *value;
      }
    }
    const auto method = parse_method(method_text);
    bool path_exists = false;
    const Route* route = method ? router_.match(*method, req.path, req.path_params, path_exists) : nullptr;
    std::optional<Response> page;
    if (route == nullptr && static_files_ != nullptr && method == Method::kGet && !req.path.starts_with("/api/")) {
      page = static_files_->serve(req);
    }
    if (page) {
      route_label = "static";
      result = std::move(*page);
    } else if (route == nullptr) {
      result = Error{ErrorCode::kNotFound, path_exists ? "common.method_not_allowed" : "common.route_not_found",
                     nlohmann::json::object()};
    } else if (!query_ok) {
      route_label = route->path;
      result = Error::invalid("common.query_invalid", {{"field", "query"}});
    } else {
      route_label = route->path;
      req.method = *method;
      req.route = route->path;
      for (auto& [k, v] : req.path_params) {
        auto decoded = percent_decode(v, false);
        v = decoded ? *decoded : std::string{};
      }
      result = handle(req, *route);
    }
  } catch (const ErrorException& e) {
    result = e.error();
  } catch (const std::exception& e) {
    log::error("http.handler_failed", {{"route", route_label}, {"reason", e.what()}});
    result = Error::internal();
  }

  Response resp = result.ok() ? std::move(result).value() : error_response(result.error(), req.lang, req.request_id);
  resp.headers.emplace_back("X-Request-Id", req.request_id);
  resp.headers.emplace_back("X-Content-Type-Options", "nosniff");
  // API answers are never cached; a handler may say more (e.g. "private, no-store" on downloads).
  const bool has_cache_control = std::any_of(resp.headers.begin(), resp.headers.end(), [](const auto& h) {
    return h.first.size() == 13 && std::equal(h.first.begin(), h.first.end(), "cache-control", [](char a, char b) {
             return std::tolower(static_cast<unsigned char>(a)) == b;
           });
  });
  if (req.path.starts_with("/api/") && !has_cache_control) resp.headers.emplace_back("Cache-Control", "no-store");

  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  auto& m = metrics::global();
  m.inc_counter("anxin_http_requests_total",
                {{"method", method_text}, {"route", route_label}, {"status", std::to_string(resp.status)}});
  m.observe("anxin_http_request_duration_seconds", {{"method", method_text}, {"route", route_label}}, seconds,
            metrics::Registry::latency_buckets());
  nlohmann::json fields = {{"method", method_text},
                           {"route", route_label},
                           {"status", resp.status},
                           {"latency_ms", std::round(seconds * 100000) / 100}};
  if (!result.ok()) fields["error_key"] = result.error().message_key;
  log::write(resp.status >= 500 ? log::Level::kError : log::Level::kInfo, "http.request", std::move(fields));
  return resp;
}

Result<Response> Dispatcher::handle(Request& req, const Route& route) {
  // Upload routes may raise the limit for themselves; every other route keeps the JSON one.
  const std::size_t max_body = route.max_body_bytes != 0 ? route.max_body_bytes : options_.max_body_bytes;
  if (req.body.size() > max_body) {
    return Error{ErrorCode::kPayloadTooLarge, "common.payload_too_large", {{"max_bytes", max_body}}};
  }
  for (const auto& mw : middleware_) {
    if (auto e = mw(req, route)) return *e;
  }
  for (const auto& qp : route.query_params) {
    auto v = req.query_param(qp.name);
    if (!v) continue;
    if (utf8_length(*v) > qp.schema.value("maxLength", std::size_t{200})) {
      return Error::invalid("common.query_invalid", {{"field", qp.name}});
    }
  }
  if (!route.body_schema.is_null()) {
    if (!is_json_content_type(req.header("content-type"))) {
      return Error{ErrorCode::kUnsupportedMediaType, "common.unsupported_media_type", nlohmann::json::object()};
    }
    if (req.body.empty()) return Error::invalid("common.body_required");
    if (!is_valid_utf8(req.body)) return Error::invalid("common.invalid_utf8");
    if (!depth_ok(req.body)) return Error::invalid("common.malformed_json", {{"offset", 0}});
    try {
      req.json = nlohmann::json::parse(req.body);
    } catch (const nlohmann::json::parse_error& e) {
      return Error::invalid("common.malformed_json", {{"offset", e.byte}});
    }
    if (auto e = validate(route.body_schema, req.json)) return *e;
  } else if (!route.upload_media_types.empty()) {
    const std::string type = media_type_of(req.header("content-type"));
    if (std::find(route.upload_media_types.begin(), route.upload_media_types.end(), type) ==
        route.upload_media_types.end()) {
      std::string allowed;
      for (const auto& t : route.upload_media_types) allowed += (allowed.empty() ? "" : ", ") + t;
      return Error{ErrorCode::kUnsupportedMediaType, "common.upload_media_type", {{"allowed", allowed}}};
    }
    if (req.body.empty()) return Error::invalid("common.body_required");
  }
  if (req.method == Method::kPost && idempotency_ && req.headers.count("idempotency-key") != 0) {
    return handle_idempotent(req, route, req.header("idempotency-key"));
  }
  return invoke(req, route);
}

Result<Response> Dispatcher::handle_idempotent(Request& req, const Route& route, const std::string& key) {
  if (!safe_token(key, 128)) return Error::invalid("common.idempotency_key_invalid");
  const std::string key_hash = sha256_hex(std::to_string(req.principal.user_id) + "\n" + route.path + "\n" + key);
  const std::string request_hash = sha256_hex(req.path + "\n" + req.body);
  std::lock_guard lock(idempotency_->lock_for(key_hash));
  if (auto rec = idempotency_->find(key_hash)) {
    if (rec->request_hash != request_hash) return Error::conflict("common.idempotency_key_reused");
    if (!rec->status) return Error::conflict("common.idempotency_in_progress");
    Response replay;
    replay.status = *rec->status;
    replay.body = rec->body;
    if (replay.body.empty()) replay.content_type.clear();
    replay.headers.emplace_back("Idempotent-Replayed", "true");
    return replay;
  }
  Result<Response> result = Error::internal();
  {
    db::ScopedFirstWriteHook hook(idempotency_->claim(key_hash, request_hash));
    result = invoke(req, route);
  }
  // Errors are recorded too (a replay answers the same), except server-side failures, which a
  // client may retry with the same key.
  Response recorded = result.ok() ? result.value() : error_response(result.error(), req.lang, req.request_id);
  if (recorded.status < 500) idempotency_->complete(key_hash, request_hash, recorded);
  return result;
}

Result<Response> Dispatcher::invoke(Request& req, const Route& route) {
  auto r = route.handler(req);
  if (r.ok() && r.value().status == 200 && route.success_status != 200) r.value().status = route.success_status;
  return r;
}

}  // namespace anxin::http
