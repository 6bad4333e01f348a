#include <iostream>

#include "app/app.hpp"
#include "cli/common.hpp"

namespace anxin::cli {

void register_version(CLI::App& app, int& exit_code) {
  auto* cmd = app.add_subcommand("version", "Print the version");
  cmd->callback([&exit_code] {
    std::cout << "anxin " << app::version() << "\n";
    exit_code = 0;
  });
}

}  // namespace anxin::cli
