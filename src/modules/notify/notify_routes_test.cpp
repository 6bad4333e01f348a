// The inbox and channel routes over the notification service, and the live inbox stream.
#include "modules/notify/notify_test_fixture.hpp"

namespace anxin::notify {
namespace {

using namespace test_support;  // NOLINT(google-build-using-namespace)
using nlohmann::json;

class NotifyRoutesTest : public NotifyTest {
 protected:
  void SetUp() override {
    NotifyTest::SetUp();
    register_routes(router_, *p_->notifier, *p_->channels);
    dispatcher_ = std::make_unique<http::Dispatcher>(router_, &tdb_.db(), clock_, http::DispatchOptions{});
    // Stands in for the identity middleware: the caller and permissions come from test headers.
    dispatcher_->add_middleware([](http::Request& req, const http::Route& route) -> std::optional<Error> {
      const std::string user = req.header("x-test-user");
      if (user.empty()) return Error::unauthenticated();
      req.principal.user_id = std::stoll(user);
      req.principal.username = "user" + user;
      const std::string perms = req.header("x-test-permissions");
      for (std::size_t pos = 0; pos < perms.size();) {
        auto end = perms.find(',', pos);
        if (end == std::string::npos) end = perms.size();
        req.principal.permissions.push_back(perms.substr(pos, end - pos));
        pos = end + 1;
      }
      std::sort(req.principal.permissions.begin(), req.principal.permissions.end());
      if (!route.permission.empty() && !req.principal.has(route.permission)) return Error::forbidden();
      return std::nullopt;
    });
  }

  http::Response call(const std::string& method, const std::string& target, std::int64_t user,
                      const json& body = nullptr, const std::string& permissions = "") {
    http::RawRequest raw{.method = method, .target = target};
    raw.headers.emplace_back("X-Test-User", std::to_string(user));
    if (!permissions.empty()) raw.headers.emplace_back("X-Test-Permissions", permissions);
    if (!body.is_null()) {
      raw.headers.emplace_back("Content-Type", "application/json");
      raw.body = body.dump();
    }
    return dispatcher_->dispatch(std::move(raw));
  }

  http::Router router_;
  std::unique_ptr<http::Dispatcher> dispatcher_;
};

TEST_F(NotifyRoutesTest, InboxShowsOnlyTheCallersOwnItemsInTheirLanguage) {
  ASSERT_TRUE(publish({.event = "incident.reported",
                       .params = incident_params("配电箱冒烟"),
                       .recipients = {{.user_id = kLi, .lang = "zh-CN", .channels = {Via::kInApp}},
                                      {.user_id = kAmy, .lang = "en-US", .channels = {Via::kInApp}}}})
                  .ok());
  clock_.advance_ms(1000);
  ASSERT_TRUE(publish({.event = "incident.reported",
                       .params = incident_params("电梯困人"),
                       .recipients = {{.user_id = kLi, .lang = "zh-CN", .channels = {Via::kInApp}}},
                       .entity = "incident",
                       .entity_id = 42})
                  .ok());

  auto resp = call("GET", "/api/v1/auth/notifications", kLi);
  ASSERT_EQ(resp.status, 200) << resp.body;
  auto body = json::parse(resp.body);
  ASSERT_EQ(body["total"], 2);
  EXPECT_EQ(body["items"][0]["title"], "事件上报：电梯困人");  // newest first
  // An item says what it is about, so the bell can open it; null when the message names nothing.
  EXPECT_EQ(body["items"][0]["entity"], "incident");
  EXPECT_EQ(body["items"][0]["entity_id"], 42);
  EXPECT_TRUE(body["items"][1]["entity"].is_null());
  EXPECT_TRUE(body["items"][1]["entity_id"].is_null());
  EXPECT_EQ(body["items"][1]["title"], "事件上报：配电箱冒烟");
  EXPECT_EQ(body["items"][1]["body"], "朝阳门店发生II级事件，请及时处理。");
  EXPECT_EQ(body["items"][1]["event"], "incident.reported");
  EXPECT_EQ(body["items"][1]["read"], false);
  const auto li_item = body["items"][1]["id"].get<std::int64_t>();

  body = json::parse(call("GET", "/api/v1/auth/notifications", kAmy).body);
  ASSERT_EQ(body["total"], 1);
  EXPECT_EQ(body["items"][0]["title"], "Incident reported: 配电箱冒烟");
  const auto amy_item = body["items"][0]["id"].get<std::int64_t>();

  // Another user's item is not found, whether read or listed.
  const std::string li_read = "/api/v1/auth/notifications/" + std::to_string(li_item) + "/read";
  EXPECT_EQ(call("POST", li_read, kAmy).status, 404);
  EXPECT_EQ(call("POST", "/api/v1/auth/notifications/999999/read", kAmy).status, 404);
  EXPECT_EQ(json::parse(call("GET", "/api/v1/auth/notifications/unread-count", kLi).body)["count"], 2);
  EXPECT_EQ(call("POST", li_read, kLi).status, 204);
  EXPECT_EQ(call("POST", li_read, kLi).status, 204);  // already read: no change
  EXPECT_EQ(json::parse(call("GET", "/api/v1/auth/notifications/unread-count", kLi).body)["count"], 1);
  EXPECT_EQ(json::parse(call("GET", "/api/v1/auth/notifications/unread-count", kAmy).body)["count"], 1);
  body = json::parse(call("GET", "/api/v1/auth/notifications?unread=true", kLi).body);
  ASSERT_EQ(body["total"], 1);
  EXPECT_EQ(body["items"][0]["title"], "事件上报：电梯困人");
  EXPECT_EQ(call("GET", "/api/v1/auth/notifications?unread=maybe", kLi).status, 400);

  resp = call("POST", "/api/v1/auth/notifications/read-all", kLi);
  ASSERT_EQ(resp.status, 200) << resp.body;
  EXPECT_EQ(json::parse(resp.body)["updated"], 1);
  EXPECT_EQ(json::parse(call("GET", "/api/v1/auth/notifications/unread-count", kLi).body)["count"], 0);
  // Amy's item is untouched by Li's read-all.
  EXPECT_EQ(json::parse(call("GET", "/api/v1/auth/notifications/unread-count", kAmy).body)["count"], 1);
  EXPECT_EQ(call("POST", "/api/v1/auth/notifications/" + std::to_string(amy_item) + "/read", kAmy).status, 204);
  EXPECT_EQ(count("audit_log", "entity = 'notification'"), 3);

  // Titles, bodies and parameters are not in the database in plain text.
  const auto rows = tdb_.db().read([](db::Conn& c) {
    return c.query(
        "SELECT title_enc, body_enc FROM notify_inbox UNION ALL "
        "SELECT params_enc, params_enc FROM notify_messages");
  });
  ASSERT_EQ(rows.size(), 5u);
  for (const auto& r : rows) {
    const auto title = r.blob("title_enc");
    const auto text = r.blob("body_enc");
    EXPECT_FALSE(title.empty());
    for (const std::string plain : {"配电箱冒烟", "电梯困人", "朝阳门店", "Incident"}) {
      EXPECT_FALSE(contains_bytes(title, plain)) << plain;
      EXPECT_FALSE(contains_bytes(text, plain)) << plain;
    }
  }
}

TEST_F(NotifyRoutesTest, ChannelSecretsAreWriteOnlyAndStoredEncrypted) {
  const std::string perms = "notify:channel:manage";
  const std::string secret = "SECtop-secret-signing-key";
  auto resp = call("POST", "/api/v1/notify/channels", 1,
                   {{"kind", "dingtalk"},
                    {"name", "应急群"},
                    {"endpoint", "https://oapi.dingtalk.com/robot/send?access_token=abc"},
                    {"secret", secret}},
                   perms);
  ASSERT_EQ(resp.status, 201) << resp.body;
  EXPECT_EQ(resp.body.find(secret), std::string::npos);
  auto created = json::parse(resp.body);
  EXPECT_FALSE(created.contains("secret"));
  EXPECT_FALSE(created.contains("secret_enc"));
  EXPECT_EQ(created["has_secret"], true);
  EXPECT_EQ(created["kind"], "dingtalk");
  const auto id = created["id"].get<std::int64_t>();

  // The access token in the URL is never answered either.
  EXPECT_EQ(created["endpoint"], "https://oapi.dingtalk.com/robot/send?access_token=****");
  EXPECT_EQ(masked_endpoint(ChannelKind::kFeishu,
                            "https://open.feishu.cn/open-apis/bot/v2/hook/0f3c9a1e-5b7d-4e2a-9c1b-7d8e6f5a4b3c"),
            "https://open.feishu.cn/open-apis/bot/v2/hook/****");
  EXPECT_EQ(masked_endpoint(ChannelKind::kEmail, "smtps://mail.example.com:465"), "smtps://mail.example.com:465");
  resp = call("GET", "/api/v1/notify/channels", 1, nullptr, perms);
  ASSERT_EQ(resp.status, 200);
  EXPECT_EQ(resp.body.find(secret), std::string::npos);
  EXPECT_EQ(resp.body.find("access_token=abc"), std::string::npos);
  EXPECT_EQ(json::parse(resp.body)["items"][0]["has_secret"], true);
  EXPECT_EQ(call("GET", "/api/v1/notify/channels", 1, nullptr, "notify:delivery:read").status, 403);

  const auto raw = tdb_.db().read([&](db::Conn& c) {
    return c.query_one("SELECT secret_enc FROM notify_channels WHERE id = $1", id)->blob("secret_enc");
  });
  EXPECT_FALSE(contains_bytes(raw, secret));
  EXPECT_EQ(p_->keys->decrypt("notify_channels", "secret_enc", id, raw).value(), secret);
  // The audit record names the host only: webhook URLs carry access tokens.
  const auto audited = tdb_.db().read([](db::Conn& c) {
    return c.query_one("SELECT after_json FROM audit_log WHERE entity = 'notify_channel'")->text("after_json");
  });
  EXPECT_EQ(audited.find("access_token"), std::string::npos);
  EXPECT_EQ(audited.find(secret), std::string::npos);
  EXPECT_NE(audited.find("https://oapi.dingtalk.com/"), std::string::npos);

  const std::string path = "/api/v1/notify/channels/" + std::to_string(id);
  // The masked endpoint sent back (an edit form that shows what it read) keeps the real one.
  resp = call("PATCH", path, 1,
              {{"version", 1},
               {"endpoint", "https://oapi.dingtalk.com/robot/send?access_token=****"},
               {"secret", nullptr},
               {"enabled", false}},
              perms);
  ASSERT_EQ(resp.status, 200) << resp.body;
  // Stored: the masked form in clear, the whole URL only sealed.
  const auto stored = tdb_.db().read([&](db::Conn& c) {
    return *c.query_one("SELECT endpoint, endpoint_enc FROM notify_channels WHERE id = $1", id);
  });
  EXPECT_EQ(stored.text("endpoint"), "https://oapi.dingtalk.com/robot/send?access_token=****");
  EXPECT_FALSE(contains_bytes(stored.blob("endpoint_enc"), "access_token=abc"));
  EXPECT_EQ(p_->keys->decrypt("notify_channels", "endpoint_enc", id, stored.blob("endpoint_enc")).value(),
            "https://oapi.dingtalk.com/robot/send?access_token=abc");
  EXPECT_EQ(json::parse(resp.body)["has_secret"], false);
  EXPECT_EQ(json::parse(resp.body)["enabled"], false);
  EXPECT_EQ(json::parse(resp.body)["version"], 2);
  EXPECT_EQ(call("PATCH", path, 1, {{"version", 1}, {"name", "x"}}, perms).status, 409);
  EXPECT_EQ(call("PATCH", path, 1, {{"version", 2}, {"secret", "s"}, {"token", "x"}}, perms).status, 400);

  // Bad endpoints, credentials in URLs, missing sender or gateway secret.
  auto bad = [&](const json& body) { return call("POST", "/api/v1/notify/channels", 1, body, perms); };
  EXPECT_EQ(
      bad({{"kind", "email"}, {"name", "m1"}, {"endpoint", "https://smtp.example"}, {"sender", "a@b.example"}}).status,
      400);
  resp = bad(
      {{"kind", "email"}, {"name", "m2"}, {"endpoint", "smtps://user:pw@smtp.example:465"}, {"sender", "a@b.example"}});
  EXPECT_EQ(resp.status, 400);
  EXPECT_EQ(json::parse(resp.body)["error"]["key"], "notify.endpoint_credentials");
  EXPECT_EQ(bad({{"kind", "email"}, {"name", "m3"}, {"endpoint", "smtps://smtp.example:465"}}).status, 400);
  EXPECT_EQ(bad({{"kind", "sms"}, {"name", "s1"}, {"endpoint", "https://sms.example/send"}}).status, 400);
  EXPECT_EQ(bad({{"kind", "wecom"}, {"name", "应急群"}, {"endpoint", "https://qyapi.weixin.qq.com/x"}}).status, 409);
  EXPECT_EQ(bad({{"kind", "fax"}, {"name", "f"}, {"endpoint", "https://x"}}).status, 400);
  resp = bad({{"kind", "email"},
              {"name", "mail"},
              {"endpoint", "smtps://smtp.example:465"},
              {"sender", "安心 <noreply@anxin.example>"},
              {"username", "mailer"},
              {"secret", "pw"}});
  ASSERT_EQ(resp.status, 201) << resp.body;
  EXPECT_EQ(json::parse(resp.body)["username"], "mailer");
  EXPECT_EQ(json::parse(resp.body)["has_secret"], true);

  EXPECT_EQ(call("DELETE", path, 1, nullptr, perms).status, 204);
  EXPECT_EQ(call("DELETE", path, 1, nullptr, perms).status, 404);
  EXPECT_EQ(count("audit_log", "entity = 'notify_channel'"), 4);
}

TEST_F(NotifyRoutesTest, DeletedChannelLeavesDeadDeliveries) {
  const auto id = channel(ChannelKind::kWecom, http_.url("/hook/wecom"), std::nullopt);
  ASSERT_TRUE(publish(group(id)).ok());
  ASSERT_TRUE(p_->channels->remove(admin_, id).ok());
  EXPECT_EQ(p_->notifier->deliver_due(kStart, 10), 1);
  const auto d = all_deliveries()[0];
  EXPECT_EQ(d.status, "dead");
  EXPECT_EQ(d.last_error, "channel deleted");
  EXPECT_FALSE(d.channel_id);
  EXPECT_TRUE(http_.requests().empty());
}

/// A stream that records what it is sent (stands in for the server's chunked response writer).
class RecordingStream final : public http::StreamWriter {
 public:
  bool write(std::string data) override {
    std::lock_guard lock(mu_);
    if (!open_) return false;
    text_ += data;
    return true;
  }
  bool open() const override {
    std::lock_guard lock(mu_);
    return open_;
  }
  void close() override {
    std::lock_guard lock(mu_);
    open_ = false;
  }
  std::string text() const {
    std::lock_guard lock(mu_);
    return text_;
  }

 private:
  mutable std::mutex mu_;
  bool open_ = true;
  std::string text_;
};

/// Waits up to 5 s for `pred`.
template <typename Pred>
bool eventually(Pred pred) {
  for (int i = 0; i < 500; ++i) {
    if (pred()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return pred();
}

TEST_F(NotifyTest, LiveInboxPushesOnlyTheRecipientsNewItemsAndEndsWithTheCredential) {
  // An item published before the hub starts is not pushed again.
  ASSERT_TRUE(publish({.event = "incident.reported",
                       .params = incident_params("旧事件"),
                       .recipients = {{.user_id = kLi, .lang = "zh-CN", .channels = {Via::kInApp}}}})
                  .ok());
  LiveInbox live(tdb_.db(), *p_->keys,
                 {.poll = std::chrono::milliseconds(20), .heartbeat = std::chrono::milliseconds(200)});
  live.start();
  auto li = std::make_shared<RecordingStream>();
  auto amy = std::make_shared<RecordingStream>();
  std::atomic<bool> li_signed_in{true};
  live.subscribe(kLi, li, [&] { return li_signed_in.load(); });
  live.subscribe(kAmy, amy, nullptr);
  EXPECT_EQ(live.subscribers(), 2u);
  EXPECT_NE(li->text().find("event: unread\ndata: {\"unread\":1}\n\n"), std::string::npos) << li->text();

  ASSERT_TRUE(publish({.event = "incident.reported",
                       .params = incident_params("电梯困人"),
                       .recipients = {{.user_id = kLi, .lang = "zh-CN", .channels = {Via::kInApp}}},
                       .entity = "incident",
                       .entity_id = 7})
                  .ok());
  ASSERT_TRUE(eventually([&] { return li->text().find("电梯困人") != std::string::npos; })) << li->text();
  const std::string pushed = li->text();
  EXPECT_NE(pushed.find("\"entity\":\"incident\",\"entity_id\":7"), std::string::npos) << pushed;
  EXPECT_EQ(pushed.find("旧事件"), std::string::npos);
  EXPECT_NE(pushed.find("event: notification\ndata: {"), std::string::npos);
  EXPECT_TRUE(eventually([&] { return li->text().find("{\"unread\":2}") != std::string::npos; }));
  // Amy got her count but nobody else's item.
  EXPECT_EQ(amy->text().find("电梯困人"), std::string::npos);
  EXPECT_NE(amy->text().find("{\"unread\":0}"), std::string::npos);
  // Each item is pushed once although the poll looks back over recent ids.
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  const std::string again = li->text();
  EXPECT_EQ(again.find("电梯困人"), again.rfind("电梯困人"));

  // Signed out: the heartbeat ends the stream; the other one goes on.
  li_signed_in = false;
  ASSERT_TRUE(eventually([&] { return !li->open(); }));
  EXPECT_TRUE(eventually([&] { return live.subscribers() == 1u; }));
  EXPECT_TRUE(amy->open());
  // A client that went away is dropped at the next write.
  amy->close();
  EXPECT_TRUE(eventually([&] { return live.subscribers() == 0u; }));
  live.stop();
  live.stop();  // idempotent
}

}  // namespace
}  // namespace anxin::notify
