#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "core/caller.hpp"
#include "core/result.hpp"
#include "platform/db/database.hpp"

namespace anxin::audit {

/// Who did something, and from where.
struct Actor {
  std::int64_t user_id = 0;  // 0 = no signed-in user (system, refused login)
  std::string username;
  std::string ip;
  std::string request_id;

  /// The actor behind a request's caller.
  static Actor of(const Caller& c) { return {c.user_id, c.username, c.ip, c.request_id}; }
};

/// One auditable event, as given by the module that performs the change.
struct AuditEvent {
  Actor actor;
  /// "create" | "update" | "delete" | "read_sensitive" | "reveal" | "export" | "login" | ... (free-form).
  std::string action;
  /// Kind of record, e.g. "department", "user".
  std::string entity;
  /// Id of the record as text; may be empty.
  std::string entity_id;
  /// Department the record belongs to (for scoped search); 0 = none.
  std::int64_t department_id = 0;
  /// null or an object; personal values already masked by the caller.
  nlohmann::json before;
  /// null or an object; personal values already masked by the caller.
  nlohmann::json after;
  /// "success" or "failure".
  std::string outcome = "success";
  /// Free text, e.g. the stated purpose of a reveal.
  std::string reason;
};

/// Where changes are recorded. The platform and every module write audit records through this interface;
/// the audit module implements it (the tamper-evident chain) and is handed in by the composition root, so
/// nothing below the modules depends on a module.
class AuditSink {
 public:
  virtual ~AuditSink() = default;
  /// Appends inside the caller's write transaction; throws (DbError or std::runtime_error) on failure so the
  /// caller's change rolls back.
  virtual void append(db::Conn& c, const AuditEvent& e) = 0;
  /// Its own write transaction (for failures that have no other change, e.g. a refused login).
  virtual Status append_now(const AuditEvent& e) = 0;
};

}  // namespace anxin::audit
