#include "modules/system/system_repository.hpp"

#include <string_view>

namespace anxin::system {

std::string_view system_sql(std::string_view name);  // embedded queries/*.sql

bool SystemRepository::ping(db::Conn& c) const { return !c.query(system_sql("ping")).empty(); }

}  // namespace anxin::system
