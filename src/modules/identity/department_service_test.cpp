#include "modules/identity/department_service.hpp"
#include "modules/audit/audit_log.hpp"
#include "modules/identity/directory.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <random>

#include "platform/db/testing.hpp"

namespace anxin::identity {
namespace {

class DepartmentServiceTest : public ::testing::Test {
 protected:
  static std::filesystem::path key_dir() {
    std::random_device rd;
    auto dir = std::filesystem::temp_directory_path() / ("anxin-dept-" + std::to_string(rd()));
    std::filesystem::create_directories(dir);
    return dir;
  }
  static Caller admin() {
    Caller c;
    c.username = "test";
    c.data_scope = 3;
    return c;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  db::testing::TestDatabase tdb_;
  ManualClock clock_{1795239000000};
  std::filesystem::path dir_ = key_dir();
  audit::AuditLog audit_{tdb_.db(), clock_, audit::SigningKey::load_or_create(dir_.string())};
  DepartmentService svc_{tdb_.db(), clock_, audit_};
  Caller caller_ = admin();

  Department make(const std::string& code, std::optional<std::int64_t> parent = std::nullopt) {
    auto r = svc_.create(caller_, {.parent_id = parent, .name = "部门" + code, .code = code, .kind = "department"});
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message_key);
    return r.value();
  }
};

TEST_F(DepartmentServiceTest, CreatesWithMaterialisedPath) {
  auto root = make("ROOT");
  auto child = make("CHILD", root.id);
  auto grandchild = make("GRAND", child.id);
  EXPECT_EQ(root.path, "/" + std::to_string(root.id) + "/");
  EXPECT_EQ(grandchild.path, child.path + std::to_string(grandchild.id) + "/");
  EXPECT_EQ(grandchild.created_at, clock_.now_ms());
}

TEST_F(DepartmentServiceTest, RefusesDuplicatesBadParentsAndBadCodes) {
  auto root = make("ROOT");
  EXPECT_EQ(svc_.create(caller_, {.name = "x", .code = "ROOT", .kind = "team"}).error().message_key,
            "identity.department_code_taken");
  EXPECT_EQ(svc_.create(caller_, {.name = root.name, .code = "OTHER", .kind = "team"}).error().message_key,
            "identity.department_name_taken");
  EXPECT_EQ(svc_.create(caller_, {.parent_id = 999, .name = "x", .code = "X", .kind = "team"}).error().message_key,
            "identity.department_parent_invalid");
  EXPECT_EQ(svc_.create(caller_, {.name = "x", .code = "有空格 ", .kind = "team"}).error().message_key,
            "common.field_format");
}

TEST_F(DepartmentServiceTest, MovingRewritesTheSubtreeAndRefusesCycles) {
  auto a = make("A");
  auto b = make("B");
  auto a1 = make("A1", a.id);
  auto a11 = make("A11", a1.id);
  auto cycle = svc_.update(caller_, a.id, {.version = a.version, .parent_id = std::optional<std::int64_t>(a11.id)});
  EXPECT_EQ(cycle.error().message_key, "identity.department_cycle");
  auto moved = svc_.update(caller_, a1.id, {.version = a1.version, .parent_id = std::optional<std::int64_t>(b.id)});
  ASSERT_TRUE(moved.ok());
  EXPECT_EQ(moved->path, b.path + std::to_string(a1.id) + "/");
  EXPECT_EQ(svc_.get(a11.id)->path, moved->path + std::to_string(a11.id) + "/");
  EXPECT_EQ(moved->version, 2);
}

TEST_F(DepartmentServiceTest, StaleVersionsConflict) {
  auto a = make("A");
  ASSERT_TRUE(svc_.update(caller_, a.id, {.version = 1, .name = std::string("新名称")}).ok());
  EXPECT_EQ(svc_.update(caller_, a.id, {.version = 1, .name = std::string("再改")}).error().message_key,
            "common.version_conflict");
}

TEST_F(DepartmentServiceTest, DeletesOnlyLeaves) {
  auto a = make("A");
  auto a1 = make("A1", a.id);
  EXPECT_EQ(svc_.remove(caller_, a.id).error().message_key, "identity.department_has_children");
  EXPECT_TRUE(svc_.remove(caller_, a1.id).ok());
  EXPECT_TRUE(svc_.remove(caller_, a.id).ok());
  EXPECT_EQ(svc_.get(a.id).error().code, ErrorCode::kNotFound);
}

TEST_F(DepartmentServiceTest, ListsWithPagingFiltersAndEscapedSearch) {
  auto root = make("ROOT");
  for (int i = 0; i < 5; ++i) make("C" + std::to_string(i), root.id);
  ASSERT_TRUE(svc_.create(caller_, {.name = "100%保洁", .code = "PCT", .kind = "team"}).ok());
  auto page = svc_.list({.parent_id = root.id}, {.page = 2, .page_size = 2});
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->total, 5);
  EXPECT_EQ(page->items.size(), 2u);
  EXPECT_EQ(svc_.list({.q = std::string("0%")}, {})->total, 1);
  EXPECT_EQ(svc_.list({.q = std::string("%")}, {})->total, 1);
}

TEST_F(DepartmentServiceTest, DemoLoadsOnceAsATree) {
  auto first = svc_.load_demo();
  ASSERT_TRUE(first.ok());
  EXPECT_GT(first.value(), 5);
  EXPECT_EQ(svc_.load_demo().value(), 0);
  auto tree = svc_.tree();
  ASSERT_EQ(tree.size(), 1u);
  EXPECT_EQ(tree[0].department.code, "HQ");
  EXPECT_FALSE(tree[0].children.empty());
}

}  // namespace
}  // namespace anxin::identity

namespace anxin::identity {
namespace {

TEST_F(DepartmentServiceTest, ChangesAreAuditedAndScopedToTheCaller) {
  auto a = make("A");
  auto a1 = make("A1", a.id);
  auto b = make("B");
  Caller head;
  head.user_id = 7;
  head.username = "head";
  head.data_scope = 2;  // department tree
  head.department_id = a.id;
  head.department_path = a.path;
  EXPECT_TRUE(svc_.update(head, a1.id, {.version = a1.version, .name = std::string("改名")}).ok());
  EXPECT_EQ(svc_.update(head, b.id, {.version = b.version, .name = std::string("越权")}).error().code,
            ErrorCode::kNotFound);
  EXPECT_EQ(svc_.remove(head, b.id).error().code, ErrorCode::kNotFound);
  auto records = audit_.search({.entity = std::string("department")}, {.page = 1, .page_size = 50});
  ASSERT_TRUE(records.ok());
  EXPECT_EQ(records->total, 4);  // three creates and one update
  EXPECT_EQ(records->items.front().action, "update");
  EXPECT_EQ(records->items.front().actor.username, "head");
  EXPECT_TRUE(audit_.verify().ok);
}

TEST_F(DepartmentServiceTest, DirectoryAnswersOtherModulesOnTheirConnection) {
  auto root = make("ROOT");
  auto a = make("A", root.id);
  auto a1 = make("A1", a.id);
  auto b = make("B", root.id);
  const Directory dir;
  tdb_.db().read([&](db::Conn& c) {
    EXPECT_EQ(dir.department(c, a1.id)->path, a1.path);
    EXPECT_EQ(dir.department_by_code(c, "B")->id, b.id);
    EXPECT_FALSE(dir.department(c, 9999).has_value());
    EXPECT_EQ(dir.company_name(c), root.name);
    EXPECT_EQ(dir.departments_under(c, a.path), (std::vector<std::int64_t>{a.id, a1.id}));
    EXPECT_EQ(dir.subtree_ids(c, a.id), (std::vector<std::int64_t>{a.id, a1.id}));
    auto ordered = dir.departments_by_path(c);
    EXPECT_EQ(ordered.size(), 4U);
    if (!ordered.empty()) {
      EXPECT_EQ(ordered.front().id, root.id);
    }
    EXPECT_FALSE(dir.user_active(c, 1));
    EXPECT_FALSE(dir.display_name(c, 1).has_value());
    NameLookup names(dir, c);
    EXPECT_EQ(names.department(b.id), b.name);
    EXPECT_FALSE(names.department(std::nullopt).has_value());
    return 0;
  });
}

TEST_F(DepartmentServiceTest, IdListFilterMatchesExactIdsOnBothBackends) {
  auto root = make("ROOT");
  auto a = make("A", root.id);
  auto b = make("B", root.id);
  const std::vector<std::int64_t> wanted{a.id, 12345};
  auto ids = tdb_.db().read([&](db::Conn& c) {
    std::vector<std::int64_t> out;
    for (const auto& r :
         c.query("SELECT id FROM departments WHERE CAST($1 AS TEXT) LIKE ('%,' || CAST(id AS TEXT) || ',%') "
                 "ORDER BY id",
                 db::id_list(wanted))) {
      out.push_back(r.int64("id"));
    }
    return out;
  });
  EXPECT_EQ(ids, std::vector<std::int64_t>{a.id});
  EXPECT_EQ(db::id_list({}), ",");
}

}  // namespace
}  // namespace anxin::identity
