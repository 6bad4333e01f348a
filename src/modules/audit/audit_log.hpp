#pragma once

#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "core/caller.hpp"
#include "core/clock.hpp"
#include "core/paging.hpp"
#include "core/result.hpp"
#include "modules/audit/audit_repository.hpp"
#include "modules/audit/signing_key.hpp"
#include "platform/audit/audit_sink.hpp"
#include "platform/db/database.hpp"

namespace anxin::audit {

/// One stored audit record.
struct AuditRecord {
  std::int64_t seq = 0;
  TimestampMs at = 0;
  Actor actor;
  std::string action;
  std::string entity;
  std::string entity_id;
  std::int64_t department_id = 0;
  nlohmann::json before;
  nlohmann::json after;
  std::string outcome;
  std::string reason;
  std::string prev_hash;
  std::string hash;
};

/// Search criteria of the auditor; unset fields do not filter.
struct AuditFilter {
  std::optional<std::int64_t> actor_user_id;
  std::optional<std::string> action;
  std::optional<std::string> entity;
  std::optional<std::string> entity_id;
  std::optional<std::string> outcome;
  std::optional<std::int64_t> department_id;
  /// Inclusive lower bound of `at`.
  std::optional<TimestampMs> from;
  /// Exclusive upper bound of `at`.
  std::optional<TimestampMs> to;
};

/// A signed head of the chain: the record `seq` has hash `hash_hex`. The signed message is
/// "<seq>|<hash_hex>" (see checkpoint_message).
struct Checkpoint {
  std::int64_t seq = 0;
  std::string hash_hex;
  TimestampMs signed_at = 0;
  std::string signature_hex;
  std::string public_key_hex;
};

/// Outcome of AuditLog::verify.
struct VerifyReport {
  bool ok = true;
  std::int64_t records_checked = 0;
  std::int64_t checkpoints_checked = 0;
  /// The first record found bad (the earliest sequence number involved).
  std::optional<std::int64_t> first_bad_seq;
  /// "hash_mismatch" | "sequence_gap" | "reordered" | "checkpoint_signature" | "checkpoint_mismatch" |
  /// "truncated" | "inserted"; empty when ok.
  std::string problem;
  /// Human-readable explanation for the operator (English).
  std::string message;
};

/// The message a checkpoint signs: "<seq>|<hash_hex>".
std::string checkpoint_message(std::int64_t seq, std::string_view hash_hex);

/// The tamper-evident audit log (SEC-5): an append-only hash chain in the database, checkpoints
/// signed with a key kept outside it, verification that names the first bad record, search and
/// retention. Thread-safe.
class AuditLog final : public AuditSink {
 public:
  /// Records read per query while verifying.
  static constexpr std::int64_t kVerifyBatch = 2000;
  /// Retention never removes records younger than this, whatever is configured.
  static constexpr std::int64_t kMinRetentionDays = 183;
  /// Largest page of a search.
  static constexpr std::int64_t kMaxPageSize = 500;

  AuditLog(db::Database& db, const Clock& clock, SigningKey key);

  /// Appends inside the caller's write transaction; throws (DbError or std::runtime_error) on failure so the caller's
  /// change rolls back.
  void append(db::Conn& c, const AuditEvent& e) override;
  /// Convenience: its own write transaction (for failures that have no other change, e.g. a refused login).
  Status append_now(const AuditEvent& e) override;
  /// Signs the current head of the chain (sequence number + hash) with the Ed25519 key and stores the checkpoint.
  /// Returns it (the stored one when the head is already signed); conflict `audit.chain_empty` without records.
  Result<Checkpoint> checkpoint();
  /// Verifies the whole chain against its hashes and every stored checkpoint, in batches; `progress` is called after
  /// each batch with the records checked so far and the expected total.
  VerifyReport verify(const std::function<void(std::int64_t done, std::int64_t total)>& progress = nullptr);
  /// Search for the auditor: filters actor user id, action, entity, entity_id, outcome, department, time range
  /// [from, to); newest first; paged.
  Result<PageOf<AuditRecord>> search(const AuditFilter& f, const PageRequest& page);
  /// Deletes records older than max(retention, 183 days) that are covered by a checkpoint; never younger ones.
  /// Returns count. Throws ErrorException when the database refuses.
  std::int64_t apply_retention(std::int64_t retention_days);
  /// Checkpoints as exportable JSON (seq, hash, signed_at, signature, public key), for keeping outside the server.
  nlohmann::json export_checkpoints();

  /// Public key of the signing key, hex.
  std::string public_key_hex() const { return key_.public_key_hex(); }

 private:
  db::Database& db_;
  const Clock& clock_;
  SigningKey key_;
  AuditRepository repo_;
};

}  // namespace anxin::audit
