#pragma once

#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "core/caller.hpp"
#include "core/clock.hpp"
#include "core/result.hpp"
#include "modules/workforce/worker_service.hpp"
#include "platform/audit/audit_sink.hpp"
#include "platform/db/database.hpp"

namespace anxin::workforce {

/// One problem of an import file: where (1-based row of the file, the header being row 1; the column's header),
/// the value as it may be shown (masked for personal data) and why.
struct ImportProblem {
  std::int64_t row = 0;
  std::string column;
  std::string value;
  std::string key;
  nlohmann::json params = nlohmann::json::object();
};

struct ImportResult {
  /// Data rows in the file.
  std::int64_t rows = 0;
  /// Rows stored (0 for a dry run or a file with problems).
  std::int64_t imported = 0;
  bool dry_run = false;
  std::vector<ImportProblem> problems;
};

/// Bulk import of worker files (WRK-8) from CSV: every row is checked as a registration through the API would be
/// (ID checksum and age, duplicates in the file and in the register, mobile number, bank card, service types,
/// department), and then all rows are stored in one transaction or, when any row has a problem, none.
class WorkerImport {
 public:
  WorkerImport(db::Database& db, const Clock& clock, WorkerService& workers, audit::AuditSink& audit)
      : db_(db), clock_(clock), workers_(workers), audit_(audit) {}

  /// Checks (and unless `dry_run`, stores) the file. Fails only for a file that cannot be read as CSV at all
  /// (encoding, quotes: 422 workforce.import_unreadable) or has no data rows; row problems are in the result.
  /// `progress(done, total)` is called as rows are checked and stored.
  Result<ImportResult> run(const Caller& caller, std::string_view bytes, bool dry_run,
                           const std::function<void(std::int64_t, std::int64_t)>& progress = {});

  /// The template: the header row and one example row, UTF-8 with a byte-order mark (so that Excel reads it).
  static std::string template_csv();
  /// The problems as a one-sheet workbook, texts in `lang`.
  static std::string problem_report(const ImportResult& result, const std::string& lang);
  /// The problems as JSON: [{row, column, value, key, message}], at most `limit` of them.
  static nlohmann::json problems_json(const ImportResult& result, const std::string& lang, std::size_t limit);

 private:
  db::Database& db_;
  const Clock& clock_;
  WorkerService& workers_;
  audit::AuditSink& audit_;
};

}  // namespace anxin::workforce
