#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/paging.hpp"
#include "modules/audit/audit_chain.hpp"
#include "platform/db/database.hpp"

namespace anxin::audit {

struct AuditFilter;  // audit_log.hpp
struct Checkpoint;   // audit_log.hpp
struct Boundary;     // audit_verifier.hpp

/// The end of the chain: the last record's sequence number and hash (0 and the genesis hash when empty).
struct ChainHead {
  std::int64_t seq = 0;
  std::string hash;
};

/// Persistence of the audit chain, its head, its signed checkpoints and the retention boundary; SQL
/// from queries/. Every function runs on the connection it is given, so the caller decides the
/// transaction.
class AuditRepository {
 public:
  /// The head as it is now, if the row exists.
  std::optional<ChainHead> head(db::Conn& c);
  /// The head for an append or a checkpoint: on PostgreSQL locked until commit, so appends from
  /// several processes form one chain.
  std::optional<ChainHead> head_for_update(db::Conn& c);
  /// Moves the head from `expected_seq` to (`seq`, `hash`); false when it was not at `expected_seq`.
  bool advance_head(db::Conn& c, std::int64_t seq, const std::string& hash, std::int64_t expected_seq);

  /// Inserts `r` as it is (no hashing, no head update).
  void insert_record(db::Conn& c, const ChainRow& r);
  std::optional<ChainRow> record(db::Conn& c, std::int64_t seq);
  /// Up to `limit` records after `seq`, in order.
  std::vector<ChainRow> records_after(db::Conn& c, std::int64_t seq, std::int64_t limit);
  /// The sequence number of the record whose hash is `hash`, if any.
  std::optional<std::int64_t> seq_of_hash(db::Conn& c, const std::string& hash);
  /// A page of the records matching `f`, newest first, and the total number of them.
  PageOf<ChainRow> search(db::Conn& c, const AuditFilter& f, const PageRequest& page);

  std::optional<Checkpoint> checkpoint(db::Conn& c, std::int64_t seq);
  void insert_checkpoint(db::Conn& c, const Checkpoint& cp);
  /// Every checkpoint, by sequence number.
  std::vector<Checkpoint> checkpoints(db::Conn& c);

  /// Where the chain starts now. Throws when the row is missing.
  Boundary boundary(db::Conn& c);
  /// The oldest record at or after `cutoff`: nothing from it on may be removed.
  std::optional<std::int64_t> first_record_since(db::Conn& c, TimestampMs cutoff);
  /// The newest checkpoint strictly between `after_seq` and `before_seq`.
  std::optional<std::int64_t> last_checkpoint_between(db::Conn& c, std::int64_t after_seq, std::int64_t before_seq);
  /// The first checkpoint from `min_seq` up to `max_seq`.
  std::optional<std::int64_t> first_checkpoint_between(db::Conn& c, std::int64_t min_seq, std::int64_t max_seq);
  /// Deletes the records after `boundary_seq` up to `target_seq` older than `cutoff`; how many went.
  std::int64_t delete_through(db::Conn& c, std::int64_t boundary_seq, std::int64_t target_seq, TimestampMs cutoff);
  /// Moves the boundary from `expected_seq` to (`seq`, `hash`); false when it was not at `expected_seq`.
  bool set_boundary(db::Conn& c, std::int64_t seq, const std::string& hash, std::int64_t expected_seq);
};

}  // namespace anxin::audit
