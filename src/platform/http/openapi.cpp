#include "platform/http/openapi.hpp"

#include <set>

namespace anxin::http {
namespace {

std::string lower_method(Method m) {
  std::string s(method_name(m));
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string operation_id(const Route& r) {
  std::string id = lower_method(r.method);
  bool upper = true;
  for (char c : r.path.substr(r.path.starts_with("/api/v1") ? 7 : 0)) {
    if (c == '/' || c == '{' || c == '}' || c == '-' || c == '.' || c == '_') {
      upper = true;
      continue;
    }
    id += upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
    upper = false;
  }
  return id;
}

/// The body schema as published: our validator treats a missing additionalProperties as false, so
/// the document states it explicitly.
nlohmann::json publish_schema(nlohmann::json s) {
  if (s.is_object() && s.value("type", nlohmann::json()) == "object" && !s.contains("additionalProperties")) {
    s["additionalProperties"] = false;
  }
  if (s.is_object() && s.contains("properties")) {
    for (auto& [k, v] : s["properties"].items()) v = publish_schema(v);
  }
  if (s.is_object() && s.contains("items")) s["items"] = publish_schema(s["items"]);
  return s;
}

std::string status_description(int status) {
  switch (status) {
    case 200: return "OK";
    case 201: return "Created";
    case 204: return "No content";
    default: return "Success";
  }
}

/// Text formats (metrics, CSV, XML) are strings; everything else (images, PDF, spreadsheets) is binary.
bool is_text_media_type(const std::string& type) {
  return type.starts_with("text/") || type.ends_with("+xml") || type.ends_with("/xml") || type.ends_with("+json");
}

/// A body of raw bytes.
nlohmann::json binary_schema() { return {{"type", "string"}, {"format", "binary"}}; }

}  // namespace

nlohmann::json openapi_document(const Router& router, const std::string& version) {
  nlohmann::json paths = nlohmann::json::object();
  std::set<std::string> tags;
  const nlohmann::json error_ref = {{"$ref", "#/components/responses/Error"}};
  for (const Route& r : router.routes()) {
    nlohmann::json op = {{"operationId", operation_id(r)},
                         {"summary", r.summary.empty() ? r.path : r.summary},
                         {"tags", {r.tag.empty() ? "system" : r.tag}}};
    tags.insert(r.tag.empty() ? "system" : r.tag);
    if (!r.permission.empty()) op["x-permission"] = r.permission;
    if (r.authenticated_only) op["x-authenticated-only"] = true;
    if (r.is_public) {
      op["security"] = nlohmann::json::array();
    } else {
      op["security"] = {{{"session", nlohmann::json::array()}}, {{"bearer", nlohmann::json::array()}}};
    }
    nlohmann::json params = nlohmann::json::array();
    std::size_t pos = 0;
    while ((pos = r.path.find('{', pos)) != std::string::npos) {
      const auto end = r.path.find('}', pos);
      const std::string name = r.path.substr(pos + 1, end - pos - 1);
      // Record ids ("id", "…_id") are positive integers; other parameters (a token, a key) are text.
      const bool id = name == "id" || name.ends_with("_id");
      params.push_back({{"name", name},
                        {"in", "path"},
                        {"required", true},
                        {"schema", id ? nlohmann::json{{"type", "integer"}, {"minimum", 1}}
                                      : nlohmann::json{{"type", "string"}, {"maxLength", 200}}}});
      pos = end;
    }
    for (const auto& q : r.query_params) {
      params.push_back({{"name", q.name},
                        {"in", "query"},
                        {"required", false},
                        {"schema", q.schema},
                        {"description", q.description}});
    }
    if (!params.empty()) op["parameters"] = params;
    if (!r.body_schema.is_null()) {
      op["requestBody"] = {{"required", true},
                           {"content", {{"application/json", {{"schema", publish_schema(r.body_schema)}}}}}};
    } else if (!r.upload_media_types.empty()) {
      nlohmann::json content = nlohmann::json::object();
      for (const auto& type : r.upload_media_types) content[type] = {{"schema", binary_schema()}};
      op["requestBody"] = {{"required", true},
                           {"description", "The file itself as the raw body; its bytes must match the Content-Type."},
                           {"content", content}};
      if (r.max_body_bytes != 0) {
        op["requestBody"]["description"] = "The file itself as the raw body, at most " +
                                           std::to_string(r.max_body_bytes) +
                                           " bytes; its bytes must match the Content-Type.";
        op["requestBody"]["x-max-bytes"] = r.max_body_bytes;
      }
    }
    nlohmann::json ok = {{"description", status_description(r.success_status)}};
    if (r.success_status != 204) {
      const nlohmann::json schema =
          r.response_schema.is_null() ? nlohmann::json{{"type", "object"}} : r.response_schema;
      auto body_schema = [&](const std::string& type) {
        if (type == "application/json") return schema;
        if (!is_text_media_type(type)) return binary_schema();
        // A text answer (an event stream, CAP, metrics) is a string; its route may describe the content.
        return r.response_schema.is_null() ? nlohmann::json{{"type", "string"}} : r.response_schema;
      };
      nlohmann::json content = nlohmann::json::object();
      if (r.response_media_types.empty()) {
        content[r.response_media_type] = {{"schema", body_schema(r.response_media_type)}};
      } else {
        for (const auto& type : r.response_media_types) content[type] = {{"schema", body_schema(type)}};
      }
      ok["content"] = content;
    }
    op["responses"] = {{std::to_string(r.success_status), ok}, {"4XX", error_ref}, {"5XX", error_ref}};
    paths[r.path][lower_method(r.method)] = op;
  }
  nlohmann::json tag_list = nlohmann::json::array();
  for (const auto& t : tags) tag_list.push_back({{"name", t}, {"description", "Operations of the " + t + " module."}});
  return {
      {"openapi", "3.1.0"},
      {"info",
       {{"title", "anxin API"},
        {"version", version},
        {"description", "Safety, insurance and emergency management for service companies."},
        {"license", {{"name", "Proprietary"}, {"identifier", "LicenseRef-Proprietary"}}}}},
      {"servers", {{{"url", "/"}}}},
      {"tags", tag_list},
      {"paths", paths},
      {"components",
       {{"securitySchemes",
         {{"session",
           {{"type", "apiKey"},
            {"in", "cookie"},
            {"name", "anxin_session"},
            {"description", "Browser session; state-changing requests also send X-CSRF-Token."}}},
          {"bearer", {{"type", "http"}, {"scheme", "bearer"}, {"description", "API token of a service account."}}}}},
        {"schemas",
         {{"Error",
           {{"type", "object"},
            {"required", {"error"}},
            {"properties",
             {{"error",
               {{"type", "object"},
                {"required", {"code", "key", "message", "details", "request_id"}},
                {"properties",
                 {{"code",
                   {{"type", "string"},
                    {"enum",
                     {"invalid_argument", "unprocessable", "unauthenticated", "forbidden", "not_found", "conflict",
                      "payload_too_large", "unsupported_media_type", "rate_limited", "unavailable", "internal"}}}},
                  {"key", {{"type", "string"}}},
                  {"message", {{"type", "string"}}},
                  {"details", {{"type", "object"}}},
                  {"request_id", {{"type", "string"}}}}}}}}}}}}},
        {"responses",
         {{"Error",
           {{"description", "Error in the common shape; the message follows Accept-Language."},
            {"content", {{"application/json", {{"schema", {{"$ref", "#/components/schemas/Error"}}}}}}}}}}}}}};
}

}  // namespace anxin::http
