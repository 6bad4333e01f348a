#pragma once

#include <array>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "platform/db/database.hpp"
#include "platform/http/api.hpp"
#include "platform/http/static_files.hpp"

namespace anxin::http {

/// A request as it arrives from the wire, before routing.
struct RawRequest {
  std::string method;
  /// Path and query, e.g. "/api/v1/departments?page=2".
  std::string target;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::string remote_ip;
};

/// Runs before a route's handler (authentication, authorization, rate limits); an Error stops
/// the request.
using Middleware = std::function<std::optional<Error>(Request&, const Route&)>;

struct DispatchOptions {
  /// Largest accepted JSON body; larger ones get 413.
  std::size_t max_body_bytes = 1024 * 1024;
  /// Idempotency records older than this are forgotten.
  std::int64_t idempotency_ttl_ms = 24LL * 3600 * 1000;
};

/// HTTP status for an error code: the one place this mapping lives.
int http_status(ErrorCode code);
/// The error body {"error":{code,key,message,details,request_id}} in the caller's language.
Response error_response(const Error& error, const std::string& lang, const std::string& request_id);

/// Encrypts stored response bodies (they may hold one-time passwords, new API tokens or personal
/// values) and opens them again; keyed by the record's key hash.
struct BodySealer {
  std::function<std::string(const std::string& key_hash, const std::string& body)> seal;
  std::function<std::optional<std::string>(const std::string& key_hash, const std::string& stored)> open;
};

/// Replay records for Idempotency-Key, stored in the database.
class IdempotencyStore {
 public:
  IdempotencyStore(db::Database& db, const Clock& clock) : db_(db), clock_(clock) {}
  /// Sets how response bodies are sealed at rest (without one they are stored as they are).
  void set_sealer(BodySealer sealer) { sealer_ = std::move(sealer); }

  struct Record {
    std::string request_hash;
    std::optional<int> status;
    std::string body;
  };
  std::optional<Record> find(const std::string& key_hash);
  /// A first-write hook that claims the key in the handler's own transaction.
  std::function<void(db::Conn&)> claim(const std::string& key_hash, const std::string& request_hash);
  /// Records the final response (insert or update).
  void complete(const std::string& key_hash, const std::string& request_hash, const Response& response);
  /// Deletes records older than `ttl_ms`; returns how many.
  std::int64_t expire(std::int64_t ttl_ms);
  /// Serialises concurrent requests with the same key inside this process.
  std::mutex& lock_for(const std::string& key_hash);

 private:
  db::Database& db_;
  const Clock& clock_;
  BodySealer sealer_;
  std::array<std::mutex, 64> stripes_;
};

/// The request pipeline: routing, size/type/encoding/schema checks, middleware, idempotency,
/// the handler, error rendering, metrics and the access log. Never throws.
class Dispatcher {
 public:
  Dispatcher(const Router& router, db::Database* db, const Clock& clock, DispatchOptions options);

  void add_middleware(Middleware m) { middleware_.push_back(std::move(m)); }
  /// Serves the web build for GET requests outside /api/ that match no route.
  void set_static_files(const StaticFiles* files) { static_files_ = files; }
  Response dispatch(RawRequest raw);
  IdempotencyStore* idempotency() { return idempotency_.get(); }

 private:
  Result<Response> handle(Request& req, const Route& route);
  Result<Response> handle_idempotent(Request& req, const Route& route, const std::string& key);
  Result<Response> invoke(Request& req, const Route& route);

  const Router& router_;
  const Clock& clock_;
  DispatchOptions options_;
  std::vector<Middleware> middleware_;
  const StaticFiles* static_files_ = nullptr;
  std::unique_ptr<IdempotencyStore> idempotency_;
};

/// Lower-case hex SHA-256 of `data`.
std::string sha256_hex(std::string_view data);

}  // namespace anxin::http
