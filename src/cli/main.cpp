#include <malloc.h>

#include <CLI/CLI.hpp>

#include "cli/common.hpp"

int main(int argc, char** argv) {
  // The server allocates and frees many small objects on dozens of threads. glibc's defaults hand
  // freed memory back to the kernel eagerly (madvise per thread arena), which costs a TLB shootdown
  // across cores each time and page faults when the memory is used again; keep it instead.
  mallopt(M_TRIM_THRESHOLD, 256 * 1024 * 1024);
  mallopt(M_TOP_PAD, 64 * 1024 * 1024);
  mallopt(M_MMAP_THRESHOLD, 4 * 1024 * 1024);
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
  anxin::cli::register_import(app, exit_code);
  CLI11_PARSE(app, argc, argv);
  return exit_code;
}
