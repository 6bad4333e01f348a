#pragma once

// Internal to the audit module: the verification behind AuditLog::verify, check by check, and the
// pieces of the stored chain it shares with AuditLog.

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "modules/audit/audit_chain.hpp"
#include "modules/audit/audit_log.hpp"
#include "modules/audit/audit_repository.hpp"
#include "modules/audit/signing_key.hpp"
#include "platform/db/database.hpp"

namespace anxin::audit {

/// Where the chain starts: the last record removed by retention (0 and the genesis hash when none).
struct Boundary {
  std::int64_t seq = 0;
  std::string hash;
  bool operator==(const Boundary&) const = default;
};

/// One run of verification: the checkpoint signatures, the retention boundary, the chain record by
/// record (sequence, content hash, link to the predecessor, signed checkpoints) and its end (the
/// head, truncation). Names the earliest bad record it finds.
class ChainVerifier {
 public:
  using Progress = std::function<void(std::int64_t done, std::int64_t total)>;

  ChainVerifier(db::Database& db, const SigningKey& key, std::int64_t batch) : db_(db), key_(key), batch_(batch) {}
  VerifyReport run(const Progress& progress);

 private:
  /// One finding of verification.
  struct Finding {
    std::int64_t seq = 0;
    std::string problem;
    std::string message;
  };

  /// Keeps the finding with the earliest sequence number.
  void note(std::int64_t seq, std::string problem, std::string message);
  void note(Finding f) { note(f.seq, std::move(f.problem), std::move(f.message)); }

  /// Head, retention boundary and all checkpoints (a few per day at most).
  void load_starting_point();
  /// Every checkpoint is signed by this server's key, and the signature is valid.
  void check_checkpoint_signatures();
  /// Records before the boundary were removed by retention; the boundary must be a signed checkpoint.
  bool boundary_signed(const Boundary& b);
  void check_boundary();

  /// Walks the chain in batches; false when it stopped at a finding.
  bool walk_chain(const Progress& progress);
  /// The next record in the chain; false when it is bad (the finding is noted).
  bool check_record(const ChainRow& r);
  /// The record has the expected sequence number (or retention moved the boundary just before it).
  bool check_sequence(const ChainRow& r);
  /// The record's content matches its hash and it links to its predecessor.
  bool check_hash_chain(const ChainRow& r);
  /// A record with a signed checkpoint has the checkpoint's hash.
  bool check_checkpoint(const ChainRow& r);
  /// After a complete walk: nothing was cut off the end, and the head names the last record.
  void check_end();

  std::optional<std::int64_t> seq_of_hash(const std::string& hash);
  /// The stored hash does not match the content: edited, or written under another sequence number.
  Finding explain_bad_hash(const ChainRow& r);
  /// The record is consistent in itself but does not link to its predecessor.
  Finding explain_bad_link(const ChainRow& r);

  VerifyReport report();

  db::Database& db_;
  const SigningKey& key_;
  const std::int64_t batch_;
  AuditRepository repo_;

  VerifyReport rep_;
  std::optional<Finding> found_;
  std::int64_t head_seq_ = 0;
  std::int64_t total_ = 0;
  Boundary boundary_;
  std::vector<Checkpoint> checkpoints_;
  std::map<std::int64_t, const Checkpoint*> checkpoint_at_;

  // The walk: the next sequence number expected and the hash it must link to.
  std::int64_t chain_start_ = 0;
  std::int64_t expected_ = 0;
  std::string prev_;
  std::int64_t last_good_checkpoint_ = 0;
};

}  // namespace anxin::audit
