#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/paging.hpp"
#include "modules/identity/directory.hpp"
#include "modules/incidents/aftermath.hpp"
#include "modules/incidents/investigation.hpp"
#include "platform/crypto/key_ring.hpp"
#include "platform/db/database.hpp"

namespace anxin::incidents {

/// The encrypted columns of the aftermath tables that are not free text (injured names, payees).
std::vector<crypto::EncryptedColumn> aftermath_encrypted_columns();
/// The encrypted free-text columns of the aftermath and investigation tables.
std::vector<crypto::EncryptedColumn> aftermath_free_text_columns();

/// Persistence of the aftermath, the investigation report and cases. Class 3 text is encrypted
/// bound to its table, column and row.
class AftermathRepository {
 public:
  explicit AftermathRepository(const crypto::KeyRing& keys) : keys_(keys) {}

  // Aftermath.
  std::int64_t add_injured(db::Conn& c, std::int64_t incident, const NewInjured& in, std::int64_t by, TimestampMs now);
  /// The injured person with its incident id.
  std::optional<std::pair<std::int64_t, Injured>> injured(db::Conn& c, std::int64_t injured_id);
  std::vector<Injured> injured_of(db::Conn& c, std::int64_t incident);
  /// Appends a treatment entry and sets the person's status to that of the latest entry.
  std::int64_t add_treatment(db::Conn& c, std::int64_t injured_id, const Treatment& t, TimestampMs now);
  /// The linked person's user id and name, when `person_id` is one of the incident's people.
  std::optional<std::pair<std::optional<std::int64_t>, std::optional<std::string>>> person(db::Conn& c,
                                                                                           std::int64_t incident,
                                                                                           std::int64_t person_id);

  std::int64_t add_compensation(db::Conn& c, std::int64_t incident, const NewCompensation& in, std::int64_t by,
                                TimestampMs now);
  /// The item with its incident id.
  std::optional<std::pair<std::int64_t, Compensation>> compensation(db::Conn& c, std::int64_t id);
  std::vector<Compensation> compensations_of(db::Conn& c, std::int64_t incident);
  /// Writes the whole item when `expected_version` still matches.
  bool update_compensation(db::Conn& c, const Compensation& item, std::int64_t expected_version, TimestampMs now);
  void set_claim_ref(db::Conn& c, std::int64_t id, const std::optional<std::string>& claim_ref);

  std::int64_t add_visit(db::Conn& c, std::int64_t incident, const Visit& v, std::int64_t by, TimestampMs now);
  std::vector<Visit> visits_of(db::Conn& c, std::int64_t incident);

  // Investigation.
  std::int64_t open_investigation(db::Conn& c, std::int64_t incident, const Investigation& i, std::int64_t by,
                                  TimestampMs now);
  /// The report of an incident with its corrective actions and recovery tasks.
  std::optional<Investigation> investigation(db::Conn& c, std::int64_t incident);
  /// Writes the editable fields when version and status still match.
  bool update_investigation(db::Conn& c, const Investigation& i, std::int64_t expected_version, TimestampMs now);
  bool submit_investigation(db::Conn& c, std::int64_t id, std::int64_t version, std::int64_t by, TimestampMs now);
  bool return_investigation(db::Conn& c, std::int64_t id, std::int64_t version, TimestampMs now);
  bool close_investigation(db::Conn& c, std::int64_t id, std::int64_t version, std::int64_t by, TimestampMs now);
  /// Moves an ended incident to closed.
  bool close_incident(db::Conn& c, std::int64_t incident, TimestampMs now);

  std::int64_t add_action(db::Conn& c, std::int64_t incident, const CorrectiveAction& a, TimestampMs now);
  std::optional<std::pair<std::int64_t, CorrectiveAction>> action(db::Conn& c, std::int64_t id);
  bool set_action(db::Conn& c, const CorrectiveAction& a, std::int64_t expected_version, TimestampMs now);
  std::int64_t unverified_actions(db::Conn& c, std::int64_t incident);

  std::int64_t add_recovery_task(db::Conn& c, std::int64_t incident, const RecoveryTask& t, TimestampMs now);
  std::optional<std::pair<std::int64_t, RecoveryTask>> recovery_task(db::Conn& c, std::int64_t id);
  bool set_recovery_status(db::Conn& c, std::int64_t id, const std::string& status, std::int64_t expected_version,
                           TimestampMs now);

  // Cases.
  std::optional<std::int64_t> case_of_incident(db::Conn& c, std::int64_t incident);
  std::int64_t add_case(db::Conn& c, std::int64_t incident, const Case& k);
  std::optional<Case> case_by_id(db::Conn& c, std::int64_t id);
  PageOf<Case> cases(db::Conn& c, const CaseFilter& f, const PageRequest& page);

  // Lookups.
  std::optional<std::string> department_name(db::Conn& c, std::int64_t id);
  std::optional<std::string> user_display_name(db::Conn& c, std::int64_t id);
  bool user_active(db::Conn& c, std::int64_t id);

 private:
  Injured injured_from(const db::Row& r) const;
  Compensation compensation_from(const db::Row& r) const;

  const crypto::KeyRing& keys_;
  identity::Directory directory_;
};

}  // namespace anxin::incidents
