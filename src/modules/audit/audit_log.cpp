#include "modules/audit/audit_log.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <limits>
#include <stdexcept>

#include "modules/audit/audit_chain.hpp"
#include "modules/audit/audit_verifier.hpp"
#include "platform/log/log.hpp"

namespace anxin::audit {

namespace {

constexpr std::int64_t kDayMs = 86'400'000;
/// Records removed per retention transaction (rounded up to the next checkpoint).
constexpr std::int64_t kRetentionBatch = 10'000;

std::optional<std::string> non_empty(const std::string& s) {
  return s.empty() ? std::nullopt : std::optional<std::string>(s);
}
std::optional<std::int64_t> non_zero(std::int64_t v) { return v == 0 ? std::nullopt : std::optional<std::int64_t>(v); }

std::optional<std::string> json_text(const nlohmann::json& j, const char* field) {
  if (j.is_null()) return std::nullopt;
  if (!j.is_object()) throw std::runtime_error(fmt::format("audit event field '{}' must be null or an object", field));
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

nlohmann::json parse_json(const std::optional<std::string>& text) {
  if (!text) return nullptr;
  auto j = nlohmann::json::parse(*text, nullptr, false);
  return j.is_discarded() ? nlohmann::json(*text) : j;
}

AuditRecord record_from(const ChainRow& r) {
  AuditRecord a;
  a.seq = r.seq;
  a.at = r.at;
  a.actor.user_id = r.actor_user_id.value_or(0);
  a.actor.username = r.actor_username.value_or("");
  a.actor.ip = r.ip.value_or("");
  a.actor.request_id = r.request_id.value_or("");
  a.action = r.action;
  a.entity = r.entity;
  a.entity_id = r.entity_id.value_or("");
  a.department_id = r.department_id.value_or(0);
  a.before = parse_json(r.before_json);
  a.after = parse_json(r.after_json);
  a.outcome = r.outcome;
  a.reason = r.reason.value_or("");
  a.prev_hash = r.prev_hash;
  a.hash = r.hash;
  return a;
}

}  // namespace

std::string checkpoint_message(std::int64_t seq, std::string_view hash_hex) {
  return fmt::format("{}|{}", seq, hash_hex);
}

AuditLog::AuditLog(db::Database& db, const Clock& clock, SigningKey key)
    : db_(db), clock_(clock), key_(std::move(key)) {}

void AuditLog::append(db::Conn& c, const AuditEvent& e) {
  if (e.action.empty() || e.entity.empty()) throw std::runtime_error("an audit event needs an action and an entity");
  if (e.outcome != "success" && e.outcome != "failure") {
    throw std::runtime_error("an audit event's outcome must be \"success\" or \"failure\"");
  }
  ChainRow r;
  r.actor_user_id = non_zero(e.actor.user_id);
  r.actor_username = non_empty(e.actor.username);
  r.ip = non_empty(e.actor.ip);
  r.request_id = non_empty(e.actor.request_id);
  r.action = e.action;
  r.entity = e.entity;
  r.entity_id = non_empty(e.entity_id);
  r.department_id = non_zero(e.department_id);
  r.before_json = json_text(e.before, "before");
  r.after_json = json_text(e.after, "after");
  r.outcome = e.outcome;
  r.reason = non_empty(e.reason);
  try {
    auto head = repo_.head_for_update(c);
    if (!head) throw std::runtime_error("audit_head is missing");
    r.seq = head->seq + 1;
    r.prev_hash = head->hash;
    r.at = clock_.now_ms();
    r.hash = chain_hash(r);
    repo_.insert_record(c, r);
    if (!repo_.advance_head(c, r.seq, r.hash, r.seq - 1)) {
      throw std::runtime_error("the audit head moved during an append");
    }
  } catch (const db::DbError& err) {
    // A constraint failing here is not the caller's conflict or bad input: the change fails as an
    // internal error (the busy/connection kinds keep their meaning, "try again later").
    if (err.kind() == db::DbErrorKind::kBusy || err.kind() == db::DbErrorKind::kConnection) throw;
    throw db::DbError(db::DbErrorKind::kOther, std::string("audit append failed: ") + err.what());
  }
}

Status AuditLog::append_now(const AuditEvent& e) {
  return db_.write([&](db::Conn& c) -> Status {
    append(c, e);
    return ok_status();
  });
}

Result<Checkpoint> AuditLog::checkpoint() {
  return db_.write([&](db::Conn& c) -> Result<Checkpoint> {
    auto head = repo_.head_for_update(c);
    if (!head) throw std::runtime_error("audit_head is missing");
    const std::int64_t seq = head->seq;
    const std::string hash = head->hash;
    if (seq == 0) return Error::conflict("audit.chain_empty");
    if (auto existing = repo_.checkpoint(c, seq)) return *existing;
    // Never sign a head that does not match its record.
    auto record = repo_.record(c, seq);
    if (!record || record->hash != hash || chain_hash(*record) != hash) {
      log::error("audit.head_mismatch", {{"seq", seq}});
      return Error::internal();
    }
    Checkpoint cp{.seq = seq,
                  .hash_hex = hash,
                  .signed_at = clock_.now_ms(),
                  .signature_hex = key_.sign_hex(checkpoint_message(seq, hash)),
                  .public_key_hex = key_.public_key_hex()};
    repo_.insert_checkpoint(c, cp);
    return cp;
  });
}

VerifyReport AuditLog::verify(const std::function<void(std::int64_t done, std::int64_t total)>& progress) {
  return ChainVerifier(db_, key_, kVerifyBatch).run(progress);
}

Result<PageOf<AuditRecord>> AuditLog::search(const AuditFilter& f, const PageRequest& page) {
  if (page.page < 1) return Error::invalid("common.field_too_small", {{"field", "page"}, {"min", 1}});
  if (page.page_size < 1) return Error::invalid("common.field_too_small", {{"field", "page_size"}, {"min", 1}});
  if (page.page_size > kMaxPageSize) {
    return Error::invalid("common.field_too_large", {{"field", "page_size"}, {"max", kMaxPageSize}});
  }
  const std::int64_t max_page = std::numeric_limits<std::int64_t>::max() / page.page_size;
  if (page.page > max_page) return Error::invalid("common.field_too_large", {{"field", "page"}, {"max", max_page}});
  if (f.outcome && *f.outcome != "success" && *f.outcome != "failure") {
    return Error::invalid("common.field_enum", {{"field", "outcome"}});
  }
  if (f.from && f.to && *f.from > *f.to) return Error::invalid("audit.time_range_invalid", {{"field", "from"}});
  return db_.read([&](db::Conn& c) -> Result<PageOf<AuditRecord>> {
    PageOf<ChainRow> rows = repo_.search(c, f, page);
    PageOf<AuditRecord> out;
    for (const ChainRow& row : rows.items) out.items.push_back(record_from(row));
    out.total = rows.total;
    return out;
  });
}

std::int64_t AuditLog::apply_retention(std::int64_t retention_days) {
  const std::int64_t days = std::max(retention_days, kMinRetentionDays);
  if (days > clock_.now_ms() / kDayMs) return 0;  // longer than the epoch: nothing is that old
  const TimestampMs cutoff = clock_.now_ms() - days * kDayMs;
  std::int64_t removed = 0;
  for (;;) {
    auto step = db_.write([&](db::Conn& c) -> Result<std::int64_t> {
      const Boundary b = repo_.boundary(c);
      const auto young = repo_.first_record_since(c, cutoff);
      const auto last =
          repo_.last_checkpoint_between(c, b.seq, young.value_or(std::numeric_limits<std::int64_t>::max()));
      if (!last) return std::int64_t{0};
      const auto next = repo_.first_checkpoint_between(c, b.seq + kRetentionBatch, *last);
      const std::int64_t target = next.value_or(*last);
      const auto cp = repo_.checkpoint(c, target);
      const auto record = repo_.record(c, target);
      // The new boundary must be an intact, signed record: verification anchors the chain on it.
      if (!cp || !record || record->hash != cp->hash_hex || chain_hash(*record) != cp->hash_hex ||
          !SigningKey::verify_hex(cp->public_key_hex, checkpoint_message(target, cp->hash_hex), cp->signature_hex)) {
        log::error("audit.retention_refused", {{"seq", target}, {"reason", "boundary record does not verify"}});
        return Error::internal();
      }
      const std::int64_t n = repo_.delete_through(c, b.seq, target, cutoff);
      if (n != target - b.seq) {
        log::error("audit.retention_refused", {{"seq", target}, {"reason", "records missing before the boundary"}});
        return Error::internal();
      }
      if (!repo_.set_boundary(c, target, cp->hash_hex, b.seq)) {
        return Error::conflict("common.conflict");
      }
      return n;
    });
    if (!step.ok()) throw ErrorException(step.error());
    if (step.value() == 0) break;
    removed += step.value();
  }
  if (removed > 0) log::info("audit.retention_applied", {{"removed", removed}, {"cutoff", format_rfc3339(cutoff)}});
  return removed;
}

nlohmann::json AuditLog::export_checkpoints() {
  auto checkpoints = db_.read([&](db::Conn& c) { return repo_.checkpoints(c); });
  nlohmann::json list = nlohmann::json::array();
  for (const Checkpoint& cp : checkpoints) {
    list.push_back({{"seq", cp.seq},
                    {"hash", cp.hash_hex},
                    {"signed_at", cp.signed_at},
                    {"signed_at_utc", format_rfc3339(cp.signed_at)},
                    {"signature", cp.signature_hex},
                    {"public_key", cp.public_key_hex}});
  }
  return {{"format", "anxin-audit-checkpoints-v1"},
          {"signature_algorithm", "Ed25519"},
          {"hash_algorithm", "SHA-256"},
          {"signed_message", "<seq>|<hash>"},
          {"public_key", key_.public_key_hex()},
          {"exported_at", format_rfc3339(clock_.now_ms())},
          {"checkpoints", std::move(list)}};
}

}  // namespace anxin::audit
