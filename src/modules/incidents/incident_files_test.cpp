// Files of incidents: attachments (what the bytes really are, size limits, encryption at rest, who may
// open them, timeline and audit), the PDF report and the Excel export with masking by clearance.
// SQLite and PostgreSQL.
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>

#include "modules/identity/testing.hpp"
#include "modules/incidents/attachment_service.hpp"
#include "modules/incidents/incident_documents.hpp"
#include "modules/incidents/incident_service.hpp"
#include "platform/report/pdf_document.hpp"

/// Cairo 1.16 leaks a little memory in its PDF font subsetter (inside cairo_surface_finish); not ours.
extern "C" const char* __lsan_default_suppressions() { return "leak:libcairo.so\n"; }

namespace anxin::incidents {
namespace {

namespace fs = std::filesystem;

/// A valid 1×1 PNG with a text chunk carrying `marker`, so its bytes can be looked for.
std::string png_with(const std::string& marker) {
  static const unsigned char kHead[] = {0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00,
                                        0x0d, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00,
                                        0x00, 0x01, 0x08, 0x00, 0x00, 0x00, 0x00, 0x3a, 0x7e, 0x9b, 0x55};
  static const unsigned char kTail[] = {0x00, 0x00, 0x00, 0x0a, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0x60,
                                        0x00, 0x00, 0x00, 0x02, 0x00, 0x01, 0x48, 0xaf, 0xa4, 0x71, 0x00, 0x00,
                                        0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82};
  std::string png(reinterpret_cast<const char*>(kHead), sizeof kHead);
  // A tEXt chunk; its CRC is not checked by anything here.
  const std::string data = std::string("Comment") + '\0' + marker;
  const auto n = static_cast<std::uint32_t>(data.size());
  png += {static_cast<char>(n >> 24), static_cast<char>(n >> 16), static_cast<char>(n >> 8), static_cast<char>(n)};
  png += "tEXt" + data + std::string(4, '\0');
  png.append(reinterpret_cast<const char*>(kTail), sizeof kTail);
  return png;
}

bool contains(const db::Blob& haystack, std::string_view needle) {
  return std::search(haystack.begin(), haystack.end(), needle.begin(), needle.end()) != haystack.end();
}

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

class IncidentFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    org_ = std::make_unique<emergency::OrganisationService>(w_.db(), clock_, *w_.audit);
    ASSERT_TRUE(org_->ensure_builtin_groups().ok());
    incidents_ = std::make_unique<IncidentService>(w_.db(), clock_, *w_.keys, *w_.audit, *org_, nullptr);
    w_.keys->register_column(AttachmentService::encrypted_column());
    files_ = std::make_unique<AttachmentService>(w_.db(), clock_, *w_.keys, *w_.audit);
    documents_ = std::make_unique<IncidentDocuments>(w_.db(), clock_, *w_.keys, *w_.audit);
    hq_ = w_.dept("HQ", std::nullopt);
    service_ = w_.dept("SERVICE", hq_);
    other_ = w_.dept("OTHER", hq_);
    agent_ = w_.user("agent", service_);
    colleague_ = w_.user("colleague", service_);
    head_ = w_.user("head", service_);
    outsider_ = w_.user("outsider", other_);
    leader_ = w_.user("leader", hq_);
    std::random_device rd;
    dir_ = fs::temp_directory_path() / ("anxin-incident-files-" + std::to_string(rd()));
    fs::create_directories(dir_);
  }
  void TearDown() override {
    documents_.reset();
    files_.reset();
    incidents_.reset();
    org_.reset();
    fs::remove_all(dir_);
  }

  Caller as(std::int64_t user_id, std::int64_t department, int scope, int clearance) {
    Caller c;
    c.user_id = user_id;
    c.username = "u" + std::to_string(user_id);
    c.department_id = department;
    c.department_path = w_.departments->get(department)->path;
    c.data_scope = scope;
    c.clearance = clearance;
    return c;
  }
  Caller agent() { return as(agent_, service_, 1, 2); }
  Caller colleague() { return as(colleague_, service_, 1, 2); }
  Caller head() { return as(head_, service_, 2, 3); }
  Caller outsider() { return as(outsider_, other_, 1, 4); }

  Incident report() {
    NewIncident n{.type = "customer_injury",
                  .title = "客户家中滑倒",
                  .department_id = service_,
                  .place = "北京市朝阳区幸福小区3号楼",
                  .nature = "人身伤害",
                  .description = "保洁过程中客户在湿地面滑倒",
                  .measures = "已送医",
                  .level = 4};
    n.people.push_back({.role = "customer", .name = "张三丰", .injured = true});
    auto r = incidents_->report(agent(), n);
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message_key);
    return r.value();
  }

  fs::path write(const std::string& name, const std::string& bytes) {
    std::ofstream(dir_ / name, std::ios::binary) << bytes;
    return dir_ / name;
  }

  identity::testing::IdentityWorld w_{"incident-files"};
  ManualClock& clock_ = w_.clock;
  std::unique_ptr<emergency::OrganisationService> org_;
  std::unique_ptr<IncidentService> incidents_;
  std::unique_ptr<AttachmentService> files_;
  std::unique_ptr<IncidentDocuments> documents_;
  std::int64_t hq_ = 0, service_ = 0, other_ = 0, agent_ = 0, colleague_ = 0, head_ = 0, outsider_ = 0, leader_ = 0;
  fs::path dir_;
};

TEST_F(IncidentFilesTest, TheBytesDecideTheTypeAndPagesOrScriptsNeverPass) {
  const Incident i = report();
  auto key = [&](const std::string& declared, const std::string& bytes) {
    auto r = files_->add(agent(), i.id, "x.png", declared, bytes);
    return r.ok() ? std::string("ok") : r.error().message_key;
  };
  const std::string html = "<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>";
  EXPECT_EQ(key("image/png", html), "incidents.attachment_type_refused");
  EXPECT_EQ(key("image/png", R"svg(<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>)svg"),
            "incidents.attachment_type_refused");
  EXPECT_EQ(key("image/png", "#!/bin/sh\necho hi\n"), "incidents.attachment_type_refused");
  EXPECT_EQ(key("image/jpeg", png_with("a")), "incidents.attachment_type_refused");  // declared ≠ detected
  EXPECT_EQ(key("image/png", std::string(100, '\x01')), "incidents.attachment_type_refused");
  auto refused = files_->add(agent(), i.id, "x.png", "image/png", html);
  EXPECT_EQ(refused.error().code, ErrorCode::kUnsupportedMediaType);
  EXPECT_EQ(refused.error().details["detected"], "text/html");
  EXPECT_EQ(key("image/png", ""), "common.body_required");
  EXPECT_EQ(key("image/png", png_with(std::string(kMaxAttachmentBytes, 'x'))), "common.payload_too_large");
  EXPECT_EQ(key("image/png", png_with("ok")), "ok");
  EXPECT_EQ(key("application/pdf", "%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"), "ok");
  EXPECT_EQ(files_->list(agent(), i.id)->size(), 2u);
}

TEST_F(IncidentFilesTest, FileNamesAreCheckedAndHaveNoPaths) {
  const Incident i = report();
  auto key = [&](const std::string& name) {
    auto r = files_->add(agent(), i.id, name, "image/png", png_with("n"));
    return r.ok() ? std::string("ok") : r.error().message_key;
  };
  for (const std::string& bad : std::vector<std::string>{"", "../etc/passwd", "a/b.png", "a\\b.png", "..", "x\n.png",
                                                         "\xC3\x28.png", std::string(121, 'a')}) {
    EXPECT_EQ(key(bad), "incidents.attachment_name_invalid") << bad;
  }
  EXPECT_EQ(key(std::string(116, 'a') + ".png"), "ok");
  EXPECT_EQ(key("现场照片 1.png"), "ok");
}

TEST_F(IncidentFilesTest, BytesAreEncryptedAtRestAndComeBackIdentical) {
  const Incident i = report();
  const std::string marker = "INJURY-PHOTO-MARKER-0042";
  const std::string png = png_with(marker);
  auto a = files_->add(agent(), i.id, "伤情照片.png", "image/png", png);
  ASSERT_TRUE(a.ok()) << a.error().message_key;
  EXPECT_EQ(a->media_type, "image/png");
  EXPECT_EQ(a->size_bytes, static_cast<std::int64_t>(png.size()));
  EXPECT_EQ(a->sha256, crypto::sha256_hex(png));

  const auto rows = w_.db().read([](db::Conn& c) { return c.query("SELECT * FROM incident_attachments"); });
  ASSERT_EQ(rows.size(), 1u);
  const db::Blob stored = rows[0].blob("content_enc");
  EXPECT_FALSE(contains(stored, marker));
  EXPECT_FALSE(contains(stored, std::string("\x89PNG", 4)));
  EXPECT_GT(stored.size(), png.size());  // nonce and tag
  // Bound to its row: the same ciphertext does not open as another attachment.
  EXPECT_FALSE(w_.keys->decrypt("incident_attachments", "content_enc", a->id + 1, stored).ok());

  auto file = files_->download(agent(), i.id, a->id);
  ASSERT_TRUE(file.ok());
  EXPECT_EQ(file->bytes, png);
  EXPECT_EQ(file->meta.name, "伤情照片.png");

  // Rotation re-encrypts the column in its own small batches and downloads keep working.
  for (int n = 0; n < 5; ++n) ASSERT_TRUE(files_->add(agent(), i.id, "p.png", "image/png", png_with("r")).ok());
  w_.keys->add_field_key();
  std::vector<std::int64_t> progress;
  ASSERT_TRUE(w_.keys
                  ->reencrypt_all([&](const crypto::RotationProgress& p) {
                    if (p.table == "incident_attachments") progress.push_back(p.rows_done);
                  })
                  .ok());
  EXPECT_EQ(progress, std::vector<std::int64_t>({4, 6}));
  EXPECT_EQ(files_->download(agent(), i.id, a->id)->bytes, png);
}

TEST_F(IncidentFilesTest, NamesAndDownloadsForClearanceThreeOrTheUploader) {
  const Incident i = report();
  auto a = files_->add(agent(), i.id, "张三丰身份证.png", "image/png", png_with("id card")).value();

  // The uploader (clearance 2) opens their own file.
  EXPECT_TRUE(files_->download(agent(), i.id, a.id).ok());
  // A colleague in scope with clearance 2 sees that there is a file, not its name, and cannot open it.
  auto listed = files_->list(colleague(), i.id).value();
  ASSERT_EQ(listed.size(), 1u);
  const auto j = to_json(listed[0], colleague());
  EXPECT_EQ(j["name"], "******");
  EXPECT_TRUE(j["sha256"].is_null());
  EXPECT_FALSE(j["downloadable"].get<bool>());
  EXPECT_EQ(files_->download(colleague(), i.id, a.id).error().message_key, "incidents.attachment_restricted");
  // Clearance 3 opens it.
  EXPECT_EQ(to_json(listed[0], head())["name"], "张三丰身份证.png");
  EXPECT_TRUE(files_->download(head(), i.id, a.id).ok());
  // Outside the data scope the incident does not exist, whatever the clearance.
  EXPECT_EQ(files_->list(outsider(), i.id).error().message_key, "incidents.not_found");
  EXPECT_EQ(files_->download(outsider(), i.id, a.id).error().message_key, "incidents.not_found");
  EXPECT_EQ(files_->add(outsider(), i.id, "x.png", "image/png", png_with("x")).error().message_key,
            "incidents.not_found");
  // An attachment of another incident is not found under this one.
  const Incident other = report();
  EXPECT_EQ(files_->download(agent(), other.id, a.id).error().message_key, "incidents.attachment_not_found");
}

TEST_F(IncidentFilesTest, UploadsAreOnTheTimelineAndAuditedWithoutContent) {
  const Incident i = report();
  const std::string png = png_with("AUDIT-MARKER-77");
  auto a = files_->add(agent(), i.id, "scene.png", "image/png", png).value();
  const auto events = incidents_->timeline(head(), i.id).value();
  ASSERT_FALSE(events.empty());
  EXPECT_EQ(events.back().kind, "attachment");
  EXPECT_EQ(events.back().summary, "attachment:" + std::to_string(a.id));
  EXPECT_EQ(events.back().note, "scene.png");
  ASSERT_TRUE(files_->download(head(), i.id, a.id).ok());

  auto added = w_.audit->search({.action = "add_attachment"}, {}).value();
  ASSERT_EQ(added.items.size(), 1u);
  const auto& after = added.items[0].after;
  EXPECT_EQ(after["name"], "scene.png");
  EXPECT_EQ(after["media_type"], "image/png");
  EXPECT_EQ(after["size_bytes"], png.size());
  EXPECT_EQ(after["sha256"], crypto::sha256_hex(png));
  EXPECT_EQ(after.dump().find("AUDIT-MARKER"), std::string::npos);
  auto reads = w_.audit->search({.action = "read_sensitive", .entity = "incident_attachment"}, {}).value();
  ASSERT_EQ(reads.items.size(), 1u);
  EXPECT_EQ(reads.items[0].entity_id, std::to_string(a.id));
  EXPECT_EQ(reads.items[0].actor.user_id, head_);
}

TEST_F(IncidentFilesTest, ThePdfReportMasksClassThreeTextBelowClearanceThree) {
  bool have_poppler = false;
  run("command -v pdftotext >/dev/null 2>&1", have_poppler);
  if (!have_poppler) GTEST_SKIP() << "poppler-utils not installed";
  const Incident i = report();
  ASSERT_TRUE(files_->add(agent(), i.id, "现场.png", "image/png", png_with("p")).ok());
  auto text_of = [&](const Caller& c, const std::string& lang) {
    auto doc = documents_->report_pdf(c, i.id, lang);
    EXPECT_TRUE(doc.ok());
    EXPECT_TRUE(doc->bytes.starts_with("%PDF-"));
    EXPECT_EQ(doc->file_name, i.number + ".pdf");
    bool ok = false;
    std::string text = run("pdftotext -enc UTF-8 " + write("r.pdf", doc->bytes).string() + " -", ok);
    EXPECT_TRUE(ok);
    std::erase(text, ' ');
    return text;
  };
  const std::string full = text_of(head(), "zh-CN");
  EXPECT_NE(full.find(i.number), std::string::npos);
  EXPECT_NE(full.find("突发事件报告"), std::string::npos);
  EXPECT_NE(full.find("北京市朝阳区幸福小区3号楼"), std::string::npos);
  EXPECT_NE(full.find("张三丰"), std::string::npos);
  EXPECT_NE(full.find("IV级（一般，蓝色）"), std::string::npos);
  EXPECT_NE(full.find("2026-11-2113:30"), std::string::npos);  // 05:30 UTC in Beijing time
  EXPECT_NE(full.find("现场.png"), std::string::npos);

  const std::string masked = text_of(colleague(), "zh-CN");
  EXPECT_NE(masked.find(i.number), std::string::npos);
  EXPECT_EQ(masked.find("幸福小区"), std::string::npos);
  EXPECT_EQ(masked.find("张三丰"), std::string::npos);
  EXPECT_NE(masked.find("张**"), std::string::npos);
  EXPECT_EQ(masked.find("现场.png"), std::string::npos);

  const std::string english = text_of(head(), "en-US");
  EXPECT_NE(english.find("Incidentreport"), std::string::npos);
  EXPECT_NE(english.find("Page1of"), std::string::npos);

  auto exports = w_.audit->search({.action = "export", .entity = "incident"}, {}).value();
  EXPECT_EQ(exports.items.size(), 3u);
}

TEST_F(IncidentFilesTest, TheWorkbookListsTheFilteredIncidentsWithMaskingByClearance) {
  bool have_python = false;
  run("command -v python3 >/dev/null 2>&1", have_python);
  if (!have_python) GTEST_SKIP() << "python3 not installed";
  const Incident first = report();
  clock_.advance_ms(60 * 1000);
  const Incident second = report();
  ASSERT_TRUE(
      org_->set_leaders(identity::testing::IdentityWorld::admin(),
                        {{leader_, "leader", std::nullopt, false}, {head_, "deputy_leader", std::nullopt, false}})
          .ok());
  const auto version = incidents_->get(head(), first.id)->version;
  ASSERT_TRUE(incidents_->end(as(leader_, hq_, 3, 4), first.id, version, 123456, "赔偿评估").ok());
  auto sheet_of = [&](const Caller& c, const IncidentFilter& f, const std::string& lang) {
    auto doc = documents_->list_xlsx(c, f, lang);
    EXPECT_TRUE(doc.ok());
    const auto file = write("e.xlsx", doc->bytes);
    bool ok = false;
    const std::string script =
        "import sys,zipfile; z=zipfile.ZipFile(sys.argv[1]); "
        "sys.stdout.write(z.read('xl/sharedStrings.xml').decode()+z.read('xl/worksheets/sheet1.xml').decode())";
    std::string xml = run("python3 -c \"" + script + "\" " + file.string(), ok);
    EXPECT_TRUE(ok);
    return std::make_pair(xml, *doc);
  };
  auto [full, doc] = sheet_of(head(), {}, "zh-CN");
  EXPECT_EQ(doc.rows, 2);
  EXPECT_EQ(doc.total, 2);
  EXPECT_NE(full.find(first.number), std::string::npos);
  EXPECT_NE(full.find(second.number), std::string::npos);
  EXPECT_NE(full.find("事件编号"), std::string::npos);
  EXPECT_NE(full.find("北京市朝阳区幸福小区3号楼"), std::string::npos);
  EXPECT_NE(full.find("张三丰"), std::string::npos);
  EXPECT_NE(full.find("赔偿评估"), std::string::npos);
  EXPECT_NE(full.find("<v>1234.56</v>"), std::string::npos);  // the loss in yuan

  auto [masked, masked_doc] = sheet_of(colleague(), {}, "en-US");
  EXPECT_EQ(masked_doc.rows, 2);
  EXPECT_NE(masked.find("Number"), std::string::npos);
  EXPECT_EQ(masked.find("幸福小区"), std::string::npos);
  EXPECT_EQ(masked.find("张三丰"), std::string::npos);
  EXPECT_NE(masked.find("******"), std::string::npos);

  // The reporter sees their own reports in full whatever the clearance.
  auto [own, own_doc] = sheet_of(agent(), {}, "zh-CN");
  EXPECT_NE(own.find("张三丰"), std::string::npos);

  IncidentFilter f;
  f.from = second.reported_at;
  auto [filtered, filtered_doc] = sheet_of(head(), f, "zh-CN");
  EXPECT_EQ(filtered_doc.rows, 1);
  EXPECT_EQ(filtered.find(first.number), std::string::npos);
  EXPECT_NE(filtered.find(second.number), std::string::npos);
  // Outside the scope nothing is listed.
  auto [none, none_doc] = sheet_of(outsider(), {}, "zh-CN");
  EXPECT_EQ(none_doc.rows, 0);

  auto exports = w_.audit->search({.action = "export", .entity = "incident"}, {}).value();
  ASSERT_FALSE(exports.items.empty());
  bool filtered_audited = false;
  for (const auto& r : exports.items) {
    filtered_audited =
        filtered_audited || (r.after["format"] == "xlsx" && r.after["rows"] == 1 && r.after["filter"].contains("from"));
  }
  EXPECT_TRUE(filtered_audited);
}

TEST(BeijingTime, IsUtcPlusEight) {
  EXPECT_EQ(beijing_time(1795239000000), "2026-11-21 13:30");
  EXPECT_EQ(beijing_time(1795277700000), "2026-11-22 00:15");  // 16:15 UTC
}

/// Font caches live as long as the process; freed at the end so the leak checker sees only ours.
class FontCaches : public ::testing::Environment {
 public:
  void TearDown() override { report::release_font_caches(); }
};
const auto* const kFontCaches = ::testing::AddGlobalTestEnvironment(new FontCaches);

}  // namespace
}  // namespace anxin::incidents
