#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/paging.hpp"
#include "modules/identity/scope.hpp"
#include "modules/workforce/worker.hpp"
#include "platform/crypto/key_ring.hpp"
#include "platform/db/database.hpp"

namespace anxin::workforce {

/// Persistence of worker files. Class 3–4 fields are key-ring ciphertext bound to workers|<column>|<id>; the ID
/// number and phone are found only through keyed blind indexes. Every function runs on the connection it is given,
/// so the service decides the transaction.
class WorkerRepository {
 public:
  explicit WorkerRepository(const crypto::KeyRing& keys) : keys_(keys) {}

  /// Stores a new applicant, seals its personal values (already normalised) and starts its status history;
  /// returns its id.
  std::int64_t insert(db::Conn& c, const NewWorker& w, std::optional<std::int64_t> actor, TimestampMs now);
  /// Seals and stores the personal values of worker `w.id`.
  void set_personal(db::Conn& c, const Worker& w);
  /// The worker with its personal values opened (department_path left empty).
  std::optional<Worker> get(db::Conn& c, std::int64_t id) const;
  /// The worker registered with this (normalised) resident ID number, if any.
  std::optional<std::int64_t> id_by_id_number(db::Conn& c, const std::string& id_number) const;
  std::optional<std::int64_t> id_by_user(db::Conn& c, std::int64_t user_id) const;
  /// A page of workers. `subtree` is a db::id_list of the departments of a tree scope; `today` the company's
  /// calendar day (for the expiring filter).
  PageOf<Worker> list(db::Conn& c, const WorkerFilter& f, const std::optional<std::string>& subtree,
                      const identity::ScopeFilter& scope, const std::string& today, const PageRequest& page) const;
  /// Writes the mutable fields if `expected_version` still matches; false when it did not.
  bool update(db::Conn& c, const Worker& w, std::int64_t expected_version, TimestampMs now);
  /// Moves the worker to `status` and records the change in its history; false when the version moved.
  bool set_status(db::Conn& c, const Worker& w, const std::string& status, const std::string& reason,
                  std::optional<std::int64_t> actor, TimestampMs now);
  /// Links (or, with nullopt, unlinks) a user account; false when the version moved.
  bool link_user(db::Conn& c, std::int64_t id, std::optional<std::int64_t> user_id, std::int64_t expected_version,
                 TimestampMs now);
  std::vector<StatusEvent> history(db::Conn& c, std::int64_t id) const;

  /// Stores the worker's 安心码 token (its hash for lookup, the token sealed), or with nullopt revokes it.
  void set_safety_token(db::Conn& c, std::int64_t id, const std::optional<std::string>& token, TimestampMs now);
  /// The worker's current 安心码 token and when it was issued, if one is in force.
  std::optional<std::pair<std::string, TimestampMs>> safety_token(db::Conn& c, std::int64_t id) const;
  /// The worker whose token is `token`, if it is in force.
  std::optional<std::int64_t> id_by_safety_token(db::Conn& c, const std::string& token) const;

  /// Blind index of a normalised identifier ("id_number" or "phone").
  std::string blind(const std::string& kind, const std::string& normalized) const;

 private:
  Worker from_row(const db::Row& r) const;

  const crypto::KeyRing& keys_;
};

/// ",a,b," for a list of job types, so that one LIKE finds a type; and back.
std::string encode_job_types(const std::vector<std::string>& types);
std::vector<std::string> decode_job_types(const std::string& stored);

}  // namespace anxin::workforce
