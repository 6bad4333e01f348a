// Checks over the complete route table of the composed application.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <random>
#include <set>

#include "app/app.hpp"
#include "modules/identity/permissions.hpp"

namespace anxin::app {
namespace {

class AppRoutesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::random_device rd;
    dir_ = std::filesystem::temp_directory_path() / ("anxin-app-" + std::to_string(rd()));
    config_ = config::load(std::nullopt, {}, {{"data_dir", dir_.string()}});
    ASSERT_TRUE(prepare_process(config_));
    app_ = std::make_unique<App>(config_);
  }
  void TearDown() override {
    app_.reset();
    std::filesystem::remove_all(dir_);
  }
  std::filesystem::path dir_;
  config::Config config_;
  std::unique_ptr<App> app_;
};

TEST_F(AppRoutesTest, EveryRouteDeclaresWhoMayCallIt) {
  const auto& routes = app_->router().routes();
  ASSERT_GT(routes.size(), 30u);
  for (const auto& r : routes) {
    const std::string name = std::string(http::method_name(r.method)) + " " + r.path;
    const int kinds = (r.is_public ? 1 : 0) + (r.authenticated_only ? 1 : 0) + (r.permission.empty() ? 0 : 1);
    EXPECT_EQ(kinds, 1) << name << " must be exactly one of: public, authenticated-only, permission";
    if (!r.permission.empty()) {
      EXPECT_TRUE(identity::is_known_permission(r.permission)) << name << " " << r.permission;
    }
    if (r.authenticated_only) {
      EXPECT_TRUE(r.path.starts_with("/api/v1/auth/")) << name;
    }
    if (r.is_public) {
      const std::set<std::string> allowed = {"/healthz", "/readyz", "/metrics", "/api/openapi.json",
                                             "/api/v1/auth/login"};
      EXPECT_TRUE(allowed.count(r.path)) << name << " is public but not on the list of public routes";
    }
  }
}

TEST_F(AppRoutesTest, TheDefaultReadTimeoutLetsAPhoneUploadTheLargestBody) {
  // The read timeout covers a whole request; a phone on a weak mobile link sends ~1 Mbit/s.
  constexpr double kPhoneBytesPerSecond = 1'000'000.0 / 8;
  std::size_t largest = 0;
  for (const auto& r : app_->router().routes()) largest = std::max(largest, r.max_body_bytes);
  ASSERT_GE(largest, 10u * 1024 * 1024);  // incident attachments
  const double needed_ms = static_cast<double>(largest) / kPhoneBytesPerSecond * 1000;
  EXPECT_GE(static_cast<double>(config_.http_read_timeout_ms), needed_ms)
      << "a " << largest << "-byte upload at 1 Mbit/s takes " << needed_ms << " ms";
}

TEST_F(AppRoutesTest, RoutesAreUniqueAndDocumented) {
  std::set<std::string> seen;
  for (const auto& r : app_->router().routes()) {
    const std::string name = std::string(http::method_name(r.method)) + " " + r.path;
    EXPECT_TRUE(seen.insert(name).second) << "duplicate route " << name;
    EXPECT_FALSE(r.summary.empty()) << name;
    EXPECT_FALSE(r.tag.empty()) << name;
    if (r.method == http::Method::kPost || r.method == http::Method::kPatch || r.method == http::Method::kPut) {
      // Action routes without a body are fine; a body must be declared to be accepted at all.
      if (!r.body_schema.is_null()) {
        EXPECT_EQ(r.body_schema.value("type", ""), "object") << name;
      }
    }
  }
}

TEST_F(AppRoutesTest, EveryPermissionIsUsedByARoute) {
  std::set<std::string> used;
  for (const auto& r : app_->router().routes()) used.insert(r.permission);
  for (const auto& p : identity::permission_catalogue()) {
    EXPECT_TRUE(used.count(p.code)) << p.code << " is in the catalogue but no route requires it";
  }
}

}  // namespace
}  // namespace anxin::app
