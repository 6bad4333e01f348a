#pragma once

#include "modules/workforce/worker_import.hpp"
#include "platform/http/api.hpp"

namespace anxin::workforce {

/// The import template, the import itself and its problem report.
void register_import_routes(http::Router& router, WorkerImport& import);

}  // namespace anxin::workforce
