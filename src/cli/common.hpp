#pragma once

#include <CLI/CLI.hpp>
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

void register_serve(CLI::App& app, int& exit_code);
void register_migrate(CLI::App& app, int& exit_code);
void register_demo(CLI::App& app, int& exit_code);
void register_version(CLI::App& app, int& exit_code);
void register_admin(CLI::App& app, int& exit_code);
void register_keys(CLI::App& app, int& exit_code);
void register_audit(CLI::App& app, int& exit_code);
void register_openapi(CLI::App& app, int& exit_code);

}  // namespace anxin::cli
