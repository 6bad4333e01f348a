#include "app/app.hpp"
#include "cli/common.hpp"

namespace anxin::cli {

void register_serve(CLI::App& app, int& exit_code) {
  auto opts = std::make_shared<CommonOptions>();
  auto listen = std::make_shared<std::optional<std::string>>();
  auto tls_cert = std::make_shared<std::optional<std::string>>();
  auto tls_key = std::make_shared<std::optional<std::string>>();
  auto* cmd = app.add_subcommand("serve", "Serve the web UI and the API (applies pending migrations first)");
  add_common_options(*cmd, *opts);
  cmd->add_option("--listen", *listen, "HOST:PORT to listen on (default 127.0.0.1:8080; port 0 picks a free port)");
  cmd->add_option("--tls-cert", *tls_cert, "PEM certificate chain for HTTPS");
  cmd->add_option("--tls-key", *tls_key, "PEM private key for HTTPS");
  cmd->callback([=, &exit_code] {
    if (*listen) opts->overrides["listen"] = **listen;
    if (*tls_cert) opts->overrides["tls_cert"] = **tls_cert;
    if (*tls_key) opts->overrides["tls_key"] = **tls_key;
    exit_code = with_app(*opts, "serve", [](app::App& a) { return a.serve(); });
  });
}

}  // namespace anxin::cli
