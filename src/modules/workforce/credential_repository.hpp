#pragma once

#include <optional>
#include <string>
#include <vector>

#include "modules/workforce/credential.hpp"
#include "platform/crypto/key_ring.hpp"
#include "platform/db/database.hpp"

namespace anxin::workforce {

/// Persistence of what vets a worker: background checks, certificates, consents and health checks. Background-check
/// notes and health results are key-ring ciphertext (class 4).
class CredentialRepository {
 public:
  explicit CredentialRepository(const crypto::KeyRing& keys) : keys_(keys) {}

  std::int64_t add_background_check(db::Conn& c, const BackgroundCheck& b, std::optional<std::int64_t> by,
                                    TimestampMs now);
  std::int64_t add_certificate(db::Conn& c, const Certificate& cert, std::optional<std::int64_t> by, TimestampMs now);
  /// Marks a certificate revoked; false when it is not the worker's or was revoked already.
  bool revoke_certificate(db::Conn& c, std::int64_t worker_id, std::int64_t id, TimestampMs now);
  std::int64_t add_consent(db::Conn& c, std::int64_t worker_id, const std::string& purpose,
                           const std::string& text_version, std::optional<std::int64_t> by, TimestampMs now);
  std::optional<Consent> current_consent(db::Conn& c, std::int64_t worker_id, const std::string& purpose) const;
  /// Withdraws the worker's consent for `purpose`; false when none was in force.
  bool withdraw_consent(db::Conn& c, std::int64_t worker_id, const std::string& purpose, TimestampMs now);
  std::int64_t add_health_check(db::Conn& c, const HealthCheck& h, std::optional<std::int64_t> by, TimestampMs now);

  /// Every record of the worker, newest first within each kind.
  Credentials of(db::Conn& c, std::int64_t worker_id) const;
  std::vector<ServiceType> service_types(db::Conn& c) const;

 private:
  const crypto::KeyRing& keys_;
};

}  // namespace anxin::workforce
