#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace anxin::text {

/// A parsed CSV file: records of fields, in UTF-8.
struct CsvTable {
  std::vector<std::vector<std::string>> rows;
  /// "utf-8" or "gbk": what the file was written in.
  std::string encoding;
};

/// Where a CSV file cannot be read.
struct CsvProblem {
  /// "csv.encoding" (neither UTF-8 nor GBK), "csv.unterminated_quote", "csv.stray_quote".
  std::string key;
  /// 1-based line of the problem.
  std::size_t line = 0;
};

/// Parses CSV as RFC 4180 writes it (comma-separated; fields quoted with '"' may hold commas, line breaks and
/// doubled quotes; CRLF or LF line ends) and as spreadsheets save it: UTF-8 with or without a byte-order mark, or
/// GBK/GB18030 (what Excel writes on a Chinese Windows), which is converted to UTF-8. Blank lines are skipped.
/// Returns the table, or the problem that stops it.
std::optional<CsvProblem> parse_csv(std::string_view bytes, CsvTable& out);

/// `text` converted from GB18030 (a superset of GBK and GB2312) to UTF-8; nullopt when it is not valid GB18030.
std::optional<std::string> gb18030_to_utf8(std::string_view text);

/// One CSV field, quoted when it holds a comma, quote or line break.
std::string csv_field(std::string_view value);

}  // namespace anxin::text
