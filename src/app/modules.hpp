#pragma once

#include <functional>
#include <vector>

#include "platform/extend/registry.hpp"

namespace anxin::app {

/// One entry of the module list: a module's name and its registration function.
struct ModuleEntry {
  const char* name;
  void (*register_module)(extend::Registry&);
};

/// Every module anxin runs, in dependency order (a module finds the services of those above it). Adding a module
/// is one line here and a folder under src/modules/.
const std::vector<ModuleEntry>& modules();

}  // namespace anxin::app
