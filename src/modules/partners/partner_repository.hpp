#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/paging.hpp"
#include "modules/partners/partner.hpp"
#include "platform/crypto/key_ring.hpp"
#include "platform/db/database.hpp"

namespace anxin::partners {

/// A partner whose evaluation falls due, as the daily reminder reads it.
struct DuePartner {
  std::int64_t id = 0;
  std::string name;
  std::string next_evaluation_on;
  std::optional<std::int64_t> created_by;
};

/// Partners and their evaluations in the database; the contact phone and evaluation notes sealed with the key ring.
class PartnerRepository {
 public:
  explicit PartnerRepository(const crypto::KeyRing& keys) : keys_(keys) {}

  std::int64_t insert(db::Conn& c, const Partner& p, std::optional<std::int64_t> by, TimestampMs now);
  std::optional<Partner> get(db::Conn& c, std::int64_t id) const;
  bool name_taken(db::Conn& c, const std::string& name) const;
  PageOf<Partner> list(db::Conn& c, const PartnerFilter& f, const std::optional<std::string>& due_by,
                       const PageRequest& page) const;
  /// false when the version does not match.
  bool set_status(db::Conn& c, std::int64_t id, std::int64_t version, const std::string& status,
                  const std::string& reason, TimestampMs now);
  std::int64_t insert_evaluation(db::Conn& c, const Evaluation& e, TimestampMs now);
  void evaluated(db::Conn& c, std::int64_t id, const std::string& next_on, const std::string& status,
                 const std::optional<std::string>& reason, TimestampMs now);
  std::vector<Evaluation> evaluations(db::Conn& c, std::int64_t partner_id) const;
  /// Active partners due on or before `day`: a range of the (status, next_evaluation_on) index.
  std::vector<DuePartner> due(db::Conn& c, const std::string& day) const;

 private:
  const crypto::KeyRing& keys_;
};

}  // namespace anxin::partners
