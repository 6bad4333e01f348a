#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "platform/db/database.hpp"

namespace anxin::incidents {

/// An incident of level I or II still being responded to, as the dispatch gate names it.
struct OpenSeriousIncident {
  std::int64_t id = 0;
  std::string number;
  std::int64_t level = 0;
};

/// One counted item of an indicator series: when it falls and the department it counts for.
struct IndicatorItem {
  TimestampMs at = 0;
  std::int64_t department_id = 0;
};

/// The reads behind the incidents module's extension-point contributions (the dispatch-gate check and
/// the indicator series); SQL from queries/. Every function runs on the connection it is given.
class IncidentExtensionRepository {
 public:
  /// Open incidents of level I or II that name `user_id` as a worker, by id.
  std::vector<OpenSeriousIncident> open_serious_of_worker(db::Conn& c, std::int64_t user_id) const;
  /// Incidents still responding that were reported in [from, to), at their report time.
  std::vector<IndicatorItem> open_reported(db::Conn& c, TimestampMs from, TimestampMs to) const;
  /// Reporting steps not done whose deadline lies in [from, to), at their deadline.
  std::vector<IndicatorItem> undone_steps_due(db::Conn& c, TimestampMs from, TimestampMs to) const;
};

}  // namespace anxin::incidents
