#include <iostream>

#include "app/app.hpp"
#include "cli/common.hpp"

namespace anxin::cli {

void register_keys(CLI::App& app, int& exit_code) {
  auto opts = std::make_shared<CommonOptions>();
  auto version = std::make_shared<std::uint32_t>(0);
  auto* keys = app.add_subcommand("keys", "Field-encryption keys");
  keys->require_subcommand(1);
  auto* rotate = keys->add_subcommand("rotate", "Add a new field key and re-encrypt every value to it (resumable)");
  add_common_options(*rotate, *opts);
  rotate->callback(
      [=, &exit_code] { exit_code = with_app(*opts, "keys rotate", [](app::App& a) { return a.rotate_keys(true); }); });
  auto* reencrypt = keys->add_subcommand("reencrypt", "Resume re-encryption to the active key after an interruption");
  add_common_options(*reencrypt, *opts);
  reencrypt->callback([=, &exit_code] {
    exit_code = with_app(*opts, "keys reencrypt", [](app::App& a) { return a.rotate_keys(false); });
  });
  auto* retire = keys->add_subcommand("retire", "Retire a key version that no value uses any more");
  add_common_options(*retire, *opts);
  retire->add_option("--version", *version, "Key version to retire")->required();
  retire->callback([=, &exit_code] {
    exit_code = with_app(*opts, "keys retire", [version](app::App& a) { return a.retire_key(*version); });
  });
}

void register_openapi(CLI::App& app, int& exit_code) {
  auto opts = std::make_shared<CommonOptions>();
  auto* cmd = app.add_subcommand("openapi", "Print the OpenAPI 3.1 document of the API (for client generation)");
  add_common_options(*cmd, *opts);
  cmd->callback(
      [=, &exit_code] { exit_code = with_app(*opts, "openapi", [](app::App& a) { return a.print_openapi(); }); });
}

void register_audit(CLI::App& app, int& exit_code) {
  auto opts = std::make_shared<CommonOptions>();
  auto* audit = app.add_subcommand("audit", "The tamper-evident audit log");
  audit->require_subcommand(1);
  auto* verify = audit->add_subcommand("verify", "Verify the hash chain and signed checkpoints; exit 3 when tampered");
  add_common_options(*verify, *opts);
  verify->callback(
      [=, &exit_code] { exit_code = with_app(*opts, "audit verify", [](app::App& a) { return a.verify_audit(); }); });
  auto* checkpoint = audit->add_subcommand("checkpoint", "Sign a checkpoint of the audit chain now");
  add_common_options(*checkpoint, *opts);
  checkpoint->callback([=, &exit_code] {
    exit_code = with_app(*opts, "audit checkpoint", [](app::App& a) { return a.checkpoint_audit(); });
  });
}

}  // namespace anxin::cli
