#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "modules/workforce/credential.hpp"
#include "modules/workforce/credential_repository.hpp"
#include "modules/workforce/worker.hpp"
#include "modules/workforce/worker_records_repository.hpp"
#include "modules/workforce/worker_repository.hpp"
#include "modules/workforce/working_time_repository.hpp"
#include "platform/extend/dispatch_gate.hpp"

namespace anxin::workforce {

/// The period a gate question is about, in calendar days of the company's time zone.
struct GatePeriod {
  TimestampMs from = 0;
  TimestampMs to = 0;
  /// Records ending by this instant (the warning window after the later of the service's end and now) are
  /// answered with a warning; 0: no warnings.
  TimestampMs warn_before = 0;
};
GatePeriod period_of(const extend::GateRequest& request);

/// How a record valid from `first_day` through `last_day` (inclusive; nullopt: no end) stands for a period: nothing
/// when it covers the period and does not end soon; otherwise one reason (a refusal, or a warning for a record
/// ending within the warning window) with key `<prefix>_expired`, `<prefix>_expires_during`,
/// `<prefix>_not_yet_valid` or `workforce.gate_expires_soon`.
std::optional<extend::GateReason> validity_reason(const std::string& prefix, const std::string& first_day,
                                                  const std::optional<std::string>& last_day, const GatePeriod& p);

/// The checks, as functions of the records (unit-tested on their own).
std::vector<extend::GateReason> status_reasons(const Worker& w);
std::vector<extend::GateReason> vetting_reasons(const Credentials& r, const GatePeriod& p);
std::vector<extend::GateReason> certificate_reasons(const Credentials& r, const ServiceType& s, const GatePeriod& p);
std::vector<extend::GateReason> health_reasons(const Credentials& r, const ServiceType& s, const GatePeriod& p);
/// Refuses at `limit` violation points or more; warns from three points below it.
std::vector<extend::GateReason> integrity_reasons(std::int64_t points, std::int64_t limit);

/// A worker's file as the gate reads it, loaded once per evaluation.
struct GateRecords {
  std::optional<Worker> worker;
  Credentials credentials;
  std::optional<ServiceType> service;
};

/// The base of the workforce module's checks: loads the worker's records once per evaluation (shared through
/// GateRequest::loaded) and refuses for a worker that does not exist.
class WorkforceCheck : public extend::GateCheck {
 public:
  WorkforceCheck(const WorkerRepository& workers, const CredentialRepository& credentials)
      : workers_(workers), credentials_(credentials) {}
  std::vector<extend::GateReason> check(db::Conn& c, const extend::GateRequest& request) const final;

 protected:
  virtual std::vector<extend::GateReason> reasons(const GateRecords& records, const GatePeriod& period) const = 0;

 private:
  const WorkerRepository& workers_;
  const CredentialRepository& credentials_;
};

/// "workforce.status": the worker is active (not an applicant, not suspended, not left).
class StatusCheck final : public WorkforceCheck {
 public:
  using WorkforceCheck::WorkforceCheck;
  std::string name() const override { return "workforce.status"; }

 protected:
  std::vector<extend::GateReason> reasons(const GateRecords& r, const GatePeriod& p) const override;
};

/// "workforce.vetting": no-criminal-record certificate and mental-health declaration clear and valid through the
/// period; a missing or flagged credit check warns.
class VettingCheck final : public WorkforceCheck {
 public:
  using WorkforceCheck::WorkforceCheck;
  std::string name() const override { return "workforce.vetting"; }

 protected:
  std::vector<extend::GateReason> reasons(const GateRecords& r, const GatePeriod& p) const override;
};

/// "workforce.certificates": every certificate the service type requires, valid through the period.
class CertificateCheck final : public WorkforceCheck {
 public:
  using WorkforceCheck::WorkforceCheck;
  std::string name() const override { return "workforce.certificates"; }

 protected:
  std::vector<extend::GateReason> reasons(const GateRecords& r, const GatePeriod& p) const override;
};

/// "workforce.health": the latest health check is not "unfit" and is valid through the period (until its next
/// due date and for the service type's validity); restrictions warn.
class HealthCheckCheck final : public WorkforceCheck {
 public:
  using WorkforceCheck::WorkforceCheck;
  std::string name() const override { return "workforce.health"; }

 protected:
  std::vector<extend::GateReason> reasons(const GateRecords& r, const GatePeriod& p) const override;
};

/// "workforce.hours": the working-time rules (hours a day and a week, rest days) hold on the days and weeks of the
/// period, counting the worker's recorded shifts and, for a service of a day or less, the service itself.
class HoursCheck final : public extend::GateCheck {
 public:
  explicit HoursCheck(const WorkingTimeRepository& repo) : repo_(repo) {}
  std::string name() const override { return "workforce.hours"; }
  std::vector<extend::GateReason> check(db::Conn& c, const extend::GateRequest& request) const override;

 private:
  const WorkingTimeRepository& repo_;
};

/// "workforce.integrity": the violation points of the 365 days up to the service's first day stay below the limit
/// (setting integrity_points_max).
class IntegrityCheck final : public extend::GateCheck {
 public:
  IntegrityCheck(const WorkerRecordsRepository& records, const WorkingTimeRepository& settings)
      : records_(records), settings_(settings) {}
  std::string name() const override { return "workforce.integrity"; }
  std::vector<extend::GateReason> check(db::Conn& c, const extend::GateRequest& request) const override;

 private:
  const WorkerRecordsRepository& records_;
  const WorkingTimeRepository& settings_;
};

}  // namespace anxin::workforce
