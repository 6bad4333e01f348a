#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"

namespace anxin::workforce {

/// Certificate kinds known by name (others may be recorded as custom kinds).
inline constexpr const char* kCertificateKinds[] = {
    "housekeeper",         // 家政服务员
    "maternity_nurse",     // 母婴护理员
    "infant_carer",        // 育婴员
    "elderly_carer",       // 养老护理员
    "health_certificate",  // 健康证
    "electrician",         // 电工证
    "height_work",         // 高处作业证
};

/// A background check (背景审查): no-criminal-record certificate, mental-health declaration or credit check.
struct BackgroundCheck {
  std::int64_t id = 0;
  std::int64_t worker_id = 0;
  /// "criminal_record" (theft, abuse, intentional injury, sexual offences, arson, drugs), "mental_health",
  /// "credit".
  std::string kind;
  /// "clear", "flagged" or "pending".
  std::string result;
  std::string checked_on;
  /// Last valid day; nullopt: no end.
  std::optional<std::string> valid_until;
  /// Class 4: what a flagged check found.
  std::optional<std::string> note;
  TimestampMs created_at = 0;
};

/// A qualification certificate (资质证书).
struct Certificate {
  std::int64_t id = 0;
  std::int64_t worker_id = 0;
  std::string kind;
  std::string number;
  std::string issuer;
  std::string issued_on;
  /// Last valid day; nullopt: no end.
  std::optional<std::string> expires_on;
  std::optional<TimestampMs> revoked_at;
  TimestampMs created_at = 0;
};

/// An entry or periodic health check (体检). Result and restrictions are health data (class 4).
struct HealthCheck {
  std::int64_t id = 0;
  std::int64_t worker_id = 0;
  /// "entry" or "periodic".
  std::string kind;
  std::string checked_on;
  /// "fit", "fit_with_restrictions" or "unfit".
  std::string result;
  std::optional<std::string> restrictions;
  std::string next_due_on;
  std::int64_t consent_id = 0;
  TimestampMs created_at = 0;
};

/// A recorded consent to process sensitive personal information for a purpose.
struct Consent {
  std::int64_t id = 0;
  std::int64_t worker_id = 0;
  std::string purpose;
  std::string text_version;
  std::optional<std::int64_t> recorded_by;
  TimestampMs recorded_at = 0;
  std::optional<TimestampMs> withdrawn_at;
};

/// The version of the health-data consent text shown to workers; a consent to an older text still counts.
inline constexpr const char* kHealthConsentText = "health-2026-01";

/// What the gate and the detail page read of a worker's records.
struct Credentials {
  std::vector<BackgroundCheck> checks;
  std::vector<Certificate> certificates;
  std::vector<HealthCheck> health;
  std::optional<Consent> health_consent;
};

/// A service type and what the gate requires of it.
struct ServiceType {
  std::string code;
  std::string name_zh;
  std::string name_en;
  std::vector<std::string> required_certificates;
  std::int64_t health_valid_days = 365;
  bool builtin = false;
  bool active = true;
};

nlohmann::json to_json(const BackgroundCheck& b, int clearance);
nlohmann::json to_json(const Certificate& c);
nlohmann::json to_json(const HealthCheck& h, int clearance);
nlohmann::json to_json(const Consent& c);
nlohmann::json to_json(const ServiceType& s);

nlohmann::json background_check_schema();
nlohmann::json new_background_check_schema();
nlohmann::json certificate_schema();
nlohmann::json new_certificate_schema();
nlohmann::json health_check_schema();
nlohmann::json new_health_check_schema();
nlohmann::json consent_schema();
nlohmann::json service_type_schema();
nlohmann::json credentials_schema();

}  // namespace anxin::workforce
