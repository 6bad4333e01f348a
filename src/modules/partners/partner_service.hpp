#pragma once

#include "core/caller.hpp"
#include "core/clock.hpp"
#include "core/paging.hpp"
#include "core/result.hpp"
#include "modules/notify/notifier.hpp"
#include "modules/partners/partner.hpp"
#include "modules/partners/partner_repository.hpp"
#include "platform/audit/audit_sink.hpp"
#include "platform/db/database.hpp"

namespace anxin::partners {

/// The job kind of the daily reminder of evaluations falling due.
inline constexpr const char* kDueJob = "partners.evaluation_due";

/// Third-party partners (ORD-6) and their periodic evaluations: a failed evaluation suspends the partner, every
/// evaluation sets the next one's date, and a daily job tells whoever registered a partner when its evaluation falls
/// due within 14 days. Partners are company-wide; every change is audited.
class PartnerService {
 public:
  PartnerService(db::Database& db, const Clock& clock, const crypto::KeyRing& keys, audit::AuditSink& audit,
                 notify::Notifier* notifier)
      : db_(db), clock_(clock), audit_(audit), notifier_(notifier), repo_(keys) {}

  static void register_templates(notify::Notifier& notifier);

  /// `first_evaluation_on` defaults to evaluation_months after today.
  Result<Partner> create(const Caller& caller, Partner p, const std::optional<std::string>& first_evaluation_on);
  Result<std::pair<Partner, std::vector<Evaluation>>> get(const Caller& caller, std::int64_t id);
  Result<PageOf<Partner>> list(const Caller& caller, const PartnerFilter& filter, const PageRequest& page);
  Result<Partner> set_status(const Caller& caller, std::int64_t id, std::int64_t version, const std::string& status,
                             const std::string& reason);
  Result<Evaluation> evaluate(const Caller& caller, std::int64_t id, Evaluation e);
  /// The daily reminder: cost follows the partners due, not the register. Returns how many are due (each told once
  /// per due date).
  std::int64_t remind_due(db::Conn& c, TimestampMs now);

  std::string today() const { return china_date(clock_.now_ms()); }

 private:
  void audit(db::Conn& c, const Caller& caller, const std::string& action, std::int64_t id, nlohmann::json after,
             const std::string& reason = {});

  db::Database& db_;
  const Clock& clock_;
  audit::AuditSink& audit_;
  notify::Notifier* notifier_;
  PartnerRepository repo_;
};

}  // namespace anxin::partners
