#include "modules/orders/order_routes.hpp"
#include "modules/workforce/workforce_routes.hpp"
#include "platform/http/rate_limiter.hpp"
#include "platform/http/schema.hpp"

namespace anxin::orders {
namespace {

using nlohmann::json;
namespace schema = http::schema;

/// Requests per client address and minute to the customer's page: enough for a household following its order,
/// too few to try tokens.
constexpr std::int64_t kPublicLimitPerMinute = 30;

json opt_time(const std::optional<TimestampMs>& t) { return t ? json(format_rfc3339(*t)) : json(nullptr); }

json view_json(const CustomerView& v, const std::string& lang) {
  json worker = nullptr;
  if (v.worker_initial) {
    workforce::SafetyColour colour{.colour = v.colour.value_or("red"), .reason_keys = v.colour_reasons};
    worker = {{"name", *v.worker_initial},
              {"colour", colour.colour},
              {"reasons", workforce::colour_reasons_json(colour, lang)}};
  }
  const bool open = v.status == "scheduled" || v.status == "in_service";
  return {{"service_type_name", v.service_type_name},
          {"starts_at", format_rfc3339(v.starts_at)},
          {"ends_at", format_rfc3339(v.ends_at)},
          {"status", v.status},
          {"worker", worker},
          {"arrival_confirmed_at", opt_time(v.arrival_confirmed_at)},
          {"signoff", v.signoff_outcome && v.signoff_at
                          ? json{{"outcome", *v.signoff_outcome}, {"at", format_rfc3339(*v.signoff_at)}}
                          : json(nullptr)},
          {"can_confirm_arrival", open && v.worker_initial.has_value() && !v.arrival_confirmed_at},
          {"can_sign_off", v.status == "completed" && !v.signoff_outcome}};
}

json view_schema() {
  const json reason = {{"type", "object"},
                       {"required", {"key", "message"}},
                       {"properties", {{"key", {{"type", "string"}}}, {"message", {{"type", "string"}}}}}};
  return {{"type", "object"},
          {"required",
           {"service_type_name", "starts_at", "ends_at", "status", "worker", "arrival_confirmed_at", "signoff",
            "can_confirm_arrival", "can_sign_off"}},
          {"properties",
           {{"service_type_name", {{"type", "string"}}},
            {"starts_at", schema::date_time()},
            {"ends_at", schema::date_time()},
            {"status", {{"type", "string"}}},
            {"worker",
             {{"type", {"object", "null"}},
              {"required", {"name", "colour", "reasons"}},
              {"properties",
               {{"name", {{"type", "string"}}},
                {"colour", schema::one_of({"green", "yellow", "red"})},
                {"reasons", {{"type", "array"}, {"items", reason}}}}}}},
            {"arrival_confirmed_at", {{"type", {"string", "null"}}}},
            {"signoff",
             {{"type", {"object", "null"}},
              {"required", {"outcome", "at"}},
              {"properties", {{"outcome", schema::one_of({"no_damage", "damage"})}, {"at", schema::date_time()}}}}},
            {"can_confirm_arrival", {{"type", "boolean"}}},
            {"can_sign_off", {{"type", "boolean"}}}}}};
}

}  // namespace

void register_public_routes(http::Router& router, OrderService& orders) {
  auto limiter = std::make_shared<http::RateLimiter>(kPublicLimitPerMinute, 60000);
  // One limit for the page and its two actions, per client address.
  const auto limited = [limiter, &orders](const http::Request& req) -> std::optional<Error> {
    if (limiter->allow(req.remote_ip, orders.now())) return std::nullopt;
    return Error{ErrorCode::kRateLimited,
                 "common.rate_limited",
                 {{"retry_after_seconds", limiter->retry_after_seconds(req.remote_ip, orders.now())}}};
  };
  router.add(
      {.method = http::Method::kGet,
       .path = "/api/v1/public/order-links/{token}",
       .is_public = true,
       .summary = "The customer's page of an order: when, what, the worker's 安心码 colour, arrival and sign-off",
       .tag = "orders",
       .response_schema = view_schema(),
       .handler = [&orders, limited](http::Request& req) -> Result<http::Response> {
         if (auto e = limited(req)) return *e;
         auto v = orders.view(req.path_params["token"], req.lang);
         // An unknown and an expired link get the same answer.
         if (!v) return Error::not_found("orders.link_unknown");
         return http::Response::json(view_json(*v, req.lang));
       }});
  router.add({.method = http::Method::kPost,
              .path = "/api/v1/public/order-links/{token}/arrival",
              .is_public = true,
              .summary = "The customer confirms that the worker has arrived",
              .tag = "orders",
              .response_schema = view_schema(),
              .handler = [&orders, limited](http::Request& req) -> Result<http::Response> {
                if (auto e = limited(req)) return *e;
                ANXIN_ASSIGN_OR_RETURN(auto v, orders.confirm_arrival(req.path_params["token"], req.lang));
                return http::Response::json(view_json(v, req.lang));
              }});
  router.add(
      {.method = http::Method::kPost,
       .path = "/api/v1/public/order-links/{token}/signoff",
       .is_public = true,
       .summary = "The customer signs the service off: no damage or loss, or a damage report (opens an incident)",
       .tag = "orders",
       .body_schema = {{"type", "object"},
                       {"required", {"outcome"}},
                       {"properties",
                        {{"outcome", schema::one_of({"no_damage", "damage"})},
                         {"description", schema::nullable_text(2000)},
                         {"rating", {{"type", "integer"}, {"minimum", 1}, {"maximum", 5}}},
                         {"feedback", schema::nullable_text(1000)}}}},
       .response_schema = view_schema(),
       .handler = [&orders, limited](http::Request& req) -> Result<http::Response> {
         if (auto e = limited(req)) return *e;
         ANXIN_ASSIGN_OR_RETURN(
             auto v, orders.sign_off(req.path_params["token"], req.json["outcome"].get<std::string>(),
                                     http::json_string(req.json, "description"),
                                     req.json.contains("rating") ? std::optional(req.json["rating"].get<std::int64_t>())
                                                                 : std::nullopt,
                                     http::json_string(req.json, "feedback"), req.lang));
         return http::Response::json(view_json(v, req.lang));
       }});
}

}  // namespace anxin::orders
