#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <random>
#include <set>
#include <thread>

#include "platform/db/migrator.hpp"
#include "platform/http/dispatcher.hpp"
#include "platform/http/i18n.hpp"
#include "platform/http/media_sniff.hpp"
#include "platform/http/openapi.hpp"
#include "platform/http/rate_limiter.hpp"
#include "platform/http/schema.hpp"
#include "platform/http/static_files.hpp"

namespace anxin::http {
namespace {

using nlohmann::json;

TEST(Catalogues, EveryKeyExistsInEveryLanguage) {
  const auto zh = catalogue_keys("zh-CN");
  const auto en = catalogue_keys("en-US");
  ASSERT_FALSE(zh.empty());
  std::set<std::string> a(zh.begin(), zh.end());
  std::set<std::string> b(en.begin(), en.end());
  for (const auto& k : a) EXPECT_TRUE(b.count(k)) << "missing in en-US: " << k;
  for (const auto& k : b) EXPECT_TRUE(a.count(k)) << "missing in zh-CN: " << k;
}

TEST(Catalogues, PlaceholdersMatchAcrossLanguages) {
  for (const auto& key : catalogue_keys("zh-CN")) {
    auto placeholders = [&](const std::string& lang) {
      std::set<std::string> out;
      const std::string text = translate(lang, key, json::object());
      for (std::size_t p = text.find('{'); p != std::string::npos; p = text.find('{', p + 1)) {
        out.insert(text.substr(p, text.find('}', p) - p + 1));
      }
      return out;
    };
    EXPECT_EQ(placeholders("zh-CN"), placeholders("en-US")) << key;
  }
}

TEST(RateLimiter, CountsPerKeyAndWindowAndStaysBounded) {
  RateLimiter limiter(3, 60000, /*max_keys=*/4);
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(limiter.allow("10.0.0.1", 1000));
  EXPECT_FALSE(limiter.allow("10.0.0.1", 1000));
  EXPECT_TRUE(limiter.allow("10.0.0.2", 1000)) << "another address has its own count";
  EXPECT_EQ(limiter.retry_after_seconds("10.0.0.1", 31000), 30);
  EXPECT_TRUE(limiter.allow("10.0.0.1", 61000)) << "a new window";
  // Many addresses do not grow the table without bound; the newest keep their counts.
  for (int i = 0; i < 100; ++i) EXPECT_TRUE(limiter.allow("k" + std::to_string(i), 62000 + i));
  for (int i = 0; i < 3; ++i) limiter.allow("k99", 70000);
  EXPECT_FALSE(limiter.allow("k99", 70000));
}

TEST(Language, NegotiatesWithQualityAndDefaultsToChinese) {
  EXPECT_EQ(negotiate_language(""), "zh-CN");
  EXPECT_EQ(negotiate_language("en-US,en;q=0.9"), "en-US");
  EXPECT_EQ(negotiate_language("fr-FR, en;q=0.5, zh-CN;q=0.8"), "zh-CN");
  EXPECT_EQ(negotiate_language("de"), "zh-CN");
  EXPECT_EQ(translate("en-US", "common.field_required", {{"field", "name"}}), "The field \"name\" is required.");
  EXPECT_EQ(translate("zh-CN", "common.field_required", {{"field", "name"}}), "字段“name”为必填项。");
}

TEST(Utf8, AcceptsWellFormedAndRejectsMalformed) {
  EXPECT_TRUE(is_valid_utf8("安心 ok"));
  EXPECT_TRUE(is_valid_utf8("\xF0\x9F\x98\x80"));
  EXPECT_FALSE(is_valid_utf8("\xC0\xAF"));          // overlong
  EXPECT_FALSE(is_valid_utf8("\xED\xA0\x80"));      // surrogate
  EXPECT_FALSE(is_valid_utf8("\xE5\xAE"));          // truncated
  EXPECT_FALSE(is_valid_utf8("\xF4\x90\x80\x80"));  // above U+10FFFF
  EXPECT_EQ(utf8_length("安心ab"), 4u);
}

const json kSchema = {
    {"type", "object"},
    {"required", {"name"}},
    {"properties",
     {{"name", {{"type", "string"}, {"minLength", 1}, {"maxLength", 4}}},
      {"count", {{"type", "integer"}, {"minimum", 0}, {"maximum", 10}}},
      {"kind", {{"type", "string"}, {"enum", {"a", "b"}}}},
      {"when", {{"type", "string"}, {"format", "date-time"}}},
      {"parent_id", {{"type", {"integer", "null"}}}},
      {"tags", {{"type", "array"}, {"maxItems", 2}, {"items", {{"type", "string"}, {"maxLength", 3}}}}}}}};

std::string key_of(const json& value) {
  auto e = validate(kSchema, value);
  return e ? e->message_key + ":" + e->details.value("field", "") : "ok";
}

TEST(Schema, ReportsTheFirstViolationWithItsField) {
  EXPECT_EQ(key_of({{"name", "安心"}}), "ok");
  EXPECT_EQ(key_of({{"name", "安心"}, {"parent_id", nullptr}}), "ok");
  EXPECT_EQ(key_of(json::object()), "common.field_required:name");
  EXPECT_EQ(key_of({{"name", ""}}), "common.field_required:name");
  EXPECT_EQ(key_of({{"name", "安心安心安"}}), "common.field_too_long:name");
  EXPECT_EQ(key_of({{"name", 5}}), "common.field_type:name");
  EXPECT_EQ(key_of({{"name", "a"}, {"extra", 1}}), "common.unknown_field:extra");
  EXPECT_EQ(key_of({{"name", "a"}, {"count", 11}}), "common.field_too_large:count");
  EXPECT_EQ(key_of({{"name", "a"}, {"count", 1.5}}), "common.field_type:count");
  EXPECT_EQ(key_of({{"name", "a"}, {"kind", "c"}}), "common.field_enum:kind");
  EXPECT_EQ(key_of({{"name", "a"}, {"when", "2026-02-30T00:00:00Z"}}), "common.field_format:when");
  EXPECT_EQ(key_of({{"name", "a"}, {"tags", {"x", "toolong"}}}), "common.field_too_long:tags[1]");
  EXPECT_EQ(key_of({{"name", "a"}, {"tags", {"x", "y", "z"}}}), "common.too_many_items:tags");
  EXPECT_EQ(key_of({{"name", "a\x01"}}), "common.field_control_chars:name");
  EXPECT_EQ(key_of(json::array()), "common.body_not_object:");
}

class DispatcherTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::random_device rd;
    dir_ = std::filesystem::temp_directory_path() / ("anxin-http-test-" + std::to_string(rd()));
    std::filesystem::create_directories(dir_);
    db_ = db::Database::open({.url = "sqlite:" + (dir_ / "t.db").string()});
    db::migrate(*db_, db::embedded_migrations(db_->backend()));
    db_->run_exclusive([](db::Conn& c) { c.exec_script("CREATE TABLE things (id INTEGER PRIMARY KEY, name TEXT)"); });
    router_.add({.method = Method::kPost,
                 .path = "/api/v1/things",
                 .permission = "test:thing:create",
                 .summary = "Create a thing",
                 .tag = "test",
                 .body_schema = kSchema,
                 .success_status = 201,
                 .handler = [this](Request& req) -> Result<Response> {
                   calls_++;
                   return db_->write([&](db::Conn& c) -> Result<Response> {
                     auto row = c.query_one("INSERT INTO things (name) VALUES ($1) RETURNING id",
                                            req.json["name"].get<std::string>());
                     return Response::json({{"id", row->int64("id")}});
                   });
                 }});
    router_.add({.method = Method::kGet,
                 .path = "/api/v1/things/{id}",
                 .permission = "test:thing:read",
                 .tag = "test",
                 .handler = [](Request& req) -> Result<Response> {
                   ANXIN_ASSIGN_OR_RETURN(auto id, req.path_id("id"));
                   if (id == 99) throw std::runtime_error("SELECT secret FROM boom");
                   return Response::json({{"id", id}});
                 }});
    dispatcher_ = std::make_unique<Dispatcher>(router_, db_.get(), clock_, DispatchOptions{.max_body_bytes = 256});
  }
  void TearDown() override {
    dispatcher_.reset();
    db_->close();
    db_.reset();
    std::filesystem::remove_all(dir_);
  }

  Response post(const std::string& body, std::vector<std::pair<std::string, std::string>> extra = {}) {
    RawRequest raw{.method = "POST",
                   .target = "/api/v1/things",
                   .headers = {{"Content-Type", "application/json"}},
                   .body = body,
                   .remote_ip = "127.0.0.1"};
    for (auto& h : extra) raw.headers.push_back(h);
    return dispatcher_->dispatch(std::move(raw));
  }

  std::int64_t things() {
    return db_->read([](db::Conn& c) { return c.query("SELECT COUNT(*) AS n FROM things").front().int64("n"); });
  }

  std::filesystem::path dir_;
  std::unique_ptr<db::Database> db_;
  Router router_;
  SystemClock clock_;
  std::unique_ptr<Dispatcher> dispatcher_;
  std::atomic<int> calls_{0};
};

json error_of(const Response& r) { return json::parse(r.body)["error"]; }

TEST_F(DispatcherTest, CreatesWithDeclaredStatusAndRequestId) {
  auto r = post(R"({"name":"ok"})");
  EXPECT_EQ(r.status, 201);
  bool has_id = false;
  for (auto& [k, v] : r.headers) has_id = has_id || (k == "X-Request-Id" && v.size() == 24);
  EXPECT_TRUE(has_id);
  EXPECT_EQ(things(), 1);
}

TEST_F(DispatcherTest, RejectsBadInputWithOwnKeysAndWritesNothing) {
  EXPECT_EQ(post(std::string(300, ' ')).status, 413);
  EXPECT_EQ(error_of(post(std::string(300, ' ')))["code"], "payload_too_large");
  RawRequest wrong_type{.method = "POST",
                        .target = "/api/v1/things",
                        .headers = {{"Content-Type", "text/plain"}},
                        .body = R"({"name":"x"})"};
  auto r415 = dispatcher_->dispatch(wrong_type);
  EXPECT_EQ(r415.status, 415);
  EXPECT_EQ(error_of(r415)["key"], "common.unsupported_media_type");
  EXPECT_EQ(error_of(post(R"({"name":)"))["key"], "common.malformed_json");
  EXPECT_EQ(error_of(post("{\"name\":\"\xC3\x28\"}"))["key"], "common.invalid_utf8");
  auto unknown = post(R"({"name":"x","admin":true})");
  EXPECT_EQ(unknown.status, 400);
  EXPECT_EQ(error_of(unknown)["details"]["field"], "admin");
  EXPECT_EQ(error_of(post(R"({"name":12})"))["key"], "common.field_type");
  EXPECT_EQ(error_of(post(std::string(65, '[') + std::string(65, ']')))["key"], "common.malformed_json");
  EXPECT_EQ(things(), 0);
  EXPECT_EQ(calls_.load(), 0);
}

TEST_F(DispatcherTest, MessagesFollowAcceptLanguage) {
  auto zh = post(R"({})");
  auto en = post(R"({})", {{"Accept-Language", "en-US,en;q=0.9"}});
  EXPECT_EQ(error_of(zh)["message"], "字段“name”为必填项。");
  EXPECT_EQ(error_of(en)["message"], "The field \"name\" is required.");
  EXPECT_EQ(error_of(en)["code"], "invalid_argument");
}

TEST_F(DispatcherTest, InternalErrorsLeakNothing) {
  auto r = dispatcher_->dispatch({.method = "GET", .target = "/api/v1/things/99"});
  EXPECT_EQ(r.status, 500);
  EXPECT_EQ(r.body.find("SELECT"), std::string::npos);
  EXPECT_EQ(error_of(r)["code"], "internal");
}

TEST_F(DispatcherTest, UnknownRoutesAndBadIdsAreNotFound) {
  EXPECT_EQ(dispatcher_->dispatch({.method = "GET", .target = "/api/v1/nothing"}).status, 404);
  EXPECT_EQ(dispatcher_->dispatch({.method = "GET", .target = "/api/v1/things/abc"}).status, 404);
  auto wrong_method = dispatcher_->dispatch({.method = "DELETE", .target = "/api/v1/things/1"});
  EXPECT_EQ(error_of(wrong_method)["key"], "common.method_not_allowed");
  EXPECT_EQ(dispatcher_->dispatch({.method = "GET", .target = "/api/v1/things/7?x=%ZZ"}).status, 400);
}

TEST_F(DispatcherTest, IdempotencyKeyReplaysTheFirstResult) {
  auto first = post(R"({"name":"a"})", {{"Idempotency-Key", "k-1"}});
  auto second = post(R"({"name":"a"})", {{"Idempotency-Key", "k-1"}});
  EXPECT_EQ(first.status, 201);
  EXPECT_EQ(second.status, 201);
  EXPECT_EQ(first.body, second.body);
  EXPECT_EQ(things(), 1);
  EXPECT_EQ(calls_.load(), 1);
  auto reused = post(R"({"name":"b"})", {{"Idempotency-Key", "k-1"}});
  EXPECT_EQ(reused.status, 409);
  EXPECT_EQ(error_of(reused)["key"], "common.idempotency_key_reused");
}

TEST_F(DispatcherTest, ReplayBodiesAreSealedAtRest) {
  dispatcher_->idempotency()->set_sealer(
      {.seal = [](const std::string&, const std::string& body) { return std::string(body.rbegin(), body.rend()); },
       .open = [](const std::string&, const std::string& stored) -> std::optional<std::string> {
         return std::string(stored.rbegin(), stored.rend());
       }});
  auto first = post(R"({"name":"seal"})", {{"Idempotency-Key", "s-1"}});
  auto stored = db_->read([](db::Conn& c) { return c.query("SELECT response_body FROM idempotency_keys"); });
  ASSERT_EQ(stored.size(), 1u);
  EXPECT_NE(stored[0].text("response_body"), first.body);
  auto replay = post(R"({"name":"seal"})", {{"Idempotency-Key", "s-1"}});
  EXPECT_EQ(replay.body, first.body);
  EXPECT_EQ(things(), 1);
}

TEST_F(DispatcherTest, IdempotencyHoldsUnderConcurrency) {
  std::vector<std::thread> threads;
  std::vector<std::string> bodies(16);
  for (int i = 0; i < 16; ++i) {
    threads.emplace_back([&, i] {
      bodies[static_cast<std::size_t>(i)] = post(R"({"name":"c"})", {{"Idempotency-Key", "same"}}).body;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(things(), 1);
  for (const auto& b : bodies) EXPECT_EQ(b, bodies[0]);
}

TEST_F(DispatcherTest, OpenApiDocumentDescribesEveryRoute) {
  const json doc = openapi_document(router_, "1.0");
  EXPECT_EQ(doc["openapi"], "3.1.0");
  const auto& op = doc["paths"]["/api/v1/things"]["post"];
  EXPECT_EQ(op["operationId"], "postThings");
  EXPECT_EQ(op["x-permission"], "test:thing:create");
  EXPECT_TRUE(op["responses"].contains("201"));
  EXPECT_EQ(op["requestBody"]["content"]["application/json"]["schema"]["additionalProperties"], false);
  EXPECT_EQ(doc["paths"]["/api/v1/things/{id}"]["get"]["parameters"][0]["in"], "path");
  // Every security requirement names a defined scheme.
  EXPECT_EQ(doc["components"]["securitySchemes"]["session"]["in"], "cookie");
  EXPECT_EQ(doc["components"]["securitySchemes"]["bearer"]["scheme"], "bearer");
  EXPECT_EQ(op["security"][0].begin().key(), "session");
}

/// The smallest well-formed PNG: signature, IHDR of a 1×1 grey image, IDAT and IEND.
std::string tiny_png() {
  static const unsigned char kPng[] = {
      0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52, 0x00,
      0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x00, 0x00, 0x00, 0x00, 0x3a, 0x7e, 0x9b, 0x55, 0x00,
      0x00, 0x00, 0x0a, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0x60, 0x00, 0x00, 0x00, 0x02, 0x00, 0x01,
      0x48, 0xaf, 0xa4, 0x71, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82};
  return std::string(reinterpret_cast<const char*>(kPng), sizeof kPng);
}

class UploadTest : public DispatcherTest {
 protected:
  void SetUp() override {
    DispatcherTest::SetUp();
    router_.add({.method = Method::kPost,
                 .path = "/api/v1/things/{id}/files",
                 .permission = "test:thing:create",
                 .summary = "Attach a file",
                 .tag = "test",
                 .upload_media_types = {"image/png", "application/pdf"},
                 .max_body_bytes = 1024,
                 .success_status = 201,
                 .handler = [this](Request& req) -> Result<Response> {
                   calls_++;
                   received_ = req.body;
                   return Response::json({{"size", req.body.size()}}, 201);
                 }});
    router_.add({.method = Method::kGet,
                 .path = "/api/v1/things/{id}/files/{file_id}",
                 .permission = "test:thing:read",
                 .tag = "test",
                 .response_media_types = {"image/png", "application/pdf"},
                 .handler = [](Request&) -> Result<Response> {
                   auto r = Response::text(tiny_png(), "image/png");
                   r.headers.emplace_back("Cache-Control", "private, no-store");
                   return r;
                 }});
  }
  Response upload(const std::string& body, const std::string& type) {
    return dispatcher_->dispatch(
        {.method = "POST", .target = "/api/v1/things/1/files", .headers = {{"Content-Type", type}}, .body = body});
  }
  std::string received_;
};

TEST_F(UploadTest, UploadRoutesTakeTheirTypesUpToTheirOwnLimit) {
  const std::string png = tiny_png() + std::string(600, '\0');  // larger than the JSON limit (256)
  auto ok = upload(png, "image/png");
  EXPECT_EQ(ok.status, 201) << ok.body;
  EXPECT_EQ(received_, png);
  EXPECT_EQ(upload(png, "Image/PNG; charset=binary").status, 201);

  auto big = upload(std::string(1025, 'x'), "image/png");
  EXPECT_EQ(big.status, 413);
  EXPECT_EQ(error_of(big)["details"]["max_bytes"], 1024);
  // The larger limit is the upload route's alone.
  EXPECT_EQ(post("{\"name\":\"" + std::string(400, 'a') + "\"}").status, 413);

  auto html = upload("<html></html>", "text/html");
  EXPECT_EQ(html.status, 415);
  EXPECT_EQ(error_of(html)["key"], "common.upload_media_type");
  EXPECT_EQ(error_of(html)["details"]["allowed"], "image/png, application/pdf");
  EXPECT_EQ(upload(R"({"name":"x"})", "application/json").status, 415);
  EXPECT_EQ(error_of(upload("", "image/png"))["key"], "common.body_required");
  EXPECT_EQ(calls_.load(), 2);
}

TEST_F(UploadTest, HandlersMayOwnCacheControlAndBinaryBodiesPassUnchanged) {
  auto r = dispatcher_->dispatch({.method = "GET", .target = "/api/v1/things/1/files/2"});
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, tiny_png());
  EXPECT_EQ(r.content_type, "image/png");
  int cache_headers = 0;
  for (const auto& [k, v] : r.headers) {
    if (k == "Cache-Control") {
      ++cache_headers;
      EXPECT_EQ(v, "private, no-store");
    }
  }
  EXPECT_EQ(cache_headers, 1);
  // Other API answers keep the default.
  auto other = dispatcher_->dispatch({.method = "GET", .target = "/api/v1/things/3"});
  EXPECT_NE(std::find(other.headers.begin(), other.headers.end(),
                      std::make_pair(std::string("Cache-Control"), std::string("no-store"))),
            other.headers.end());
}

TEST_F(UploadTest, OpenApiPublishesUploadsAndDownloadsAsBinary) {
  const json doc = openapi_document(router_, "1.0");
  const auto& up = doc["paths"]["/api/v1/things/{id}/files"]["post"]["requestBody"];
  EXPECT_EQ(up["content"]["image/png"]["schema"], json({{"type", "string"}, {"format", "binary"}}));
  EXPECT_TRUE(up["content"].contains("application/pdf"));
  EXPECT_FALSE(up["content"].contains("application/json"));
  EXPECT_EQ(up["x-max-bytes"], 1024);
  const auto& down = doc["paths"]["/api/v1/things/{id}/files/{file_id}"]["get"]["responses"]["200"]["content"];
  EXPECT_EQ(down["application/pdf"]["schema"]["format"], "binary");
  EXPECT_TRUE(down.contains("image/png"));
}

TEST(MediaSniff, RecognisesBytesWhateverTheyClaim) {
  EXPECT_EQ(sniff_media_type(tiny_png()), "image/png");
  EXPECT_EQ(sniff_media_type("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n"), "application/pdf");
  const std::string html = "<!DOCTYPE html><html><body><script>alert(1)</script></body></html>";
  EXPECT_EQ(sniff_media_type(html), "text/html");
  EXPECT_TRUE(is_active_content(sniff_media_type(html)));
  EXPECT_TRUE(is_active_content(sniff_media_type(
      R"(<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>)")));
  EXPECT_TRUE(is_active_content(sniff_media_type("#!/bin/sh\nrm -rf /\n")));
  EXPECT_FALSE(is_active_content("image/png"));
  EXPECT_FALSE(is_active_content("application/pdf"));
  EXPECT_EQ(sniff_media_type(""), "application/octet-stream");
}

}  // namespace
}  // namespace anxin::http

namespace anxin::http {
namespace {

class StaticFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::random_device rd;
    root_ = std::filesystem::temp_directory_path() / ("anxin-web-" + std::to_string(rd()));
    std::filesystem::create_directories(root_ / "assets");
    write("index.html", "<!doctype html><title>安心</title>");
    write("assets/app-3f2a.js", "console.log(1)");
    write("assets/app-3f2a.js.gz", "GZIPPED");
    write("../secret.txt", "outside");
  }
  void TearDown() override {
    std::filesystem::remove_all(root_);
    std::filesystem::remove(root_.parent_path() / "secret.txt");
  }
  void write(const std::string& rel, const std::string& text) { std::ofstream(root_ / rel) << text; }
  Request get(const std::string& path, const std::string& encoding = {}) {
    Request r;
    r.path = path;
    if (!encoding.empty()) r.headers["accept-encoding"] = encoding;
    return r;
  }
  static std::string header(const Response& r, const std::string& name) {
    for (const auto& [k, v] : r.headers) {
      if (k == name) return v;
    }
    return {};
  }
  std::filesystem::path root_;
};

TEST_F(StaticFilesTest, ServesTheAppWithCachingAndSecurityHeaders) {
  StaticFiles files(root_.string());
  ASSERT_TRUE(files.available());
  auto index = files.serve(get("/"));
  ASSERT_TRUE(index);
  EXPECT_EQ(index->content_type, "text/html; charset=utf-8");
  EXPECT_EQ(header(*index, "Cache-Control"), "no-cache");
  EXPECT_NE(header(*index, "Content-Security-Policy").find("script-src 'self'"), std::string::npos);
  EXPECT_EQ(header(*index, "Content-Security-Policy").find("script-src 'self' 'unsafe-inline'"), std::string::npos);
  auto asset = files.serve(get("/assets/app-3f2a.js"));
  ASSERT_TRUE(asset);
  EXPECT_EQ(asset->body, "console.log(1)");
  EXPECT_EQ(header(*asset, "Cache-Control"), "public, max-age=31536000, immutable");
  auto gz = files.serve(get("/assets/app-3f2a.js", "gzip, deflate, br"));
  EXPECT_EQ(gz->body, "GZIPPED");
  EXPECT_EQ(header(*gz, "Content-Encoding"), "gzip");
}

TEST_F(StaticFilesTest, FallsBackToIndexForAppRoutesOnly) {
  StaticFiles files(root_.string());
  auto route = files.serve(get("/system/users"));
  ASSERT_TRUE(route);
  EXPECT_NE(route->body.find("安心"), std::string::npos);
  EXPECT_EQ(header(*route, "Cache-Control"), "no-cache");
  EXPECT_FALSE(files.serve(get("/assets/missing-1234.js")));
  EXPECT_FALSE(files.serve(get("/../secret.txt")));
  EXPECT_FALSE(files.serve(get("/assets/../../secret.txt")));
  EXPECT_FALSE(StaticFiles((root_ / "nothing").string()).serve(get("/")));
}

}  // namespace
}  // namespace anxin::http

namespace anxin::http {
namespace {

TEST(Router, LiteralSegmentsWinOverParameters) {
  Router r;
  r.add({.method = Method::kGet, .path = "/api/v1/x/{id}", .is_public = true, .summary = "by id"});
  r.add({.method = Method::kGet, .path = "/api/v1/x/special", .is_public = true, .summary = "literal"});
  std::map<std::string, std::string> params;
  bool exists = false;
  EXPECT_EQ(r.match(Method::kGet, "/api/v1/x/special", params, exists)->summary, "literal");
  EXPECT_EQ(r.match(Method::kGet, "/api/v1/x/42", params, exists)->summary, "by id");
  EXPECT_EQ(params["id"], "42");
  EXPECT_EQ(r.match(Method::kPost, "/api/v1/x/42", params, exists), nullptr);
  EXPECT_TRUE(exists);
}

}  // namespace
}  // namespace anxin::http
