#include <iostream>

#include "app/app.hpp"
#include "cli/common.hpp"
#include "platform/db/migrator.hpp"

namespace anxin::cli {

void register_migrate(CLI::App& app, int& exit_code) {
  auto opts = std::make_shared<CommonOptions>();
  auto* cmd = app.add_subcommand("migrate", "Apply pending database migrations and list what ran");
  add_common_options(*cmd, *opts);
  cmd->callback([=, &exit_code] {
    auto config = load_config(*opts);
    if (!config || !app::prepare_process(*config)) {
      exit_code = 2;
      return;
    }
    try {
      auto database = db::Database::open({.url = config->database_url()});
      const auto all = db::embedded_migrations(database->backend());
      const auto applied = db::migrate(*database, all);
      for (const auto& m : all) {
        const bool now = std::find(applied.begin(), applied.end(), m.version) != applied.end();
        std::cout << (now ? "applied  " : "present  ") << m.name << "\n";
      }
      std::cout << applied.size() << " migration(s) applied, " << all.size() << " in total.\n";
      database->close();
    } catch (const std::exception& e) {
      std::cerr << "anxin migrate: " << e.what() << "\n";
      exit_code = 1;
    }
  });
}

}  // namespace anxin::cli
