// Bulk import of worker files from CSV on a real database (SQLite and PostgreSQL): every bad row answered with its
// column, masked value and reason; a file with any problem stores nothing; GBK files from Excel; the template.
#include "modules/workforce/worker_import.hpp"

#include <gtest/gtest.h>

#include "modules/identity/testing.hpp"
#include "platform/text/identifiers.hpp"

namespace anxin::workforce {
namespace {

std::string id_number(const std::string& first17) { return first17 + *text::resident_id_check_char(first17); }

class ImportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    svc_ = std::make_unique<WorkerService>(w_.db(), w_.clock, *w_.keys, *w_.audit, *w_.users);
    import_ = std::make_unique<WorkerImport>(w_.db(), w_.clock, *svc_, *w_.audit);
    const auto hq = w_.dept("HQ", std::nullopt);
    w_.dept("NANNY", hq);
  }
  std::int64_t count() { return svc_->list(identity::testing::IdentityWorld::admin(), {}, {}).value().total; }
  Result<ImportResult> run(const std::string& csv, bool dry_run = false) {
    return import_->run(identity::testing::IdentityWorld::admin(), csv, dry_run);
  }

  identity::testing::IdentityWorld w_{"workforce-import"};
  std::unique_ptr<WorkerService> svc_;
  std::unique_ptr<WorkerImport> import_;
};

const std::string kHeader = "姓名,身份证号,手机号,住址,银行账号,紧急联系人,服务类型,部门编码,用工方式,合作机构\r\n";

TEST_F(ImportTest, AFileWithAnyBadRowImportsNothingAndNamesEveryProblem) {
  const std::string good = id_number("11010519850301123");
  const std::string csv = kHeader + "王秀英," + good +
                          ",13912345678,\"北京市朝阳区安心路 1 号, 3 单元\",,,保姆、保洁,NANNY,自有,\r\n" +
                          "李四,110105198503011230,139,,,,宇航员,NOPE,外包,\r\n" +  // four problems
                          "张三," + good + ",,,,,保洁,NANNY,,\r\n";                 // the same person again
  auto r = run(csv);
  ASSERT_TRUE(r.ok()) << r.error().message_key;
  EXPECT_EQ(r->rows, 3);
  EXPECT_EQ(r->imported, 0);
  std::vector<std::string> found;
  for (const auto& p : r->problems) found.push_back(std::to_string(p.row) + " " + p.column + " " + p.key);
  EXPECT_EQ(found, (std::vector<std::string>{
                       "3 身份证号 workforce.id_number_invalid", "3 手机号 workforce.phone_invalid",
                       "3 服务类型 workforce.service_type_unknown", "3 用工方式 workforce.import_employment_invalid",
                       "3 部门编码 workforce.department_invalid", "4 身份证号 workforce.import_duplicate_in_file"}));
  // Personal values are masked in the report.
  EXPECT_EQ(r->problems[0].value, text::mask_resident_id("110105198503011230"));
  EXPECT_EQ(r->problems[1].value, "***");
  EXPECT_EQ(r->problems[5].value, text::mask_resident_id(good));
  EXPECT_EQ(r->problems[5].params["first_row"], 2);
  EXPECT_EQ(count(), 0);
  const auto json = WorkerImport::problems_json(*r, "zh-CN", 2);
  ASSERT_EQ(json.size(), 2u);
  EXPECT_NE(json[0]["message"].get<std::string>().find("身份证"), std::string::npos);
  EXPECT_FALSE(WorkerImport::problem_report(*r, "zh-CN").empty());
}

TEST_F(ImportTest, AGoodFileIsStoredWholeAndAgainIsRefusedWhole) {
  std::string csv = kHeader;
  for (int i = 0; i < 25; ++i) {
    csv += "服务人员" + std::to_string(i) + "," + id_number("11010519850310" + std::to_string(100 + i)) + ",1391234" +
           std::to_string(1000 + i) + ",,,,月嫂,NANNY,合作机构,安居家政\n";
  }
  auto dry = run(csv, /*dry_run=*/true);
  ASSERT_TRUE(dry.ok());
  EXPECT_TRUE(dry->problems.empty()) << dry->problems[0].key;
  EXPECT_EQ(count(), 0) << "a dry run stores nothing";
  auto r = run(csv);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->imported, 25);
  EXPECT_EQ(count(), 25);
  const auto page = svc_->list(identity::testing::IdentityWorld::admin(), {.q = "服务人员7"}, {}).value();
  ASSERT_EQ(page.total, 1);
  EXPECT_EQ(page.items[0].job_types, std::vector<std::string>{"maternity"});
  EXPECT_EQ(page.items[0].employment, "agency");
  EXPECT_EQ(page.items[0].status, "applicant");
  // The same file again: every row is registered already; nothing more is stored.
  auto again = run(csv);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->problems.size(), 25u);
  EXPECT_EQ(again->problems[0].key, "workforce.id_number_taken");
  EXPECT_EQ(count(), 25);
}

TEST_F(ImportTest, ReadsGbkAndRefusesUnreadableFilesAndMissingColumns) {
  // "姓名,身份证号,服务类型,部门编码" and a row, as Excel on a Chinese Windows saves them (GBK).
  const std::string gbk_header =
      "\xD0\xD5\xC3\xFB,\xC9\xED\xB7\xDD\xD6\xA4\xBA\xC5,\xB7\xFE\xCE\xF1\xC0\xE0\xD0\xCD,"
      "\xB2\xBF\xC3\xC5\xB1\xE0\xC2\xEB\r\n";
  const std::string row = "\xD5\xC5\xC8\xFD," + id_number("11010519850301123") + ",\xB1\xA3\xBD\xE0,NANNY\r\n";
  auto r = run(gbk_header + row);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->problems.empty()) << r->problems[0].key << " " << r->problems[0].column;
  EXPECT_EQ(r->imported, 1);
  EXPECT_EQ(svc_->list(identity::testing::IdentityWorld::admin(), {.q = "张三"}, {}).value().total, 1);

  EXPECT_EQ(run(kHeader + "\"open,\n").error().message_key, "workforce.import_unreadable");
  EXPECT_EQ(run(kHeader).error().message_key, "workforce.import_empty");
  auto missing = run("姓名,电话\n王五,1\n");
  ASSERT_TRUE(missing.ok());
  std::vector<std::string> keys;
  for (const auto& p : missing->problems) keys.push_back(p.key);
  EXPECT_EQ(keys, (std::vector<std::string>{"workforce.import_column_unknown", "workforce.import_column_missing",
                                            "workforce.import_column_missing", "workforce.import_column_missing"}));
}

TEST_F(ImportTest, TheTemplateImportsAsItIsAfterTheExampleIsMadeValid) {
  const std::string tpl = WorkerImport::template_csv();
  EXPECT_TRUE(tpl.starts_with("\xEF\xBB\xBF姓名,身份证号"));
  auto r = run(tpl, /*dry_run=*/true);
  ASSERT_TRUE(r.ok());
  // The example's ID number is a placeholder with a wrong check character: the one problem.
  ASSERT_EQ(r->problems.size(), 1u);
  EXPECT_EQ(r->problems[0].key, "workforce.id_number_invalid");
}

}  // namespace
}  // namespace anxin::workforce
