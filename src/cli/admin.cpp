#include <iostream>

#include "app/app.hpp"
#include "cli/common.hpp"

namespace anxin::cli {

void register_admin(CLI::App& app, int& exit_code) {
  auto opts = std::make_shared<CommonOptions>();
  auto username = std::make_shared<std::string>();
  auto roles = std::make_shared<std::vector<std::string>>();
  auto password_stdin = std::make_shared<bool>(false);
  auto* admin = app.add_subcommand("admin", "Account administration from the command line");
  admin->require_subcommand(1);
  auto* create = admin->add_subcommand("create", "Create an administrator account");
  add_common_options(*create, *opts);
  create->add_option("--username", *username, "User name of the new account")->required();
  create->add_option("--role", *roles, "Role code (repeatable; default: sysadmin and secadmin)");
  create->add_flag("--password-stdin", *password_stdin,
                   "Read the password from standard input instead of generating a one-time password");
  create->callback([=, &exit_code] {
    std::optional<std::string> password;
    if (*password_stdin) {
      std::string line;
      std::getline(std::cin, line);
      while (!line.empty() && (line.back() == '\r' || line.back() == '\n')) line.pop_back();
      password = line;
    }
    std::vector<std::string> role_codes = *roles;
    if (role_codes.empty()) role_codes = {"sysadmin", "secadmin"};
    exit_code =
        with_app(*opts, "admin create", [&](app::App& a) { return a.create_admin(*username, password, role_codes); });
  });
}

}  // namespace anxin::cli
