#include <CLI/CLI.hpp>

#include "cli/common.hpp"

int main(int argc, char** argv) {
  CLI::App app{"anxin (安心): safety, insurance and emergency management for service companies"};
  app.require_subcommand(1);
  int exit_code = 0;
  anxin::cli::register_serve(app, exit_code);
  anxin::cli::register_migrate(app, exit_code);
  anxin::cli::register_demo(app, exit_code);
  anxin::cli::register_version(app, exit_code);
  anxin::cli::register_admin(app, exit_code);
  anxin::cli::register_keys(app, exit_code);
  anxin::cli::register_audit(app, exit_code);
  anxin::cli::register_openapi(app, exit_code);
  CLI11_PARSE(app, argc, argv);
  return exit_code;
}
