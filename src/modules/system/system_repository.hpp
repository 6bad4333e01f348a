#pragma once

#include "platform/db/database.hpp"

namespace anxin::system {

/// The system module's one statement: the readiness ping. SQL from queries/.
class SystemRepository {
 public:
  /// True when the database answers a trivial query on `c`; throws DbError when it does not.
  bool ping(db::Conn& c) const;
};

}  // namespace anxin::system
