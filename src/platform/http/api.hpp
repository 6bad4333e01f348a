#pragma once

// The small HTTP interface modules program against. No framework headers here: the server glue in
// server.cpp adapts RESTinio to these types.

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/caller.hpp"
#include "core/clock.hpp"
#include "core/paging.hpp"
#include "core/result.hpp"

namespace anxin::http {

enum class Method { kGet, kPost, kPut, kPatch, kDelete };
std::string_view method_name(Method m);

/// The caller's language for messages: "zh-CN" (default) or "en-US".
using Lang = std::string;

/// What the server knows about the caller once authentication has run (filled by middleware).
using Principal = Caller;

/// One incoming request, already routed and (for routes with a body schema) validated.
struct Request {
  Method method = Method::kGet;
  std::string path;
  /// The matched route pattern, e.g. "/api/v1/departments/{id}".
  std::string route;
  std::map<std::string, std::string> path_params;
  std::map<std::string, std::string> query;
  /// Header names lower-cased.
  std::map<std::string, std::string> headers;
  std::string body;
  /// The parsed body when the route declares a body schema.
  nlohmann::json json;
  std::string request_id;
  Lang lang = "zh-CN";
  std::string remote_ip;
  Principal principal;
  /// The CSRF token of the caller's browser session (set by the authentication middleware).
  std::string csrf_token;
  /// Whether the credential this request came with is still valid (not signed out, expired or
  /// disabled), without extending it; set by the authentication middleware. Long-lived responses
  /// check it now and then.
  std::function<bool()> credential_alive;

  /// The value of cookie `name`, or empty.
  std::string cookie(const std::string& name) const;

  std::string header(const std::string& lower_name) const;
  std::optional<std::string> query_param(const std::string& name) const;
  /// The path parameter `name` as a positive integer id, or a not_found error.
  Result<std::int64_t> path_id(const std::string& name) const;
};

/// The open end of a streamed response (Server-Sent Events): writes go out as they are made. Thread-safe.
class StreamWriter {
 public:
  virtual ~StreamWriter() = default;
  /// Queues `data` for the client; false once the client has gone or the stream was closed.
  virtual bool write(std::string data) = 0;
  virtual bool open() const = 0;
  /// Ends the response; later writes are refused.
  virtual void close() = 0;
};

/// Called once the response head of a streamed response has been sent.
using StreamOpened = std::function<void(std::shared_ptr<StreamWriter>)>;

/// An outgoing response.
struct Response {
  int status = 200;
  std::string content_type = "application/json; charset=utf-8";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
  /// Set for a streamed response: the server sends the head and `body` (if any), then hands the
  /// open stream to this function and keeps the connection until the stream is closed.
  StreamOpened stream;

  static Response json(const nlohmann::json& value, int status = 200);
  static Response no_content();
  static Response text(std::string body, std::string content_type, int status = 200);
  /// A `text/event-stream` response (Server-Sent Events), never cached or buffered by proxies.
  static Response event_stream(StreamOpened on_open);
};

/// One Server-Sent Events frame: `event: <event>` and the data lines.
std::string sse_frame(const std::string& event, const std::string& data);

using Handler = std::function<Result<Response>(Request&)>;

/// One query parameter a route accepts, for validation and the OpenAPI document.
struct QueryParam {
  std::string name;
  /// JSON Schema of the value, e.g. {"type":"integer","minimum":1}.
  nlohmann::json schema;
  std::string description;
};

/// A route as declared by a module: everything the server, the OpenAPI document and the
/// authorization tests need to know about it.
struct Route {
  Method method = Method::kGet;
  /// Path with {name} parameters, e.g. "/api/v1/departments/{id}".
  std::string path;
  /// Permission string "module:entity:action" the caller must hold; empty only for public routes.
  std::string permission;
  /// True for routes reachable without logging in (health, login, OpenAPI).
  bool is_public = false;
  /// True for routes any logged-in caller may use whatever their permissions (own profile,
  /// logout, password change). Every other non-public route must name a permission.
  bool authenticated_only = false;
  std::string summary;
  /// OpenAPI tag, usually the module name.
  std::string tag;
  /// JSON Schema of the body (subset: type, properties, required, additionalProperties, maxLength,
  /// minLength, minimum, maximum, enum, items, maxItems, format date-time). Null: no body.
  nlohmann::json body_schema;
  /// Binary upload routes (no body schema): the body is one file of one of these media types, e.g.
  /// {"image/png", "application/pdf"}. Any other Content-Type gets 415 and an empty body 400 before the
  /// handler runs; the handler still checks that the bytes are what the Content-Type says.
  std::vector<std::string> upload_media_types;
  /// Largest accepted body of this route in bytes (413 above it); 0: the server's limit for JSON
  /// bodies. Only upload routes should raise it.
  std::size_t max_body_bytes = 0;
  std::vector<QueryParam> query_params;
  /// JSON Schema of a successful response body (for the OpenAPI document). Every JSON answer declares
  /// one; a 204 answer has no body and declares none; a text answer (event stream, CAP, metrics) may
  /// describe its content with a {"type":"string"} schema; binary answers are described by their media
  /// type alone.
  nlohmann::json response_schema;
  /// 204: the answer has no body (and no response_schema).
  int success_status = 200;
  /// Non-JSON responses (metrics, CSV, PDF) name their media type here.
  std::string response_media_type = "application/json";
  /// Downloads whose media type depends on the file (e.g. attachments) list every possible type here;
  /// published instead of response_media_type.
  std::vector<std::string> response_media_types;
  Handler handler;
};

/// The route table. Modules add their routes at start-up; the server serves exactly these.
class Router {
 public:
  void add(Route route);
  const std::vector<Route>& routes() const { return routes_; }

  /// Finds the route for `method` and `path`; fills `params`. `path_exists` tells a 404 from a
  /// wrong method.
  const Route* match(Method method, const std::string& path, std::map<std::string, std::string>& params,
                     bool& path_exists) const;

 private:
  std::vector<Route> routes_;
};

/// Paging parameters of list endpoints (?page=&page_size=), 1-based.
using Page = PageRequest;

/// The media type of a Content-Type header value, lower-cased and without parameters:
/// "Image/PNG; q=1" -> "image/png".
std::string media_type_of(std::string_view content_type);
/// A Content-Disposition value that makes browsers download the body under `file_name` (RFC 6266 with
/// the RFC 5987 UTF-8 form, and an ASCII fallback).
std::string attachment_disposition(std::string_view file_name);
/// A file for the browser to save, never to render: its own type, a download disposition, no scripts even when
/// opened directly (CSP sandbox), and not kept in shared caches.
Response download(std::string bytes, const std::string& media_type, const std::string& file_name);

/// A string member of a JSON body that may be absent or null.
std::optional<std::string> json_string(const nlohmann::json& j, const char* key);
/// The query parameter `name` when present and not empty.
std::optional<std::string> query_text(const Request& req, const std::string& name);
/// A positive integer query parameter, or a common.query_invalid error naming it.
Result<std::optional<std::int64_t>> query_id(const Request& req, const std::string& name);
/// An RFC 3339 instant query parameter, or a common.query_invalid error naming it.
Result<std::optional<TimestampMs>> query_time(const Request& req, const std::string& name);

/// Reads and validates page/page_size (page ≥ 1, 1 ≤ page_size ≤ 200).
Result<Page> page_of(const Request& req);
/// The query parameters every list route accepts.
std::vector<QueryParam> paging_params();
/// {"items":[…],"total":N,"page":P,"page_size":S}
nlohmann::json page_json(nlohmann::json items, std::int64_t total, const Page& page);
/// JSON Schema of a paged list whose items follow `item_schema`.
nlohmann::json page_schema(const nlohmann::json& item_schema);
/// JSON Schema of an unpaged list {"items":[…]} whose items follow `item_schema`.
nlohmann::json items_schema(const nlohmann::json& item_schema);

}  // namespace anxin::http
