#include "modules/partners/partner_repository.hpp"

namespace anxin::partners {

std::string_view partners_sql(std::string_view name);  // embedded queries/*.sql

namespace {
constexpr const char* kPartners = "partners";
constexpr const char* kEvaluations = "partner_evaluations";
}  // namespace

std::int64_t PartnerRepository::insert(db::Conn& c, const Partner& p, std::optional<std::int64_t> by, TimestampMs now) {
  const auto id = c.query_one(partners_sql("partner_insert"), p.name, p.kind, p.services, p.contact_name,
                              p.evaluation_months, p.next_evaluation_on, by, now)
                      ->int64("id");
  c.exec(partners_sql("partner_seal"), id, keys_.seal(kPartners, "contact_phone_enc", id, p.contact_phone));
  return id;
}

namespace {
Partner partner_from(const db::Row& r, const crypto::KeyRing& keys) {
  const auto id = r.int64("id");
  return {.id = id,
          .name = r.text("name"),
          .kind = r.text("kind"),
          .services = r.text("services"),
          .contact_name = r.opt_text("contact_name"),
          .contact_phone = keys.open(kPartners, "contact_phone_enc", id, r),
          .status = r.text("status"),
          .status_reason = r.opt_text("status_reason"),
          .evaluation_months = r.int64("evaluation_months"),
          .next_evaluation_on = r.text("next_evaluation_on"),
          .created_by = r.opt_int64("created_by"),
          .created_at = r.int64("created_at"),
          .updated_at = r.int64("updated_at"),
          .version = r.int64("version")};
}
}  // namespace

std::optional<Partner> PartnerRepository::get(db::Conn& c, std::int64_t id) const {
  auto r = c.query_one(partners_sql("partner_get"), id);
  if (!r) return std::nullopt;
  return partner_from(*r, keys_);
}

bool PartnerRepository::name_taken(db::Conn& c, const std::string& name) const {
  return c.query_one(partners_sql("partner_by_name"), name).has_value();
}

PageOf<Partner> PartnerRepository::list(db::Conn& c, const PartnerFilter& f, const std::optional<std::string>& due_by,
                                        const PageRequest& page) const {
  const auto rows = c.query(partners_sql("partner_list"), f.q, f.kind, f.status, due_by, page.page_size, page.offset());
  PageOf<Partner> out;
  for (const auto& r : rows) out.items.push_back(partner_from(r, keys_));
  out.total = rows.empty() ? 0 : rows.front().int64("total_count");
  return out;
}

bool PartnerRepository::set_status(db::Conn& c, std::int64_t id, std::int64_t version, const std::string& status,
                                   const std::string& reason, TimestampMs now) {
  return c.exec(partners_sql("partner_set_status"), id, status, reason, now, version) == 1;
}

std::int64_t PartnerRepository::insert_evaluation(db::Conn& c, const Evaluation& e, TimestampMs now) {
  const auto id = c.query_one(partners_sql("evaluation_insert"), e.partner_id, e.evaluated_on, e.quality, e.safety,
                              e.timeliness, e.compliance, e.score, e.result, e.evaluator_id, now)
                      ->int64("id");
  c.exec(partners_sql("evaluation_seal"), id, keys_.seal(kEvaluations, "notes_enc", id, e.notes));
  return id;
}

void PartnerRepository::evaluated(db::Conn& c, std::int64_t id, const std::string& next_on, const std::string& status,
                                  const std::optional<std::string>& reason, TimestampMs now) {
  c.exec(partners_sql("partner_evaluated"), id, next_on, status, reason, now);
}

std::vector<Evaluation> PartnerRepository::evaluations(db::Conn& c, std::int64_t partner_id) const {
  std::vector<Evaluation> out;
  for (const auto& r : c.query(partners_sql("evaluations_of"), partner_id)) {
    const auto id = r.int64("id");
    out.push_back({.id = id,
                   .partner_id = partner_id,
                   .evaluated_on = r.text("evaluated_on"),
                   .quality = r.int64("quality"),
                   .safety = r.int64("safety"),
                   .timeliness = r.int64("timeliness"),
                   .compliance = r.int64("compliance"),
                   .score = r.int64("score"),
                   .result = r.text("result"),
                   .notes = keys_.open(kEvaluations, "notes_enc", id, r),
                   .evaluator_id = r.opt_int64("evaluator_id"),
                   .evaluator_name = r.opt_text("evaluator_name").value_or(""),
                   .recorded_at = r.int64("recorded_at")});
  }
  return out;
}

std::vector<DuePartner> PartnerRepository::due(db::Conn& c, const std::string& day) const {
  std::vector<DuePartner> out;
  for (const auto& r : c.query(partners_sql("partners_due"), day)) {
    out.push_back({.id = r.int64("id"),
                   .name = r.text("name"),
                   .next_evaluation_on = r.text("next_evaluation_on"),
                   .created_by = r.opt_int64("created_by")});
  }
  return out;
}

}  // namespace anxin::partners
