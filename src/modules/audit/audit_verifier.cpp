#include "modules/audit/audit_verifier.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <limits>

#include "platform/log/log.hpp"

namespace anxin::audit {
namespace {

/// How far a moved record's original sequence number is searched for when explaining a bad hash.
constexpr std::int64_t kMoveWindow = 64;

}  // namespace

VerifyReport ChainVerifier::run(const Progress& progress) {
  load_starting_point();
  check_checkpoint_signatures();
  check_boundary();
  if (walk_chain(progress)) check_end();
  return report();
}

void ChainVerifier::note(std::int64_t seq, std::string problem, std::string message) {
  if (!found_ || seq < found_->seq) found_ = Finding{seq, std::move(problem), std::move(message)};
}

void ChainVerifier::load_starting_point() {
  db_.read([&](db::Conn& c) {
    boundary_ = repo_.boundary(c);
    auto head = repo_.head(c);
    head_seq_ = head ? head->seq : 0;
    checkpoints_ = repo_.checkpoints(c);
    return 0;
  });
  total_ = std::max<std::int64_t>(0, head_seq_ - boundary_.seq);
}

void ChainVerifier::check_checkpoint_signatures() {
  const std::string own_key = key_.public_key_hex();
  for (const Checkpoint& cp : checkpoints_) {
    ++rep_.checkpoints_checked;
    checkpoint_at_[cp.seq] = &cp;
    if (cp.public_key_hex != own_key) {
      note(cp.seq, "checkpoint_signature",
           fmt::format("checkpoint {} is signed by key {}, not by this server's audit key", cp.seq, cp.public_key_hex));
    } else if (!SigningKey::verify_hex(cp.public_key_hex, checkpoint_message(cp.seq, cp.hash_hex), cp.signature_hex)) {
      note(cp.seq, "checkpoint_signature", fmt::format("the signature of checkpoint {} is not valid", cp.seq));
    }
  }
}

bool ChainVerifier::boundary_signed(const Boundary& b) {
  if (b.seq == 0) return b.hash == kGenesisHash;
  auto it = checkpoint_at_.find(b.seq);
  if (it != checkpoint_at_.end()) return it->second->hash_hex == b.hash;
  auto cp = db_.read([&](db::Conn& c) { return repo_.checkpoint(c, b.seq); });
  return cp && cp->hash_hex == b.hash &&
         SigningKey::verify_hex(cp->public_key_hex, checkpoint_message(b.seq, b.hash), cp->signature_hex);
}

void ChainVerifier::check_boundary() {
  if (!boundary_signed(boundary_)) {
    note(boundary_.seq + 1, "checkpoint_mismatch",
         fmt::format("the retention boundary (record {}) is not covered by a matching signed checkpoint",
                     boundary_.seq));
  }
  chain_start_ = boundary_.seq + 1;
  expected_ = chain_start_;
  prev_ = boundary_.hash;
  last_good_checkpoint_ = boundary_.seq;
}

bool ChainVerifier::walk_chain(const Progress& progress) {
  std::int64_t cursor = std::numeric_limits<std::int64_t>::min();
  while (true) {
    const auto rows = db_.read([&](db::Conn& c) { return repo_.records_after(c, cursor, batch_); });
    bool intact = true;
    for (const ChainRow& r : rows) {
      cursor = r.seq;
      if (!check_record(r)) {
        intact = false;
        break;
      }
    }
    if (progress) progress(rep_.records_checked, std::max(total_, rep_.records_checked));
    if (!intact) return false;
    if (static_cast<std::int64_t>(rows.size()) < batch_) return true;
  }
}

bool ChainVerifier::check_record(const ChainRow& r) {
  if (!check_sequence(r) || !check_hash_chain(r) || !check_checkpoint(r)) return false;
  ++rep_.records_checked;
  prev_ = r.hash;
  ++expected_;
  return true;
}

bool ChainVerifier::check_sequence(const ChainRow& r) {
  if (r.seq < expected_) {
    note(r.seq, "inserted",
         fmt::format("record {} lies before the start of the chain (record {})", r.seq, chain_start_));
    return false;
  }
  if (r.seq > expected_) {
    // Retention may have moved the boundary while we were reading.
    const Boundary now = db_.read([&](db::Conn& c) { return repo_.boundary(c); });
    if (now.seq >= expected_ && now.seq == r.seq - 1 && boundary_signed(now)) {
      boundary_ = now;
      chain_start_ = expected_ = r.seq;
      prev_ = now.hash;
    } else {
      note(expected_, "sequence_gap",
           expected_ == r.seq - 1 ? fmt::format("record {} is missing", expected_)
                                  : fmt::format("records {} to {} are missing", expected_, r.seq - 1));
      return false;
    }
  }
  return true;
}

bool ChainVerifier::check_hash_chain(const ChainRow& r) {
  if (chain_hash(r) != r.hash) {
    note(explain_bad_hash(r));
    return false;
  }
  if (r.prev_hash != prev_) {
    note(explain_bad_link(r));
    return false;
  }
  return true;
}

bool ChainVerifier::check_checkpoint(const ChainRow& r) {
  auto it = checkpoint_at_.find(r.seq);
  if (it == checkpoint_at_.end()) return true;
  if (it->second->hash_hex != r.hash) {
    note(r.seq, "checkpoint_mismatch",
         fmt::format("record {} differs from its signed checkpoint: records {} to {} were rewritten", r.seq,
                     last_good_checkpoint_ + 1, r.seq));
    return false;
  }
  last_good_checkpoint_ = r.seq;
  return true;
}

void ChainVerifier::check_end() {
  const std::int64_t last = expected_ - 1;
  if (!checkpoints_.empty() && checkpoints_.back().seq > last) {
    note(last + 1, "truncated",
         fmt::format("checkpoint {} was signed but the log ends at record {}", checkpoints_.back().seq, last));
  }
  if (head_seq_ > last) {
    note(last + 1, "truncated", fmt::format("the head names record {} but the log ends at record {}", head_seq_, last));
  }
  // Read the head again: records appended while we walked are covered by it.
  auto head = db_.read([&](db::Conn& c) { return repo_.head(c); });
  const std::int64_t head_now = head ? head->seq : 0;
  if (last > head_now) {
    note(head_now + 1, "inserted",
         fmt::format("records {} to {} were added behind the head (record {})", head_now + 1, last, head_now));
  } else if (head_now == last && head && head->hash != prev_) {
    note(last, "hash_mismatch", fmt::format("record {} was rewritten: the head holds a different hash", last));
  }
}

std::optional<std::int64_t> ChainVerifier::seq_of_hash(const std::string& hash) {
  return db_.read([&](db::Conn& c) { return repo_.seq_of_hash(c, hash); });
}

ChainVerifier::Finding ChainVerifier::explain_bad_hash(const ChainRow& r) {
  ChainRow probe = r;
  auto written_as = [&](std::int64_t s) {
    if (s < 1 || s == r.seq) return false;
    probe.seq = s;
    return chain_hash(probe) == r.hash;
  };
  std::optional<std::int64_t> original;
  for (std::int64_t d = 1; d <= kMoveWindow && !original; ++d) {
    if (written_as(r.seq - d)) {
      original = r.seq - d;
    } else if (written_as(r.seq + d)) {
      original = r.seq + d;
    }
  }
  const std::optional<std::int64_t> pred = seq_of_hash(r.prev_hash);
  if (!original && pred && written_as(*pred + 1)) original = *pred + 1;
  if (!original) {
    return {r.seq, "hash_mismatch", fmt::format("record {} was altered: its content does not match its hash", r.seq)};
  }
  if (*original < r.seq) {
    const std::int64_t first = std::max(*original, chain_start_);
    return {first, "inserted",
            fmt::format("record {} was written as record {}: records {} to {} were inserted before it", r.seq,
                        *original, first, r.seq - 1)};
  }
  if (!pred) {
    return {r.seq, "sequence_gap",
            fmt::format("record {} was written as record {}: records before it were deleted and the rest renumbered",
                        r.seq, *original)};
  }
  return {r.seq, "reordered",
          fmt::format("record {} was written as record {}: records were reordered", r.seq, *original)};
}

ChainVerifier::Finding ChainVerifier::explain_bad_link(const ChainRow& r) {
  const bool first = r.seq == chain_start_;
  const std::optional<std::int64_t> pred = seq_of_hash(r.prev_hash);
  if (pred && *pred < r.seq - 1) {
    return {*pred + 1, "inserted",
            fmt::format("record {} links to record {}: records {} to {} were inserted", r.seq, *pred, *pred + 1,
                        r.seq - 1)};
  }
  if (pred && *pred > r.seq) {
    return {r.seq, "reordered",
            fmt::format("record {} links to record {}, which comes after it: records were reordered", r.seq, *pred)};
  }
  // Does the next record skip this one and link to the predecessor? Then this one was inserted.
  auto next = db_.read([&](db::Conn& c) { return repo_.record(c, r.seq + 1); });
  if (next && next->prev_hash == prev_) {
    return {r.seq, "inserted", fmt::format("record {} was inserted: record {} links past it", r.seq, r.seq + 1)};
  }
  if (first) {
    return {r.seq, "hash_mismatch", fmt::format("record {} does not link to the start of the chain", r.seq)};
  }
  return {r.seq - 1, "hash_mismatch",
          fmt::format("record {} was rewritten: record {} links to a different hash", r.seq - 1, r.seq)};
}

VerifyReport ChainVerifier::report() {
  if (found_) {
    rep_.ok = false;
    rep_.first_bad_seq = found_->seq;
    rep_.problem = std::move(found_->problem);
    rep_.message = std::move(found_->message);
    log::error("audit.verify_failed", {{"seq", *rep_.first_bad_seq}, {"problem", rep_.problem}});
  } else {
    rep_.message =
        fmt::format("{} records and {} checkpoints verified", rep_.records_checked, rep_.checkpoints_checked);
  }
  return rep_;
}

}  // namespace anxin::audit
