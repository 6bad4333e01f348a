#pragma once

// One-sheet Excel workbooks (.xlsx) of typed rows, written with libxlsxwriter. No libxlsxwriter type
// appears here; only xlsx_table.cpp includes its headers.
//
//   report::XlsxTable t({.sheet = "突发事件", .title = "突发事件列表"},
//                       {{"事件编号", 22}, {"上报时间", 18}, {"损失（元）", 14}});
//   t.add_row({"INC-2026-11-21-000001", report::Instant{reported_at}, Fen{123456}});
//   std::string xlsx = t.render();
//
// The header row is bold, frozen and filtered; instants become real Excel dates in the table's time
// zone ("yyyy-mm-dd hh:mm"), amounts in fen become yuan with two decimals, integers stay integers.

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "core/clock.hpp"
#include "core/money.hpp"

namespace anxin::report {

/// An instant shown as a local date and time.
struct Instant {
  TimestampMs ms = 0;
};

/// One cell: empty, text, an integer, an amount of money or an instant.
using CellValue = std::variant<std::monostate, std::string, std::int64_t, Fen, Instant>;

struct XlsxColumn {
  std::string header;
  /// Width in Excel character units.
  double width = 12;
};

struct XlsxOptions {
  /// Worksheet name (at most 31 characters, none of []:*?/\).
  std::string sheet = "Sheet1";
  /// Stored as the workbook title; the author is always "anxin".
  std::string title;
  /// Offset of the local time zone in minutes (480: China Standard Time, which has no daylight saving).
  int utc_offset_minutes = 480;
  /// Directory for the temporary file the library writes; empty: the system's temporary directory.
  std::string temp_dir;
};

class XlsxTable {
 public:
  XlsxTable(XlsxOptions options, std::vector<XlsxColumn> columns);

  /// Appends a row; missing trailing cells stay empty, extra ones are ignored.
  void add_row(std::vector<CellValue> cells);
  std::size_t rows() const { return rows_.size(); }

  /// The .xlsx file. Throws std::runtime_error when the workbook cannot be written.
  std::string render() const;

 private:
  XlsxOptions options_;
  std::vector<XlsxColumn> columns_;
  std::vector<std::vector<CellValue>> rows_;
};

}  // namespace anxin::report
