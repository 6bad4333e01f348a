#include "platform/config/config.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace anxin::config {
namespace {

std::string write_toml(const std::string& text) {
  const auto path = std::filesystem::temp_directory_path() / ("anxin-config-" + std::to_string(::getpid()) + ".toml");
  std::ofstream(path) << text;
  return path.string();
}

std::string error_of(const std::function<void()>& fn) {
  try {
    fn();
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "";
}

TEST(Config, DefaultsPointAtTheDataDirectory) {
  const Config c = load(std::nullopt, {}, {});
  EXPECT_EQ(c.database_url(), "sqlite:./data/anxin.db");
  EXPECT_EQ(c.listen_host(), "127.0.0.1");
  EXPECT_EQ(c.listen_port(), 8080);
  EXPECT_GE(c.http_io_threads, 1);
}

TEST(Config, LaterSourcesOverrideEarlierOnes) {
  const auto path = write_toml("listen = \"0.0.0.0:9000\"\n[http]\nmax_body_bytes = 2048\nread_timeout_ms = 500\n");
  const Config c = load(path, {{"ANXIN_HTTP_MAX_BODY_BYTES", "4096"}, {"PATH", "/bin"}}, {{"listen", "127.0.0.1:0"}});
  EXPECT_EQ(c.http_max_body_bytes, 4096);
  EXPECT_EQ(c.http_read_timeout_ms, 500);
  EXPECT_EQ(c.listen_port(), 0);
  EXPECT_EQ(load(std::nullopt, {}, {{"data_dir", "/srv/anxin/"}}).database_url(), "sqlite:/srv/anxin/anxin.db");
}

TEST(Config, ErrorsNameTheKey) {
  EXPECT_NE(error_of([] { load(write_toml("[http]\nmax_body = 1\n"), {}, {}); }).find("http.max_body"),
            std::string::npos);
  EXPECT_NE(
      error_of([] { load(write_toml("[http]\nmax_body_bytes = \"lots\"\n"), {}, {}); }).find("http.max_body_bytes"),
      std::string::npos);
  EXPECT_NE(error_of([] { load(std::nullopt, {{"ANXIN_BOGUS", "1"}}, {}); }).find("ANXIN_BOGUS"), std::string::npos);
  EXPECT_NE(error_of([] {
              load(std::nullopt, {{"ANXIN_HTTP_WORKER_THREADS", "0"}}, {});
            }).find("http.worker_threads"),
            std::string::npos);
  EXPECT_NE(error_of([] {
              load(std::nullopt, {}, {{"listen", "localhost:99999"}});
            }).find("listen"),
            std::string::npos);
  EXPECT_NE(error_of([] {
              load(std::nullopt, {{"ANXIN_LOG_LEVEL", "loud"}}, {});
            }).find("ANXIN_LOG_LEVEL"),
            std::string::npos);
  EXPECT_NE(error_of([] { load(std::nullopt, {}, {{"database", "mysql://x"}}); }).find("database"), std::string::npos);
}

}  // namespace
}  // namespace anxin::config
