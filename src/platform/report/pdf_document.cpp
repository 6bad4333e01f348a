#include "platform/report/pdf_document.hpp"

#include <cairo-pdf.h>
#include <cairo.h>
#include <fontconfig/fontconfig.h>
#include <pango/pangocairo.h>

#include <algorithm>
#include <functional>
#include <memory>
#include <numeric>
#include <stdexcept>

namespace anxin::report {
namespace {

// A4 in PostScript points (the unit of Cairo's PDF surface).
constexpr double kPageWidth = 595.276;
constexpr double kPageHeight = 841.89;
constexpr double kMarginX = 56.7;  // 20 mm
constexpr double kTop = 56.7;
constexpr double kBottom = kPageHeight - 62.0;  // content ends here; the footer sits below
constexpr double kFooterBaseline = kPageHeight - 34.0;
constexpr double kContentWidth = kPageWidth - 2 * kMarginX;
constexpr double kPad = 4.0;  // inside table cells
constexpr double kSwatch = 8.0;

constexpr double kTitleSize = 18.0;
constexpr double kHeadingSize = 13.0;
constexpr double kBodySize = 10.5;
constexpr double kTableSize = 9.5;
constexpr double kSmallSize = 8.5;

constexpr Rgb kInk{34, 34, 34};
constexpr Rgb kMuted{102, 102, 102};
constexpr Rgb kAccent{31, 58, 95};
constexpr Rgb kBorder{150, 150, 150};
constexpr Rgb kKeyFill{238, 242, 247};
constexpr Rgb kHeaderFill{221, 228, 238};

void set_colour(cairo_t* cr, Rgb c) { cairo_set_source_rgb(cr, c.r / 255.0, c.g / 255.0, c.b / 255.0); }

/// Pango wants valid UTF-8; anything else is replaced rather than dropped silently.
std::string valid_utf8(const std::string& s) {
  if (g_utf8_validate(s.data(), static_cast<gssize>(s.size()), nullptr)) return s;
  gchar* fixed = g_utf8_make_valid(s.data(), static_cast<gssize>(s.size()));
  std::string out(fixed);
  g_free(fixed);
  return out;
}

/// A laid-out piece of text and the heights of its lines, drawn line by line so that it can break
/// across pages anywhere between lines.
class Text {
 public:
  Text(cairo_t* cr, const std::string& family, const std::string& text, double size, bool bold, double width)
      : layout_(pango_cairo_create_layout(cr)) {
    PangoFontDescription* font = pango_font_description_new();
    pango_font_description_set_family(font, family.c_str());
    pango_font_description_set_absolute_size(font, size * PANGO_SCALE);
    pango_font_description_set_weight(font, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_layout_set_font_description(layout_, font);
    pango_font_description_free(font);
    pango_layout_set_width(layout_, static_cast<int>(width * PANGO_SCALE));
    pango_layout_set_wrap(layout_, PANGO_WRAP_WORD_CHAR);
    const std::string safe = valid_utf8(text);
    pango_layout_set_text(layout_, safe.c_str(), static_cast<int>(safe.size()));
    const int n = pango_layout_get_line_count(layout_);
    for (int i = 0; i < n; ++i) {
      PangoRectangle logical;
      pango_layout_line_get_extents(pango_layout_get_line_readonly(layout_, i), nullptr, &logical);
      lines_.push_back({static_cast<double>(logical.height) / PANGO_SCALE,
                        static_cast<double>(-logical.y) / PANGO_SCALE,
                        static_cast<double>(logical.width) / PANGO_SCALE});
    }
  }
  ~Text() {
    if (layout_ != nullptr) g_object_unref(layout_);
  }
  Text(const Text&) = delete;
  Text& operator=(const Text&) = delete;
  Text(Text&& o) noexcept : layout_(std::exchange(o.layout_, nullptr)), lines_(std::move(o.lines_)) {}
  Text& operator=(Text&&) = delete;

  std::size_t lines() const { return lines_.size(); }
  double line_height(std::size_t i) const { return lines_[i].height; }
  double line_width(std::size_t i) const { return lines_[i].width; }
  double height(std::size_t from, std::size_t to) const {
    double h = 0;
    for (std::size_t i = from; i < to; ++i) h += lines_[i].height;
    return h;
  }
  /// Draws line `i` with its top-left corner at (x, y).
  void draw_line(cairo_t* cr, std::size_t i, double x, double y) const {
    cairo_move_to(cr, x, y + lines_[i].ascent);
    pango_cairo_show_layout_line(cr, pango_layout_get_line_readonly(layout_, static_cast<int>(i)));
  }

 private:
  struct Line {
    double height, ascent, width;
  };
  PangoLayout* layout_;
  std::vector<Line> lines_;
};

std::string replace_all(std::string s, const std::string& from, const std::string& to) {
  for (std::size_t p = s.find(from); p != std::string::npos; p = s.find(from, p + to.size()))
    s.replace(p, from.size(), to);
  return s;
}

/// One pass over the blocks. The first pass only measures (and counts the pages); the second draws
/// with the page count known. Both use a PDF surface, so fonts are measured the same way.
class Renderer {
 public:
  Renderer(cairo_t* cr, const PdfOptions& options, bool draw, int total_pages)
      : cr_(cr), options_(options), draw_(draw), total_(total_pages) {}

  int run(const std::vector<PdfDocument::Block>& blocks) {
    title();
    for (const auto& b : blocks) {
      switch (b.kind) {
        case PdfDocument::Kind::kMeta: meta(b.texts.at(0)); break;
        case PdfDocument::Kind::kHeading: heading(b.texts.at(0)); break;
        case PdfDocument::Kind::kParagraph: paragraph(b.texts.at(0), kBodySize, kInk); break;
        case PdfDocument::Kind::kNote: paragraph(b.texts.at(0), kTableSize, kMuted); break;
        case PdfDocument::Kind::kFields: fields(b); break;
        case PdfDocument::Kind::kTable: table(b); break;
      }
    }
    footer();
    return page_;
  }

 private:
  Text text(const std::string& s, double size, bool bold, double width) {
    return Text(cr_, options_.font_family, s, size, bold, width);
  }

  void new_page() {
    footer();
    if (draw_) cairo_show_page(cr_);
    ++page_;
    y_ = kTop;
  }

  void footer() {
    if (!draw_) return;
    const std::string label = replace_all(replace_all(options_.footer_format, "{page}", std::to_string(page_)),
                                          "{pages}", std::to_string(total_));
    Text t = text(label, kSmallSize, false, kContentWidth);
    set_colour(cr_, kBorder);
    cairo_set_line_width(cr_, 0.5);
    cairo_move_to(cr_, kMarginX, kFooterBaseline - 14);
    cairo_line_to(cr_, kPageWidth - kMarginX, kFooterBaseline - 14);
    cairo_stroke(cr_);
    set_colour(cr_, kMuted);
    t.draw_line(cr_, 0, kMarginX + (kContentWidth - t.line_width(0)) / 2, kFooterBaseline - 10);
  }

  /// Starts a new page unless `h` more points fit on this one.
  void need(double h) {
    if (y_ + h > kBottom && y_ > kTop) new_page();
  }

  void lines(const Text& t, double x, Rgb colour, bool centred) {
    for (std::size_t i = 0; i < t.lines(); ++i) {
      need(t.line_height(i));
      if (draw_) {
        set_colour(cr_, colour);
        t.draw_line(cr_, i, centred ? x + (kContentWidth - t.line_width(i)) / 2 : x, y_);
      }
      y_ += t.line_height(i);
    }
  }

  void title() {
    if (options_.title.empty()) return;
    lines(text(options_.title, kTitleSize, true, kContentWidth), kMarginX, kInk, true);
    y_ += 8;
  }

  void meta(const std::string& s) {
    lines(text(s, kSmallSize, false, kContentWidth), kMarginX, kMuted, true);
    y_ += 1;
  }

  void heading(const std::string& s) {
    Text t = text(s, kHeadingSize, true, kContentWidth);
    // Keep a heading with the start of its section.
    need(14 + t.height(0, t.lines()) + 3 * kBodySize * 1.5);
    y_ += 14;
    lines(t, kMarginX, kAccent, false);
    if (draw_) {
      set_colour(cr_, kAccent);
      cairo_set_line_width(cr_, 0.8);
      cairo_move_to(cr_, kMarginX, y_ + 2);
      cairo_line_to(cr_, kPageWidth - kMarginX, y_ + 2);
      cairo_stroke(cr_);
    }
    y_ += 7;
  }

  void paragraph(const std::string& s, double size, Rgb colour) {
    if (s.empty()) return;
    lines(text(s, size, false, kContentWidth), kMarginX, colour, false);
    y_ += 5;
  }

  struct Cell {
    Text text;
    double x, width;
    bool fill;
    Rgb fill_colour;
    std::optional<Rgb> swatch;
  };

  /// One table row: cells side by side, broken between lines when it does not fit (after moving
  /// to a fresh page if the whole row would fit there). `repeat` redraws a header after a break.
  void row(std::vector<Cell>& cells, const std::function<void()>& repeat, double reserved) {
    std::vector<std::size_t> next(cells.size(), 0);
    auto total = [&] {
      double h = 0;
      for (std::size_t i = 0; i < cells.size(); ++i)
        h = std::max(h, cells[i].text.height(next[i], cells[i].text.lines()));
      return h + 2 * kPad;
    };
    if (y_ + total() > kBottom && y_ > kTop && total() <= kBottom - kTop - reserved) {
      new_page();
      repeat();
    }
    for (;;) {
      const double avail = kBottom - y_ - 2 * kPad;
      std::vector<std::size_t> end = next;
      double seg = 0;
      bool progress = false;
      for (std::size_t i = 0; i < cells.size(); ++i) {
        double h = 0;
        while (end[i] < cells[i].text.lines() && h + cells[i].text.line_height(end[i]) <= avail) {
          h += cells[i].text.line_height(end[i]);
          ++end[i];
        }
        progress = progress || end[i] > next[i];
        seg = std::max(seg, h);
      }
      if (!progress) {
        if (y_ > kTop + reserved + 1) {
          new_page();
          repeat();
          continue;
        }
        // A single line taller than a page: place it anyway rather than loop.
        for (std::size_t i = 0; i < cells.size(); ++i) {
          if (end[i] < cells[i].text.lines()) {
            seg = std::max(seg, cells[i].text.line_height(end[i]));
            ++end[i];
          }
        }
      }
      if (draw_) {
        for (const auto& c : cells) {
          cairo_rectangle(cr_, c.x, y_, c.width, seg + 2 * kPad);
          if (c.fill) {
            set_colour(cr_, c.fill_colour);
            cairo_fill_preserve(cr_);
          }
          set_colour(cr_, kBorder);
          cairo_set_line_width(cr_, 0.5);
          cairo_stroke(cr_);
        }
        for (std::size_t i = 0; i < cells.size(); ++i) {
          double x = cells[i].x + kPad;
          if (cells[i].swatch && next[i] == 0) {
            set_colour(cr_, *cells[i].swatch);
            cairo_rectangle(cr_, x, y_ + kPad + (cells[i].text.line_height(0) - kSwatch) / 2, kSwatch, kSwatch);
            cairo_fill(cr_);
          }
          if (cells[i].swatch) x += kSwatch + 4;
          double ly = y_ + kPad;
          set_colour(cr_, kInk);
          for (std::size_t l = next[i]; l < end[i]; ++l) {
            cells[i].text.draw_line(cr_, l, x, ly);
            ly += cells[i].text.line_height(l);
          }
        }
      }
      y_ += seg + 2 * kPad;
      next = end;
      bool remaining = false;
      for (std::size_t i = 0; i < cells.size(); ++i) remaining = remaining || next[i] < cells[i].text.lines();
      if (!remaining) break;
      new_page();
      repeat();
    }
  }

  void fields(const PdfDocument::Block& b) {
    const double key_width = kContentWidth * 0.28;
    for (std::size_t r = 0; r < b.rows.size(); ++r) {
      const auto& swatch = b.swatches[r];
      std::vector<Cell> cells;
      cells.push_back({text(b.rows[r][0], kTableSize, true, key_width - 2 * kPad), kMarginX, key_width, true, kKeyFill,
                       std::nullopt});
      const double value_width = kContentWidth - key_width - 2 * kPad - (swatch ? kSwatch + 4 : 0);
      cells.push_back({text(b.rows[r][1], kTableSize, false, value_width), kMarginX + key_width,
                       kContentWidth - key_width, false, kKeyFill, swatch});
      row(
          cells, [] {}, 0);
    }
    y_ += 6;
  }

  void table(const PdfDocument::Block& b) {
    std::vector<double> weights = b.weights;
    if (weights.size() != b.texts.size()) weights.assign(b.texts.size(), 1.0);
    const double sum = std::accumulate(weights.begin(), weights.end(), 0.0);
    std::vector<double> xs, ws;
    double x = kMarginX;
    for (double w : weights) {
      xs.push_back(x);
      ws.push_back(kContentWidth * w / sum);
      x += ws.back();
    }
    auto make_row = [&](const std::vector<std::string>& values, bool header) {
      std::vector<Cell> cells;
      for (std::size_t i = 0; i < xs.size(); ++i) {
        const std::string& v = i < values.size() ? values[i] : std::string();
        cells.push_back(
            {text(v, kTableSize, header, ws[i] - 2 * kPad), xs[i], ws[i], header, kHeaderFill, std::nullopt});
      }
      return cells;
    };
    double header_height = 0;
    auto header = [&] {
      auto cells = make_row(b.texts, true);
      header_height = 0;
      for (const auto& c : cells) header_height = std::max(header_height, c.text.height(0, c.text.lines()));
      header_height += 2 * kPad;
      row(
          cells, [] {}, 0);
    };
    {
      // The header and the first row stay together.
      auto first = make_row(b.texts, true);
      double h = 0;
      for (const auto& c : first) h = std::max(h, c.text.height(0, c.text.lines()));
      need(h + 2 * kPad + (kTableSize * 1.5 + 2 * kPad));
    }
    header();
    for (const auto& values : b.rows) {
      auto cells = make_row(values, false);
      row(cells, header, header_height);
    }
    y_ += 6;
  }

  cairo_t* cr_;
  const PdfOptions& options_;
  bool draw_;
  int total_;
  int page_ = 1;
  double y_ = kTop;
};

cairo_status_t append_to_string(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

cairo_status_t discard(void*, const unsigned char*, unsigned int) { return CAIRO_STATUS_SUCCESS; }

struct SurfaceDeleter {
  void operator()(cairo_surface_t* s) const { cairo_surface_destroy(s); }
};
struct ContextDeleter {
  void operator()(cairo_t* c) const { cairo_destroy(c); }
};

/// Runs one pass on a fresh PDF surface writing to `sink` (or nowhere); returns the page count.
int pass(const PdfOptions& options, const std::vector<PdfDocument::Block>& blocks, std::string* sink, int total) {
  std::unique_ptr<cairo_surface_t, SurfaceDeleter> surface(
      sink != nullptr ? cairo_pdf_surface_create_for_stream(append_to_string, sink, kPageWidth, kPageHeight)
                      : cairo_pdf_surface_create_for_stream(discard, nullptr, kPageWidth, kPageHeight));
  if (cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS) throw std::runtime_error("cairo: no PDF surface");
  cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_CREATOR, "anxin");
  if (!options.title.empty())
    cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_TITLE, valid_utf8(options.title).c_str());
  if (!options.subject.empty())
    cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_SUBJECT, valid_utf8(options.subject).c_str());
  if (!options.author.empty())
    cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_AUTHOR, valid_utf8(options.author).c_str());
  int pages = 0;
  {
    std::unique_ptr<cairo_t, ContextDeleter> cr(cairo_create(surface.get()));
    Renderer r(cr.get(), options, sink != nullptr, total);
    pages = r.run(blocks);
    if (cairo_status(cr.get()) != CAIRO_STATUS_SUCCESS) {
      throw std::runtime_error(std::string("cairo: ") + cairo_status_to_string(cairo_status(cr.get())));
    }
  }
  cairo_surface_finish(surface.get());
  if (cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS) {
    throw std::runtime_error(std::string("cairo: ") + cairo_status_to_string(cairo_surface_status(surface.get())));
  }
  return pages;
}

}  // namespace

PdfDocument::PdfDocument(PdfOptions options) : options_(std::move(options)) {}

PdfDocument& PdfDocument::metadata_line(std::string text) {
  blocks_.push_back({.kind = Kind::kMeta, .texts = {std::move(text)}});
  return *this;
}

PdfDocument& PdfDocument::heading(std::string text) {
  blocks_.push_back({.kind = Kind::kHeading, .texts = {std::move(text)}});
  return *this;
}

PdfDocument& PdfDocument::paragraph(std::string text) {
  blocks_.push_back({.kind = Kind::kParagraph, .texts = {std::move(text)}});
  return *this;
}

PdfDocument& PdfDocument::note(std::string text) {
  blocks_.push_back({.kind = Kind::kNote, .texts = {std::move(text)}});
  return *this;
}

PdfDocument& PdfDocument::fields(std::vector<Field> rows) {
  Block b{.kind = Kind::kFields};
  for (auto& f : rows) {
    b.rows.push_back({std::move(f.key), std::move(f.value)});
    b.swatches.push_back(f.swatch);
  }
  blocks_.push_back(std::move(b));
  return *this;
}

PdfDocument& PdfDocument::table(std::vector<std::string> headers, std::vector<std::vector<std::string>> rows,
                                std::vector<double> weights) {
  blocks_.push_back(
      {.kind = Kind::kTable, .texts = std::move(headers), .rows = std::move(rows), .weights = std::move(weights)});
  return *this;
}

void release_font_caches() {
  pango_cairo_font_map_set_default(nullptr);
  cairo_debug_reset_static_data();
  FcFini();
}

std::string PdfDocument::render() const {
  const int pages = pass(options_, blocks_, nullptr, 0);
  std::string out;
  pages_ = pass(options_, blocks_, &out, pages);
  return out;
}

}  // namespace anxin::report
