#include "cli/common.hpp"

#include <iostream>

#include "app/app.hpp"
#include "platform/log/log.hpp"

namespace anxin::cli {

void add_common_options(CLI::App& cmd, CommonOptions& opts) {
  cmd.add_option("--config", opts.config_file, "TOML configuration file (also ANXIN_CONFIG)");
  cmd.add_option("--data-dir", opts.data_dir, "Data directory (default ./data)");
  cmd.add_option("--database", opts.database,
                 "Database URL: sqlite:PATH or postgresql://... (default: DATA_DIR/anxin.db)");
}

std::optional<config::Config> load_config(CommonOptions& opts) {
  auto env = config::process_env();
  std::optional<std::string> file = opts.config_file;
  if (!file) {
    if (auto it = env.find("ANXIN_CONFIG"); it != env.end() && !it->second.empty()) file = it->second;
  }
  if (opts.data_dir) opts.overrides["data_dir"] = *opts.data_dir;
  if (opts.database) opts.overrides["database"] = *opts.database;
  try {
    return config::load(file, env, opts.overrides);
  } catch (const config::ConfigError& e) {
    std::cerr << "anxin: configuration error: " << e.what() << "\n";
    return std::nullopt;
  }
}

int with_app(CommonOptions& opts, const char* what, const std::function<int(app::App&)>& fn) {
  auto config = load_config(opts);
  if (!config || !app::prepare_process(*config)) return 2;
  try {
    app::App application(*config);
    return fn(application);
  } catch (const std::exception& e) {
    log::error("cli.failed", {{"command", what}, {"reason", e.what()}});
    std::cerr << "anxin " << what << ": " << e.what() << "\n";
    return 1;
  }
}

}  // namespace anxin::cli
