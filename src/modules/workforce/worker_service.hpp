#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/caller.hpp"
#include "core/clock.hpp"
#include "core/paging.hpp"
#include "core/result.hpp"
#include "modules/identity/directory.hpp"
#include "modules/identity/user_service.hpp"
#include "modules/workforce/credential.hpp"
#include "modules/workforce/credential_repository.hpp"
#include "modules/workforce/worker.hpp"
#include "modules/workforce/worker_repository.hpp"
#include "modules/workforce/working_time.hpp"
#include "modules/workforce/working_time_repository.hpp"
#include "platform/audit/audit_sink.hpp"
#include "platform/crypto/key_ring.hpp"
#include "platform/db/database.hpp"

namespace anxin::workforce {

/// Use cases of the worker file (WRK-1 … WRK-3). Every read and change is limited to the caller's data scope
/// (records outside it answer "not found"), every change is audited in its own transaction, personal values are
/// masked above the caller's clearance, and full class 3–4 values are shown only through reveal() with a purpose.
/// Creating and vetting workers never creates user accounts.
class WorkerService {
 public:
  WorkerService(db::Database& db, const Clock& clock, const crypto::KeyRing& keys, audit::AuditSink& audit,
                identity::UserService& users);

  Result<Worker> create(const Caller& caller, NewWorker input);
  Result<Worker> get(const Caller& caller, std::int64_t id);
  Result<PageOf<Worker>> list(const Caller& caller, WorkerFilter filter, const PageRequest& page);
  Result<Worker> update(const Caller& caller, std::int64_t id, WorkerPatch patch);
  /// Every worker of the filter in the caller's scope (at most kExportMax), for an Excel export, and the clearance
  /// its values may be shown at: the caller's own with a stated purpose, masked (2) without. The export is audited
  /// with its row count, filter and purpose.
  static constexpr std::int64_t kExportMax = 50000;
  Result<std::pair<std::vector<Worker>, int>> export_workers(const Caller& caller, WorkerFilter filter,
                                                             const std::optional<std::string>& purpose);
  /// applicant → active ⇄ suspended; any status but "left" → left. Leaving disables a linked account at once.
  Result<Worker> set_status(const Caller& caller, std::int64_t id, std::int64_t version, const std::string& status,
                            const std::string& reason);
  /// Links the worker to a user account for signing in on a phone (nullopt unlinks). The account must be active
  /// and not linked to another worker.
  Result<Worker> link_account(const Caller& caller, std::int64_t id, std::int64_t version,
                              std::optional<std::int64_t> user_id);
  Result<std::vector<StatusEvent>> history(const Caller& caller, std::int64_t id);
  /// One class 3–4 value in full, for a stated purpose; audited.
  Result<std::string> reveal(const Caller& caller, std::int64_t id, const std::string& field,
                             const std::string& reason);

  Result<Credentials> credentials(const Caller& caller, std::int64_t id);
  Result<BackgroundCheck> add_background_check(const Caller& caller, std::int64_t id, BackgroundCheck check);
  Result<Certificate> add_certificate(const Caller& caller, std::int64_t id, Certificate cert);
  Status revoke_certificate(const Caller& caller, std::int64_t id, std::int64_t certificate_id,
                            const std::string& reason);
  /// Records the worker's consent to the processing of health data (PIPL art. 29), required before a health check
  /// is saved.
  Result<Consent> record_health_consent(const Caller& caller, std::int64_t id, const std::string& text_version);
  Status withdraw_health_consent(const Caller& caller, std::int64_t id);
  Result<HealthCheck> add_health_check(const Caller& caller, std::int64_t id, HealthCheck check);

  std::vector<ServiceType> service_types();
  TimestampMs now() const { return clock_.now_ms(); }

  /// Working time (WRK-7): a shift, and the shifts of a period with the hours flags of its days and weeks.
  Result<Shift> add_shift(const Caller& caller, std::int64_t id, Shift shift);
  Result<std::pair<std::vector<Shift>, std::vector<HoursFlag>>> working_time(const Caller& caller, std::int64_t id,
                                                                             TimestampMs from, TimestampMs to);
  WorkforceSettings settings();
  Result<WorkforceSettings> set_settings(const Caller& caller, const WorkforceSettings& s);
  const WorkingTimeRepository& working_time_repository() const { return working_time_; }
  const WorkerRepository& workers() const { return repo_; }
  WorkerRepository& workers() { return repo_; }
  const CredentialRepository& credential_repository() const { return credentials_; }
  /// The worker within the caller's data scope, or not found.
  Result<Worker> load_in_scope(db::Conn& c, const Caller& caller, std::int64_t id) const;
  /// Checks and normalises the input in place (ID checksum and birth date, mobile number, bank card, job types).
  std::optional<Error> normalise(Worker& w, std::vector<ServiceType> const& types) const;
  /// The department exists and the caller may keep records for it.
  Status check_department(db::Conn& c, const Caller& caller, std::int64_t department_id) const;
  const identity::Directory& directory() const { return directory_; }

 private:
  void audit_change(db::Conn& c, const Caller& caller, const std::string& action, const Worker& w,
                    nlohmann::json before, nlohmann::json after, const std::string& reason = {});

  db::Database& db_;
  const Clock& clock_;
  audit::AuditSink& audit_;
  identity::UserService& users_;
  identity::Directory directory_;
  WorkerRepository repo_;
  CredentialRepository credentials_;
  WorkingTimeRepository working_time_;
};

}  // namespace anxin::workforce
