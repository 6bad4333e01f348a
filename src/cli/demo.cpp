#include <iostream>

#include "app/app.hpp"
#include "cli/common.hpp"

namespace anxin::cli {

void register_demo(CLI::App& app, int& exit_code) {
  auto opts = std::make_shared<CommonOptions>();
  auto* cmd = app.add_subcommand("demo", "Load demo data: a fictional household-service company (safe to repeat)");
  add_common_options(*cmd, *opts);
  cmd->callback([=, &exit_code] {
    auto config = load_config(*opts);
    if (!config || !app::prepare_process(*config)) {
      exit_code = 2;
      return;
    }
    try {
      app::App application(*config);
      exit_code = application.load_demo();
    } catch (const std::exception& e) {
      std::cerr << "anxin demo: " << e.what() << "\n";
      exit_code = 1;
    }
  });
}

}  // namespace anxin::cli
