#include "app/app.hpp"
#include "cli/common.hpp"

namespace anxin::cli {

void register_demo(CLI::App& app, int& exit_code) {
  auto opts = std::make_shared<CommonOptions>();
  auto* cmd = app.add_subcommand("demo", "Load demo data: a fictional household-service company (safe to repeat)");
  add_common_options(*cmd, *opts);
  cmd->callback([=, &exit_code] { exit_code = with_app(*opts, "demo", [](app::App& a) { return a.load_demo(); }); });
}

}  // namespace anxin::cli
