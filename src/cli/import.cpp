#include <fstream>
#include <iostream>
#include <sstream>

#include "app/app.hpp"
#include "cli/common.hpp"
#include "modules/workforce/worker_import.hpp"
#include "platform/http/i18n.hpp"

namespace anxin::cli {

namespace {

/// Imports worker files from CSV as the system (all departments), printing progress and every problem.
int import_workers(app::App& a, const std::string& file, bool dry_run) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    std::cerr << "anxin import: cannot read " << file << "\n";
    return 2;
  }
  std::stringstream bytes;
  bytes << in.rdbuf();
  auto* import = a.registry().find<workforce::WorkerImport>();
  if (import == nullptr) {
    std::cerr << "anxin import: the workforce module is not loaded\n";
    return 1;
  }
  Caller system;
  system.username = "cli";
  system.data_scope = 3;
  system.clearance = 4;
  const auto progress = [](std::int64_t done, std::int64_t total) {
    const int width = 30;
    const auto filled = total == 0 ? width : static_cast<int>(done * width / total);
    std::cerr << "\r  [" << std::string(static_cast<std::size_t>(filled), '#')
              << std::string(static_cast<std::size_t>(width - filled), '.') << "] " << done << "/" << total
              << std::flush;
  };
  auto r = import->run(system, bytes.str(), dry_run, progress);
  std::cerr << "\n";
  if (!r.ok()) {
    std::cerr << "anxin import: " << http::translate("zh-CN", r.error().message_key, r.error().details) << "\n";
    return 1;
  }
  if (!r->problems.empty()) {
    for (const auto& p : workforce::WorkerImport::problems_json(*r, "zh-CN", r->problems.size())) {
      std::cerr << "  row " << p["row"].get<std::int64_t>() << ", " << p["column"].get<std::string>() << " \""
                << p["value"].get<std::string>() << "\": " << p["message"].get<std::string>() << "\n";
    }
    std::cerr << "anxin import: " << r->problems.size() << " problems in " << r->rows
              << " rows; nothing was imported.\n";
    return 1;
  }
  std::cout << (dry_run ? "Checked " : "Imported ") << (dry_run ? r->rows : r->imported) << " workers"
            << (dry_run ? " (dry run: nothing stored).\n" : ".\n");
  return 0;
}

}  // namespace

void register_import(CLI::App& app, int& exit_code) {
  auto opts = std::make_shared<CommonOptions>();
  auto* import = app.add_subcommand("import", "Import records from a file");
  import->require_subcommand(1);
  auto* workers = import->add_subcommand(
      "workers", "Import worker files from CSV (UTF-8 or GBK; the web's template): every row or none");
  add_common_options(*workers, *opts);
  auto file = std::make_shared<std::string>();
  auto dry_run = std::make_shared<bool>(false);
  workers->add_option("file", *file, "The CSV file")->required();
  workers->add_flag("--dry-run", *dry_run, "Check every row and store nothing");
  workers->callback([=, &exit_code] {
    exit_code = with_app(*opts, "import workers", [=](app::App& a) { return import_workers(a, *file, *dry_run); });
  });
}

}  // namespace anxin::cli
