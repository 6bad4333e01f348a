#include "modules/audit/audit_repository.hpp"

#include <stdexcept>

#include "modules/audit/audit_log.hpp"
#include "modules/audit/audit_verifier.hpp"

namespace anxin::audit {

std::string_view audit_sql(std::string_view name);  // embedded queries/*.sql

namespace {

Checkpoint checkpoint_from(const db::Row& row) {
  return {.seq = row.int64("seq"),
          .hash_hex = row.text("hash"),
          .signed_at = row.int64("signed_at"),
          .signature_hex = row.text("signature"),
          .public_key_hex = row.text("public_key")};
}

std::optional<ChainHead> head_from(const std::optional<db::Row>& row) {
  if (!row) return std::nullopt;
  return ChainHead{.seq = row->int64("seq"), .hash = row->text("hash")};
}

}  // namespace

std::optional<ChainHead> AuditRepository::head(db::Conn& c) { return head_from(c.query_one(audit_sql("head_get"))); }

std::optional<ChainHead> AuditRepository::head_for_update(db::Conn& c) {
  return head_from(c.query_one(audit_sql(c.backend() == db::Backend::kPostgres ? "head_get_for_update" : "head_get")));
}

bool AuditRepository::advance_head(db::Conn& c, std::int64_t seq, const std::string& hash, std::int64_t expected_seq) {
  return c.exec(audit_sql("head_advance"), seq, hash, expected_seq) == 1;
}

void AuditRepository::insert_record(db::Conn& c, const ChainRow& r) {
  c.exec(audit_sql("record_insert"), r.seq, r.at, r.actor_user_id, r.actor_username, r.ip, r.request_id, r.action,
         r.entity, r.entity_id, r.department_id, r.before_json, r.after_json, r.outcome, r.reason, r.prev_hash, r.hash);
}

std::optional<ChainRow> AuditRepository::record(db::Conn& c, std::int64_t seq) {
  auto row = c.query_one(audit_sql("record_get"), seq);
  if (!row) return std::nullopt;
  return chain_row_from(*row);
}

std::vector<ChainRow> AuditRepository::records_after(db::Conn& c, std::int64_t seq, std::int64_t limit) {
  std::vector<ChainRow> out;
  for (const db::Row& row : c.query(audit_sql("records_after"), seq, limit)) out.push_back(chain_row_from(row));
  return out;
}

std::optional<std::int64_t> AuditRepository::seq_of_hash(db::Conn& c, const std::string& hash) {
  auto row = c.query_one(audit_sql("record_seq_by_hash"), hash);
  return row ? std::optional<std::int64_t>(row->int64("seq")) : std::nullopt;
}

PageOf<ChainRow> AuditRepository::search(db::Conn& c, const AuditFilter& f, const PageRequest& page) {
  PageOf<ChainRow> out;
  for (const auto& row : c.query(audit_sql("records_search"), f.actor_user_id, f.action, f.entity, f.entity_id,
                                 f.outcome, f.department_id, f.from, f.to, page.page_size, page.offset())) {
    out.items.push_back(chain_row_from(row));
  }
  out.total = c.query_one(audit_sql("records_search_count"), f.actor_user_id, f.action, f.entity, f.entity_id,
                          f.outcome, f.department_id, f.from, f.to)
                  ->int64("n");
  return out;
}

std::optional<Checkpoint> AuditRepository::checkpoint(db::Conn& c, std::int64_t seq) {
  auto row = c.query_one(audit_sql("checkpoint_get"), seq);
  if (!row) return std::nullopt;
  return checkpoint_from(*row);
}

void AuditRepository::insert_checkpoint(db::Conn& c, const Checkpoint& cp) {
  c.exec(audit_sql("checkpoint_insert"), cp.seq, cp.hash_hex, cp.signed_at, cp.signature_hex, cp.public_key_hex);
}

std::vector<Checkpoint> AuditRepository::checkpoints(db::Conn& c) {
  std::vector<Checkpoint> out;
  for (const auto& row : c.query(audit_sql("checkpoints_all"))) out.push_back(checkpoint_from(row));
  return out;
}

Boundary AuditRepository::boundary(db::Conn& c) {
  auto row = c.query_one(audit_sql("retention_get"));
  if (!row) throw std::runtime_error("audit_retention is missing");
  return {row->int64("boundary_seq"), row->text("boundary_hash")};
}

std::optional<std::int64_t> AuditRepository::first_record_since(db::Conn& c, TimestampMs cutoff) {
  return c.query_one(audit_sql("retention_first_young"), cutoff)->opt_int64("seq");
}

std::optional<std::int64_t> AuditRepository::last_checkpoint_between(db::Conn& c, std::int64_t after_seq,
                                                                     std::int64_t before_seq) {
  return c.query_one(audit_sql("retention_last_checkpoint"), after_seq, before_seq)->opt_int64("seq");
}

std::optional<std::int64_t> AuditRepository::first_checkpoint_between(db::Conn& c, std::int64_t min_seq,
                                                                      std::int64_t max_seq) {
  return c.query_one(audit_sql("retention_next_checkpoint"), min_seq, max_seq)->opt_int64("seq");
}

std::int64_t AuditRepository::delete_through(db::Conn& c, std::int64_t boundary_seq, std::int64_t target_seq,
                                             TimestampMs cutoff) {
  return c.exec(audit_sql("retention_delete"), boundary_seq, target_seq, cutoff);
}

bool AuditRepository::set_boundary(db::Conn& c, std::int64_t seq, const std::string& hash, std::int64_t expected_seq) {
  return c.exec(audit_sql("retention_set"), seq, hash, expected_seq) == 1;
}

}  // namespace anxin::audit
