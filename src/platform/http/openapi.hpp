#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "platform/http/api.hpp"

namespace anxin::http {

/// The OpenAPI 3.1 document of every route in `router`, with the shared error schema.
nlohmann::json openapi_document(const Router& router, const std::string& version);

}  // namespace anxin::http
