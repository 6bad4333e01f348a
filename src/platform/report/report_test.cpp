// The document renderers, checked from the outside: the PDF with poppler's pdftotext/pdffonts/pdfinfo
// (text extractable, fonts embedded, page numbers, metadata), the workbook by unzipping its XML.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <regex>

#include "platform/report/pdf_document.hpp"
#include "platform/report/xlsx_table.hpp"

/// Cairo 1.16 leaks a little memory in its PDF font subsetter (inside cairo_surface_finish); not ours.
extern "C" const char* __lsan_default_suppressions() { return "leak:libcairo.so\n"; }

namespace anxin::report {
namespace {

namespace fs = std::filesystem;

class TempDir {
 public:
  TempDir() {
    std::random_device rd;
    path_ = fs::temp_directory_path() / ("anxin-report-" + std::to_string(rd()) + std::to_string(rd()));
    fs::create_directories(path_);
  }
  ~TempDir() { fs::remove_all(path_); }
  const fs::path& path() const { return path_; }
  fs::path write(const std::string& name, const std::string& bytes) const {
    std::ofstream(path_ / name, std::ios::binary) << bytes;
    return path_ / name;
  }

 private:
  fs::path path_;
};

/// Standard output of a shell command; `ok` is false when it could not run or failed.
std::string run(const std::string& command, bool& ok) {
  std::string out;
  FILE* p = ::popen(command.c_str(), "r");
  if (p == nullptr) {
    ok = false;
    return out;
  }
  std::array<char, 4096> buf{};
  std::size_t n = 0;
  while ((n = std::fread(buf.data(), 1, buf.size(), p)) > 0) out.append(buf.data(), n);
  ok = ::pclose(p) == 0;
  return out;
}

bool have(const std::string& tool) {
  bool ok = false;
  run("command -v " + tool + " >/dev/null 2>&1", ok);
  return ok;
}

std::size_t count(const std::string& haystack, const std::string& needle) {
  std::size_t n = 0;
  for (auto p = haystack.find(needle); p != std::string::npos; p = haystack.find(needle, p + 1)) ++n;
  return n;
}

PdfDocument long_document() {
  PdfDocument doc({.title = "突发事件报告", .subject = "INC-2026-11-21-000042", .author = "测试员"});
  doc.metadata_line("事件编号：INC-2026-11-21-000042");
  doc.metadata_line("导出时间：2026-11-21 14:05（北京时间）");
  doc.heading("一、基本情况");
  doc.fields({{"事件编号", "INC-2026-11-21-000042"},
              {"响应级别", "Ⅲ级（较大）", Rgb{230, 180, 0}},
              {"事件类型", "客户人身伤害"}});
  doc.heading("二、事件经过");
  std::string story;
  for (int i = 0; i < 60; ++i) story += "保洁服务过程中客户在湿滑地面摔倒，现场人员立即处置并报告。";
  doc.paragraph(story);
  doc.heading("三、时间线");
  std::vector<std::vector<std::string>> rows;
  for (int i = 0; i < 120; ++i) {
    rows.push_back({"2026-11-21 14:" + std::to_string(10 + i % 50), "处置记录第" + std::to_string(i + 1) + "条",
                    i == 7 ? std::string(3000, 'x') : "现场疏散、安抚客户"});
  }
  doc.table({"时间", "事项", "说明"}, rows, {0.25, 0.3, 0.45});
  doc.heading("四、任务");
  doc.note("无记录");
  return doc;
}

TEST(PdfDocument, RendersManyPagesWithNumberedFootersAndExtractableChinese) {
  if (!have("pdftotext") || !have("pdffonts") || !have("pdfinfo")) GTEST_SKIP() << "poppler-utils not installed";
  PdfDocument doc = long_document();
  const std::string pdf = doc.render();
  ASSERT_TRUE(pdf.starts_with("%PDF-"));
  const int pages = doc.page_count();
  EXPECT_GE(pages, 4);

  TempDir dir;
  const auto file = dir.write("doc.pdf", pdf);
  bool ok = false;
  const std::string text = run("pdftotext -enc UTF-8 " + file.string() + " -", ok);
  ASSERT_TRUE(ok);
  EXPECT_NE(text.find("突发事件报告"), std::string::npos);
  EXPECT_NE(text.find("INC-2026-11-21-000042"), std::string::npos);
  EXPECT_NE(text.find("客户人身伤害"), std::string::npos);
  EXPECT_NE(text.find("处置记录第120条"), std::string::npos);  // the last row of a table that broke across pages
  // Extraction does not keep every space of the footer; compare without them.
  std::string compact = text;
  std::erase(compact, ' ');
  for (int p = 1; p <= pages; ++p) {
    const std::string footer = "第" + std::to_string(p) + "页/共" + std::to_string(pages) + "页";
    EXPECT_EQ(count(compact, footer), 1u) << footer;
  }
  // The header row is repeated on the pages the table continues on.
  EXPECT_GE(count(text, "说明"), 3u);

  const std::string fonts = run("pdffonts " + file.string(), ok);
  ASSERT_TRUE(ok);
  EXPECT_NE(fonts.find("NotoSansCJK"), std::string::npos) << fonts;
  std::istringstream lines(fonts);
  std::string line;
  int listed = 0;
  while (std::getline(lines, line)) {
    if (line.find("NotoSans") == std::string::npos) continue;
    ++listed;
    // Columns: name type encoding emb sub uni object ID; "emb" must be yes.
    EXPECT_TRUE(std::regex_search(line, std::regex(R"(\s+yes\s+yes\s+(yes|no)\s+\d+\s+\d+\s*$)"))) << line;
  }
  EXPECT_GE(listed, 1);

  const std::string info = run("pdfinfo " + file.string(), ok);
  ASSERT_TRUE(ok);
  EXPECT_NE(info.find("Creator:         anxin"), std::string::npos) << info;
  EXPECT_NE(info.find("Title:           突发事件报告"), std::string::npos) << info;
  EXPECT_NE(info.find("Pages:           " + std::to_string(pages)), std::string::npos) << info;
  EXPECT_NE(info.find("A4"), std::string::npos) << info;
}

TEST(PdfDocument, EnglishFooterAndAShortDocumentOnOnePage) {
  if (!have("pdftotext")) GTEST_SKIP() << "poppler-utils not installed";
  PdfDocument doc({.title = "Incident report", .footer_format = "Page {page} of {pages}"});
  doc.heading("Summary").paragraph("Line one\nLine two").fields({{"Number", "INC-1"}});
  const std::string pdf = doc.render();
  EXPECT_EQ(doc.page_count(), 1);
  TempDir dir;
  bool ok = false;
  const std::string text = run("pdftotext -enc UTF-8 " + dir.write("en.pdf", pdf).string() + " -", ok);
  ASSERT_TRUE(ok);
  EXPECT_NE(text.find("Page 1 of 1"), std::string::npos) << text.substr(0, 2000);
  EXPECT_NE(text.find("Line two"), std::string::npos);
}

TEST(PdfDocument, InvalidUtf8IsReplacedNotFatal) {
  PdfDocument doc({.title = "t"});
  doc.paragraph("ok \xC3\x28 still ok");
  EXPECT_TRUE(doc.render().starts_with("%PDF-"));
}

std::string unzip(const fs::path& file, const std::string& member) {
  bool ok = false;
  const std::string out =
      run("python3 -c 'import sys,zipfile; sys.stdout.buffer.write(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]))' " +
              file.string() + " " + member,
          ok);
  EXPECT_TRUE(ok) << member;
  return out;
}

TEST(XlsxTable, WritesTypedCellsUnderAFrozenHeader) {
  if (!have("python3")) GTEST_SKIP() << "python3 not installed";
  TempDir dir;
  XlsxTable t({.sheet = "突发事件", .title = "突发事件列表", .temp_dir = dir.path().string()},
              {{"事件编号", 22}, {"上报时间", 18}, {"伤亡", 8}, {"损失（元）", 14}, {"备注", 30}});
  // 2026-11-21T06:05:00Z is 14:05 in Beijing.
  t.add_row({std::string("INC-2026-11-21-000001"), Instant{1795241100000}, std::int64_t{2}, Fen{123456},
             std::string("=HYPERLINK(\"http://x\")")});
  t.add_row({std::string("INC-2026-11-21-000002")});
  const std::string xlsx = t.render();
  ASSERT_TRUE(xlsx.starts_with("PK"));
  // The temporary file is gone.
  EXPECT_TRUE(fs::is_empty(dir.path()));

  const auto file = dir.write("t.xlsx", xlsx);
  const std::string strings = unzip(file, "xl/sharedStrings.xml");
  EXPECT_NE(strings.find("事件编号"), std::string::npos);
  EXPECT_NE(strings.find("INC-2026-11-21-000002"), std::string::npos);
  EXPECT_NE(strings.find("=HYPERLINK"), std::string::npos);  // kept as text
  const std::string sheet = unzip(file, "xl/worksheets/sheet1.xml");
  EXPECT_NE(sheet.find("<pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/>"),
            std::string::npos)
      << sheet;
  EXPECT_EQ(sheet.find("<f>"), std::string::npos);  // no formulas
  EXPECT_NE(sheet.find("<v>1234.56</v>"), std::string::npos);
  // Excel serial of 2026-11-21 14:05 local: 46347 days + 14:05.
  const double serial = 46347.0 + (14 * 60 + 5) / 1440.0;
  const std::regex date_cell(R"re(<c r="B2" s="\d+"><v>([0-9.]+)</v></c>)re");
  std::smatch m;
  ASSERT_TRUE(std::regex_search(sheet, m, date_cell)) << sheet;
  EXPECT_NEAR(std::stod(m[1]), serial, 1e-6);
  EXPECT_NE(sheet.find("<col min=\"1\" max=\"1\" width=\"22.7109375\""), std::string::npos) << sheet;
  const std::string styles = unzip(file, "xl/styles.xml");
  EXPECT_NE(styles.find("yyyy-mm-dd hh:mm"), std::string::npos);
  EXPECT_NE(styles.find("#,##0.00"), std::string::npos);
  const std::string core = unzip(file, "docProps/core.xml");
  EXPECT_NE(core.find("<dc:title>突发事件列表</dc:title>"), std::string::npos) << core;
}

/// Font caches live as long as the process; freed at the end so the leak checker sees only ours.
class FontCaches : public ::testing::Environment {
 public:
  void TearDown() override { release_font_caches(); }
};
const auto* const kFontCaches = ::testing::AddGlobalTestEnvironment(new FontCaches);

}  // namespace
}  // namespace anxin::report
