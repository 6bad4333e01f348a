#pragma once

// Printable PDF documents (reports) in Chinese and English: A4 pages laid out with Pango and drawn
// with Cairo in Noto Sans CJK SC, fonts embedded, text extractable. No Pango or Cairo type appears
// here; only pdf_document.cpp includes their headers.
//
// How to build a document (for example an investigation report):
//
//   report::PdfDocument doc({.title = "事故调查报告", .subject = "INC-2026-11-21-000007", .author = "张伟"});
//   doc.metadata_line("事件编号：INC-2026-11-21-000007");        // small grey lines under the title
//   doc.metadata_line("导出时间：2026-11-21 14:05（北京时间）");
//   doc.heading("一、基本情况");                                  // a numbered or plain section title
//   doc.fields({{"事故等级", "一般事故"}, {"责任部门", "朝阳服务站"}});  // key/value table
//   doc.heading("二、事故经过");
//   doc.paragraph(facts);                                          // wrapped text, any length
//   doc.heading("三、整改措施");
//   doc.table({"措施", "负责人", "期限"}, rows, {0.5, 0.25, 0.25});  // grid with a header row
//   std::string pdf = doc.render();                                // the bytes, starting "%PDF-"
//
// Everything breaks across pages: paragraphs and table rows line by line, a grid's header row is
// repeated on every page it continues on, and every page carries "第 N 页 / 共 M 页" (or
// "Page N of M" with footer_format) in its footer. Blocks appear in the order they were added.

#include <array>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace anxin::report {

/// A colour as 0–255 red, green, blue.
struct Rgb {
  unsigned char r = 0, g = 0, b = 0;
};

/// One row of a key/value table. A swatch draws a small square of that colour before the value (a
/// response level's colour, say).
struct Field {
  std::string key;
  std::string value;
  std::optional<Rgb> swatch;
};

struct PdfOptions {
  /// Printed at the top of the first page and stored as the PDF title.
  std::string title;
  /// Stored as the PDF subject (e.g. the record's number).
  std::string subject;
  /// Stored as the PDF author (e.g. who exported it); the creator is always "anxin".
  std::string author;
  /// Footer text with {page} and {pages}; the default is Chinese.
  std::string footer_format = "第 {page} 页 / 共 {pages} 页";
  /// Pango font family of all text.
  std::string font_family = "Noto Sans CJK SC";
};

/// A document under construction; render() lays it out and returns the PDF. Not thread-safe, but
/// separate documents may be built and rendered on separate threads.
class PdfDocument {
 public:
  explicit PdfDocument(PdfOptions options);

  /// A small grey line under the title (number, export time, who exported it).
  PdfDocument& metadata_line(std::string text);
  /// A section title.
  PdfDocument& heading(std::string text);
  /// Wrapped text; line breaks in `text` start new lines. Empty text adds nothing.
  PdfDocument& paragraph(std::string text);
  /// A two-column table of keys (shaded) and values.
  PdfDocument& fields(std::vector<Field> rows);
  /// A grid with a header row. `weights` share out the width between the columns (equal when
  /// empty); every row must have one cell per header.
  PdfDocument& table(std::vector<std::string> headers, std::vector<std::vector<std::string>> rows,
                     std::vector<double> weights = {});
  /// A line of muted text in place of a table that has no rows ("无记录").
  PdfDocument& note(std::string text);

  /// Lays out and draws every page; returns the PDF bytes. Throws std::runtime_error when Cairo fails.
  std::string render() const;
  /// Pages of the last render() (0 before the first).
  int page_count() const { return pages_; }

  /// The kinds of block a document holds (public for the renderer in pdf_document.cpp).
  enum class Kind { kMeta, kHeading, kParagraph, kFields, kTable, kNote };
  struct Block {
    Kind kind;
    std::vector<std::string> texts;              // headers (table) or the one text
    std::vector<std::vector<std::string>> rows;  // table rows, or fields as {key, value}
    std::vector<std::optional<Rgb>> swatches;    // fields only
    std::vector<double> weights;
  };

 private:
  PdfOptions options_;
  std::vector<Block> blocks_;
  mutable int pages_ = 0;
};

/// Frees the font caches Pango, Cairo and fontconfig keep for the life of the process. Only for
/// tests that end under a leak checker: call once at exit, when no document is being rendered.
void release_font_caches();

}  // namespace anxin::report
