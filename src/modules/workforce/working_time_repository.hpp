#pragma once

#include <optional>
#include <vector>

#include "modules/workforce/working_time.hpp"
#include "platform/db/database.hpp"

namespace anxin::workforce {

/// Persistence of shifts and of the module's settings.
class WorkingTimeRepository {
 public:
  std::int64_t add_shift(db::Conn& c, const Shift& s, std::optional<std::int64_t> by, TimestampMs now);
  /// The worker's shifts overlapping [from, to), by start.
  std::vector<Shift> shifts(db::Conn& c, std::int64_t worker_id, TimestampMs from, TimestampMs to) const;
  WorkforceSettings settings(db::Conn& c) const;
  void set_settings(db::Conn& c, const WorkforceSettings& s);
};

}  // namespace anxin::workforce
