#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "modules/workforce/gate_service.hpp"
#include "modules/workforce/worker_service.hpp"
#include "platform/http/api.hpp"

namespace anxin::workforce {

/// The worker file: list, register, read, update, status, history, reveal (workforce_routes.cpp).
void register_worker_routes(http::Router& router, WorkerService& workers);
/// Background checks, certificates, health consent and health checks (credential_routes.cpp).
void register_credential_routes(http::Router& router, WorkerService& workers);
/// Shifts with the working-time flags, and the module's settings (working_time_routes.cpp).
void register_working_time_routes(http::Router& router, WorkerService& workers);
/// Integrity, pay, social insurance and the worker's cases (worker_records_routes.cpp).
class WorkerRecordsService;
void register_worker_records_routes(http::Router& router, WorkerRecordsService& records);
/// The dispatch gate and the worker's colour for today.
void register_gate_routes(http::Router& router, GateService& gate);

/// The gate's answer as JSON, every reason with its text in `lang`; and its schema.
nlohmann::json gate_answer_json(const GateAnswer& answer, const std::string& lang);
nlohmann::json gate_answer_schema();
/// The reasons behind a colour, as categories in `lang`: [{key, message}].
nlohmann::json colour_reasons_json(const SafetyColour& colour, const std::string& lang);
/// The message key of a gate check's category ("workforce.health" → "gate.category_workforce_health").
std::string category_key(const std::string& check);

}  // namespace anxin::workforce
