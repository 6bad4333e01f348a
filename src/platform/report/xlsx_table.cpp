#include "platform/report/xlsx_table.hpp"

#include <unistd.h>
#include <xlsxwriter.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>

namespace anxin::report {
namespace {

// Days from the Excel epoch (1899-12-30, the 1900 date system) to 1970-01-01.
constexpr double kExcelUnixEpoch = 25569.0;
constexpr double kMsPerDay = 86400000.0;

/// The temporary file the library writes into; removed however render() ends.
class TempFile {
 public:
  explicit TempFile(const std::string& dir) {
    const std::filesystem::path base =
        dir.empty() ? std::filesystem::temp_directory_path() : std::filesystem::path(dir);
    std::string pattern = (base / "anxin-xlsx-XXXXXX").string();
    // mkstemp creates the file with mode 0600: the rows may hold personal data.
    const int fd = ::mkstemp(pattern.data());
    if (fd < 0) throw std::runtime_error("xlsx: cannot create a temporary file in " + base.string());
    ::close(fd);
    path_ = pattern;
  }
  ~TempFile() {
    std::error_code ec;
    std::filesystem::remove(path_, ec);
  }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

void check(lxw_error e, const char* what) {
  if (e != LXW_NO_ERROR) throw std::runtime_error(std::string("xlsx: ") + what + ": " + lxw_strerror(e));
}

}  // namespace

XlsxTable::XlsxTable(XlsxOptions options, std::vector<XlsxColumn> columns)
    : options_(std::move(options)), columns_(std::move(columns)) {}

void XlsxTable::add_row(std::vector<CellValue> cells) {
  cells.resize(columns_.size());
  rows_.push_back(std::move(cells));
}

std::string XlsxTable::render() const {
  TempFile file(options_.temp_dir);
  std::string tmpdir = std::filesystem::path(file.path()).parent_path().string();
  lxw_workbook_options wo{.constant_memory = 0, .tmpdir = tmpdir.data(), .use_zip64 = 0};
  lxw_workbook* wb = workbook_new_opt(file.path().c_str(), &wo);
  if (wb == nullptr) throw std::runtime_error("xlsx: cannot create the workbook");
  // workbook_close() frees the workbook whatever happens, so it runs on every path below.
  try {
    std::string title = options_.title;
    std::string author = "anxin";
    lxw_doc_properties props{};
    props.title = title.data();
    props.author = author.data();
    check(workbook_set_properties(wb, &props), "properties");

    lxw_worksheet* ws = workbook_add_worksheet(wb, options_.sheet.c_str());
    if (ws == nullptr) throw std::runtime_error("xlsx: invalid sheet name");
    lxw_format* header = workbook_add_format(wb);
    format_set_bold(header);
    format_set_bg_color(header, 0xDDE4EE);
    format_set_border(header, LXW_BORDER_THIN);
    format_set_text_wrap(header);
    format_set_align(header, LXW_ALIGN_VERTICAL_CENTER);
    lxw_format* date = workbook_add_format(wb);
    format_set_num_format(date, "yyyy-mm-dd hh:mm");
    lxw_format* money = workbook_add_format(wb);
    format_set_num_format(money, "#,##0.00");
    lxw_format* integer = workbook_add_format(wb);
    format_set_num_format(integer, "0");

    const auto last_col = static_cast<lxw_col_t>(columns_.empty() ? 0 : columns_.size() - 1);
    for (std::size_t c = 0; c < columns_.size(); ++c) {
      const auto col = static_cast<lxw_col_t>(c);
      check(worksheet_set_column(ws, col, col, columns_[c].width, nullptr), "column width");
      check(worksheet_write_string(ws, 0, col, columns_[c].header.c_str(), header), "header");
    }
    worksheet_freeze_panes(ws, 1, 0);
    if (!columns_.empty()) {
      check(worksheet_autofilter(ws, 0, 0, static_cast<lxw_row_t>(rows_.size()), last_col), "filter");
    }

    const double offset_days = options_.utc_offset_minutes / 1440.0;
    for (std::size_t r = 0; r < rows_.size(); ++r) {
      const auto row = static_cast<lxw_row_t>(r + 1);
      for (std::size_t c = 0; c < columns_.size(); ++c) {
        const auto col = static_cast<lxw_col_t>(c);
        const CellValue& v = rows_[r][c];
        if (const auto* s = std::get_if<std::string>(&v)) {
          // Written as a string cell, never as a formula, whatever it starts with.
          if (!s->empty()) check(worksheet_write_string(ws, row, col, s->c_str(), nullptr), "text");
        } else if (const auto* i = std::get_if<std::int64_t>(&v)) {
          check(worksheet_write_number(ws, row, col, static_cast<double>(*i), integer), "number");
        } else if (const auto* f = std::get_if<Fen>(&v)) {
          // Excel stores numbers as doubles; two decimals of yuan are exact enough for display.
          check(worksheet_write_number(ws, row, col, static_cast<double>(f->value) / 100.0, money), "amount");
        } else if (const auto* t = std::get_if<Instant>(&v)) {
          const double serial = kExcelUnixEpoch + static_cast<double>(t->ms) / kMsPerDay + offset_days;
          check(worksheet_write_number(ws, row, col, serial, date), "date");
        }
      }
    }
  } catch (...) {
    workbook_close(wb);
    throw;
  }
  check(workbook_close(wb), "close");

  std::ifstream in(file.path(), std::ios::binary | std::ios::ate);
  if (!in) throw std::runtime_error("xlsx: cannot read the workbook back");
  std::string bytes(static_cast<std::size_t>(in.tellg()), '\0');
  in.seekg(0);
  if (!in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()))) {
    throw std::runtime_error("xlsx: cannot read the workbook back");
  }
  return bytes;
}

}  // namespace anxin::report
