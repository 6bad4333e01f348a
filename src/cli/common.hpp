#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <map>
#include <optional>
#include <string>

#include "platform/config/config.hpp"

namespace anxin::cli {

/// Options every command accepts; flags given on the command line override the configuration.
struct CommonOptions {
  std::optional<std::string> config_file;
  std::map<std::string, std::string> overrides;
  std::optional<std::string> data_dir;
  std::optional<std::string> database;
};

/// Adds --config, --data-dir and --database to `cmd`.
void add_common_options(CLI::App& cmd, CommonOptions& opts);

/// Loads the configuration for a command (printing the error and returning nullopt on failure).
std::optional<config::Config> load_config(CommonOptions& opts);

}  // namespace anxin::cli

namespace anxin::app {
class App;
}  // namespace anxin::app

namespace anxin::cli {

/// Loads the configuration, prepares the process, builds the application and runs `fn` with it;
/// returns the exit code (2 for configuration problems, 1 when the application fails to start).
int with_app(CommonOptions& opts, const char* what, const std::function<int(anxin::app::App&)>& fn);

void register_serve(CLI::App& app, int& exit_code);
void register_migrate(CLI::App& app, int& exit_code);
void register_demo(CLI::App& app, int& exit_code);
void register_version(CLI::App& app, int& exit_code);
void register_admin(CLI::App& app, int& exit_code);
void register_keys(CLI::App& app, int& exit_code);
void register_audit(CLI::App& app, int& exit_code);
void register_openapi(CLI::App& app, int& exit_code);
void register_import(CLI::App& app, int& exit_code);

}  // namespace anxin::cli
