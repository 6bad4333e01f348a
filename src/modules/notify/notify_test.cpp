// The notification service end to end on SQLite and PostgreSQL: publishing inside a caller's transaction, delivery
// to real receivers on 127.0.0.1 (the project's HTTP server, a small SMTP server) through libcurl, retries, dead
// letters, exactly-once claiming by two workers.
#include "modules/notify/notify_test_fixture.hpp"

namespace anxin::notify {
namespace {

using namespace test_support;  // NOLINT(google-build-using-namespace)
using nlohmann::json;

TEST_F(NotifyTest, WecomRobotGetsTheMarkdownBody) {
  const auto id = channel(ChannelKind::kWecom, http_.url("/hook/wecom?key=k1"), std::nullopt);
  ASSERT_TRUE(publish(group(id)).ok());
  EXPECT_EQ(count("notify_deliveries", "status = 'pending'"), 1);
  EXPECT_EQ(p_->notifier->deliver_due(kStart, 10), 1);

  const auto got = http_.requests();
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].path, "/hook/wecom");
  EXPECT_EQ(got[0].query.at("key"), "k1");
  EXPECT_EQ(got[0].headers.at("content-type"), "application/json; charset=utf-8");
  EXPECT_EQ(
      got[0].body,
      R"({"markdown":{"content":"**事件上报：厨房燃气泄漏**\n朝阳门店发生II级事件，请及时处理。"},"msgtype":"markdown"})");
  const auto d = all_deliveries();
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].status, "sent");
  EXPECT_EQ(d[0].attempts, 1);
  EXPECT_EQ(d[0].sent_at, kStart);
  // Nothing is due any more.
  EXPECT_EQ(p_->notifier->deliver_due(kStart + 3'600'000, 10), 0);
  const std::string metrics = metrics::global().render();
  EXPECT_NE(metrics.find(R"(anxin_notify_deliveries_total{channel="wecom",outcome="sent"})"), std::string::npos);
  EXPECT_NE(metrics.find("anxin_notify_pending 0"), std::string::npos);
}

TEST_F(NotifyTest, EndpointsStoredBeforeSealingAreSealedAndStillReached) {
  const std::string url = http_.url("/hook/wecom?key=old-plain-token");
  // A channel as anxin stored it before endpoints were sealed: the URL in clear.
  std::int64_t id = 0;
  tdb_.db().run_exclusive([&](db::Conn& c) {
    id = c.query_one(
              "INSERT INTO notify_channels (kind, name, endpoint, enabled, created_at, updated_at) "
              "VALUES ('wecom', 'legacy', $1, 1, 0, 0) RETURNING id",
              url)
             ->int64("id");
  });
  EXPECT_EQ(p_->channels->seal_endpoints(), 1);
  EXPECT_EQ(p_->channels->seal_endpoints(), 0);
  const auto stored = tdb_.db().read([&](db::Conn& c) {
    return *c.query_one("SELECT endpoint, endpoint_enc FROM notify_channels WHERE id = $1", id);
  });
  EXPECT_EQ(stored.text("endpoint").find("old-plain-token"), std::string::npos);
  EXPECT_NE(stored.text("endpoint").find("key=****"), std::string::npos);
  EXPECT_FALSE(contains_bytes(stored.blob("endpoint_enc"), "old-plain-token"));
  if (tdb_.db().backend() == db::Backend::kSqlite) {
    // Once the WAL is checkpointed, the database file no longer holds it anywhere.
    const std::string path = tdb_.url().substr(std::string("sqlite:").size());
    sqlite3* raw = nullptr;
    ASSERT_EQ(sqlite3_open(path.c_str(), &raw), SQLITE_OK);
    EXPECT_EQ(sqlite3_exec(raw, "PRAGMA wal_checkpoint(TRUNCATE)", nullptr, nullptr, nullptr), SQLITE_OK);
    sqlite3_close(raw);
    std::ifstream file(path, std::ios::binary);
    std::ostringstream content;
    content << file.rdbuf();
    const std::string bytes = content.str();
    EXPECT_EQ(bytes.find("old-plain-token"), std::string::npos);
  }

  ASSERT_TRUE(publish(group(id)).ok());
  EXPECT_EQ(p_->notifier->deliver_due(kStart, 10), 1);
  const auto got = http_.requests();
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].query.at("key"), "old-plain-token");
  EXPECT_EQ(p_->channels->get(id).value().endpoint, url);
}

TEST_F(NotifyTest, DingtalkUrlCarriesTimestampAndSignature) {
  const std::string secret = "SECd41d8cd98f00b204e9800998ecf8427e";
  // A time whose signature holds '+' and '/', so that a missing URL encoding would show.
  TimestampMs now = kStart;
  for (;; ++now) {
    const auto sig = independent_hmac_base64(secret, std::to_string(now) + "\n" + secret);
    if (sig.find('+') != std::string::npos && sig.find('/') != std::string::npos) break;
  }
  clock_.set_ms(now);
  const auto id = channel(ChannelKind::kDingtalk, http_.url("/hook/dingtalk?access_token=tok123"), secret);
  ASSERT_TRUE(publish(group(id)).ok());
  EXPECT_EQ(p_->notifier->deliver_due(now, 10), 1);

  const auto got = http_.requests();
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].query.at("access_token"), "tok123");
  const std::string ts = got[0].query.at("timestamp");
  EXPECT_EQ(ts, std::to_string(now));
  EXPECT_EQ(got[0].query.at("sign"), independent_hmac_base64(secret, ts + "\n" + secret));
  EXPECT_EQ(json::parse(got[0].body), json::parse(R"({"msgtype":"markdown","markdown":{"title":"事件上报：厨房燃气泄漏",
                            "text":"#### 事件上报：厨房燃气泄漏\n\n朝阳门店发生II级事件，请及时处理。"}})"));
}

TEST_F(NotifyTest, FeishuBodyCarriesTimestampAndSignature) {
  const std::string secret = "feishu-secret-42";
  const auto id = channel(ChannelKind::kFeishu, http_.url("/hook/feishu"), secret);
  Publication p = group(id);
  p.group_lang = "en-US";
  ASSERT_TRUE(publish(p).ok());
  EXPECT_EQ(p_->notifier->deliver_due(kStart + 999, 10), 1);

  const auto got = http_.requests();
  ASSERT_EQ(got.size(), 1u);
  const auto body = json::parse(got[0].body);
  EXPECT_EQ(body["timestamp"], std::to_string((kStart + 999) / 1000));
  EXPECT_EQ(body["sign"], independent_hmac_base64(body["timestamp"].get<std::string>() + "\n" + secret, ""));
  EXPECT_EQ(body["msg_type"], "text");
  EXPECT_EQ(body["content"]["text"],
            "Incident reported: 厨房燃气泄漏\nA level II incident occurred at 朝阳门店; please respond.");
  EXPECT_EQ(body.size(), 4u);
}

TEST_F(NotifyTest, SmsGatewayGetsASignedBodyAndTheMobileFromTheLookup) {
  channel(ChannelKind::kSms, http_.url("/hook/sms"), "gateway-key");
  ASSERT_TRUE(publish({.event = "incident.reported",
                       .params = incident_params(),
                       .recipients = {{.user_id = kLi, .lang = "zh-CN", .channels = {Via::kSms}}}})
                  .ok());
  // No address is stored with the delivery.
  EXPECT_EQ(count("notify_deliveries", "channel = 'sms' AND user_id = 11"), 1);
  EXPECT_EQ(p_->notifier->deliver_due(kStart, 10), 1);

  const auto got = http_.requests();
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].headers.at("x-anxin-signature"), independent_hmac_hex("gateway-key", got[0].body));
  EXPECT_EQ(json::parse(got[0].body), (json{{"to", "13800000001"},
                                            {"text", "事件上报：厨房燃气泄漏\n朝阳门店发生II级事件，请及时处理。"},
                                            {"template", "incident.reported"}}));
}

TEST_F(NotifyTest, CustomersWithoutAccountsGetSmsAndMailAtTheAddressGiven) {
  channel(ChannelKind::kSms, http_.url("/hook/sms"), "gateway-key");
  channel(ChannelKind::kEmail, smtp_.url(), std::nullopt, "noreply@anxin.example");
  ASSERT_TRUE(publish({.event = "incident.reported",
                       .params = incident_params(),
                       .external = {{.mobile = "13912345678"}, {.email = "kehu@example.com", .lang = "en-US"}}})
                  .ok());
  EXPECT_EQ(count("notify_deliveries", "user_id IS NULL AND address_enc IS NOT NULL"), 2);
  // The addresses are stored encrypted with their deliveries.
  const auto stored = tdb_.db().read([](db::Conn& c) { return c.query("SELECT address_enc FROM notify_deliveries"); });
  for (const auto& r : stored) {
    EXPECT_FALSE(contains_bytes(r.blob("address_enc"), "13912345678"));
    EXPECT_FALSE(contains_bytes(r.blob("address_enc"), "kehu@example.com"));
  }
  EXPECT_EQ(p_->notifier->deliver_due(kStart, 10), 2);

  const auto got = http_.requests();
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].headers.at("x-anxin-signature"), independent_hmac_hex("gateway-key", got[0].body));
  EXPECT_EQ(json::parse(got[0].body), (json{{"to", "13912345678"},
                                            {"text", "事件上报：厨房燃气泄漏\n朝阳门店发生II级事件，请及时处理。"},
                                            {"template", "incident.reported"}}));
  const auto sessions = smtp_.sessions();
  ASSERT_EQ(sessions.size(), 1u);
  EXPECT_EQ(sessions[0].rcpt_to, std::vector<std::string>{"kehu@example.com"});
  EXPECT_EQ(testing::decode_header_words(testing::header_of(sessions[0].data, "Subject")),
            "Incident reported: 厨房燃气泄漏");
  EXPECT_EQ(count("notify_deliveries", "status = 'sent'"), 2);
  // A recipient with neither address is refused.
  EXPECT_FALSE(publish({.event = "incident.reported", .params = incident_params(), .external = {{}}}).ok());
}

TEST_F(NotifyTest, StoppingEndsAHangingSendAndKeepsTheDeliveryForLater) {
  // A robot that accepts the connection and never answers (the transport would wait 15 s).
  const int listener = ::socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_GE(listener, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::bind(listener, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  ASSERT_EQ(::listen(listener, 4), 0);
  socklen_t len = sizeof addr;
  ASSERT_EQ(::getsockname(listener, reinterpret_cast<sockaddr*>(&addr), &len), 0);
  std::atomic<int> held{-1};
  std::thread robot([&] { held = ::accept(listener, nullptr, nullptr); });
  const auto id =
      channel(ChannelKind::kWecom,
              "http://127.0.0.1:" + std::to_string(ntohs(addr.sin_port)) + "/cgi-bin/webhook/send?key=k", std::nullopt);
  ASSERT_TRUE(publish(group(id)).ok());

  std::atomic<std::int64_t> attempted{-1};
  const auto started = std::chrono::steady_clock::now();
  std::thread sender([&] { attempted = p_->notifier->deliver_due(kStart, 10); });
  for (int i = 0; i < 500 && held.load() < 0; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  ASSERT_GE(held.load(), 0) << "the robot was never called";
  std::this_thread::sleep_for(std::chrono::milliseconds(200));  // the send is waiting for an answer
  p_->notifier->stop();
  sender.join();
  const auto waited = std::chrono::steady_clock::now() - started;
  EXPECT_LT(waited, std::chrono::seconds(5));
  EXPECT_EQ(attempted.load(), 0);
  // Handed back untouched: sent after the restart, no attempt used up.
  EXPECT_EQ(count("notify_deliveries", "status = 'pending' AND attempts = 0 AND lease_owner IS NULL"), 1);
  EXPECT_EQ(p_->notifier->deliver_due(kStart, 10), 0);  // stopped: nothing more is claimed
  robot.join();
  ::close(held);
  ::close(listener);
}

TEST_F(NotifyTest, EmailGoesToEachRecipientInTheirLanguage) {
  channel(ChannelKind::kEmail, smtp_.url(), "smtp-password", "安心平台 <noreply@anxin.example>", "mailer");
  ASSERT_TRUE(publish({.event = "incident.reported",
                       .params = incident_params(),
                       .recipients = {{.user_id = kLi, .lang = "zh-CN", .channels = {Via::kEmail}},
                                      {.user_id = kAmy, .lang = "en-US", .channels = {Via::kEmail}}}})
                  .ok());
  EXPECT_EQ(p_->notifier->deliver_due(kStart, 10), 2);

  auto sessions = smtp_.sessions();
  ASSERT_EQ(sessions.size(), 2u);
  std::sort(sessions.begin(), sessions.end(), [](auto& a, auto& b) { return a.rcpt_to < b.rcpt_to; });
  const auto& amy = sessions[0];
  const auto& li = sessions[1];
  for (const auto& s : sessions) {
    EXPECT_EQ(s.auth_plain, std::string("\0mailer\0smtp-password", 21));
    EXPECT_EQ(s.mail_from, "noreply@anxin.example");
    EXPECT_EQ(testing::decode_header_words(testing::header_of(s.data, "From")), "安心平台 <noreply@anxin.example>");
    EXPECT_EQ(testing::header_of(s.data, "Content-Type"), "text/plain; charset=UTF-8");
    EXPECT_EQ(testing::header_of(s.data, "Date"), rfc5322_date(kStart));
    EXPECT_TRUE(testing::header_of(s.data, "Message-ID").ends_with("@anxin.example>"));
  }
  EXPECT_EQ(li.rcpt_to, std::vector<std::string>{"li@example.com"});
  EXPECT_EQ(testing::header_of(li.data, "To"), "<li@example.com>");
  EXPECT_EQ(testing::decode_header_words(testing::header_of(li.data, "Subject")), "事件上报：厨房燃气泄漏");
  EXPECT_EQ(testing::base64_body_of(li.data), "朝阳门店发生II级事件，请及时处理。");
  EXPECT_EQ(amy.rcpt_to, std::vector<std::string>{"amy@example.com"});
  EXPECT_EQ(testing::decode_header_words(testing::header_of(amy.data, "Subject")), "Incident reported: 厨房燃气泄漏");
  EXPECT_EQ(testing::base64_body_of(amy.data), "A level II incident occurred at 朝阳门店; please respond.");
  EXPECT_EQ(count("notify_deliveries", "status = 'sent'"), 2);
}

TEST_F(NotifyTest, RefusedSmtpTransactionIsRetried) {
  channel(ChannelKind::kEmail, smtp_.url(), std::nullopt, "noreply@anxin.example");
  smtp_.fail_next(1);
  ASSERT_TRUE(publish({.event = "incident.reported",
                       .params = incident_params(),
                       .recipients = {{.user_id = kLi, .channels = {Via::kEmail}}}})
                  .ok());
  EXPECT_EQ(p_->notifier->deliver_due(kStart, 10), 1);
  auto d = all_deliveries();
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].status, "pending");
  ASSERT_TRUE(d[0].last_error);
  EXPECT_NE(d[0].last_error->find("SMTP 451"), std::string::npos) << *d[0].last_error;
  EXPECT_EQ(d[0].last_error->find("li@example.com"), std::string::npos);
  EXPECT_EQ(p_->notifier->deliver_due(kStart + 30'000, 10), 1);
  EXPECT_EQ(all_deliveries()[0].status, "sent");
  ASSERT_EQ(smtp_.sessions().size(), 1u);
  EXPECT_TRUE(smtp_.sessions()[0].auth_plain.empty());
}

TEST_F(NotifyTest, TwoFailuresThenSuccessFollowTheBackoff) {
  const auto id = channel(ChannelKind::kWecom, http_.url("/hook/wecom"), std::nullopt);
  http_.fail_next(2, 500);
  ASSERT_TRUE(publish(group(id)).ok());

  EXPECT_EQ(p_->notifier->deliver_due(kStart, 10), 1);
  auto d = all_deliveries()[0];
  EXPECT_EQ(d.status, "pending");
  EXPECT_EQ(d.attempts, 1);
  EXPECT_EQ(d.last_error, "HTTP 500");
  EXPECT_EQ(d.next_attempt_at, kStart + 30'000);
  // Not due before the backoff has passed.
  EXPECT_EQ(p_->notifier->deliver_due(kStart + 29'999, 10), 0);
  EXPECT_EQ(p_->notifier->deliver_due(kStart + 30'000, 10), 1);
  d = all_deliveries()[0];
  EXPECT_EQ(d.attempts, 2);
  EXPECT_EQ(d.next_attempt_at, kStart + 30'000 + 120'000);
  EXPECT_EQ(p_->notifier->deliver_due(kStart + 149'999, 10), 0);
  EXPECT_EQ(p_->notifier->deliver_due(kStart + 150'000, 10), 1);
  d = all_deliveries()[0];
  EXPECT_EQ(d.status, "sent");
  EXPECT_EQ(d.attempts, 3);
  EXPECT_FALSE(d.last_error);
  EXPECT_EQ(http_.requests().size(), 3u);
}

TEST_F(NotifyTest, RobotErrorCodeCountsAsAFailure) {
  const auto id = channel(ChannelKind::kDingtalk, http_.url("/hook/dingtalk"), "SECx");
  http_.reply_with(R"({"errcode":310000,"errmsg":"sign not match"})");
  ASSERT_TRUE(publish(group(id)).ok());
  EXPECT_EQ(p_->notifier->deliver_due(kStart, 10), 1);
  const auto d = all_deliveries()[0];
  EXPECT_EQ(d.status, "pending");
  EXPECT_EQ(d.last_error, "errcode 310000");
}

TEST_F(NotifyTest, AlwaysFailingDeliveryDiesAfterSixAttemptsAndCanBeRequeued) {
  const auto id = channel(ChannelKind::kWecom, http_.url("/hook/wecom"), std::nullopt);
  http_.fail_next(1000, 503);
  ASSERT_TRUE(publish(group(id)).ok());
  TimestampMs now = kStart;
  const std::vector<std::int64_t> waits = {30'000, 120'000, 600'000, 1'800'000, 7'200'000};
  for (int attempt = 1; attempt <= 6; ++attempt) {
    EXPECT_EQ(p_->notifier->deliver_due(now, 10), 1) << attempt;
    const auto d = all_deliveries()[0];
    EXPECT_EQ(d.attempts, attempt);
    if (attempt < 6) {
      EXPECT_EQ(d.status, "pending");
      EXPECT_EQ(d.next_attempt_at, now + waits[static_cast<std::size_t>(attempt - 1)]);
      now = d.next_attempt_at;
    } else {
      EXPECT_EQ(d.status, "dead");
      EXPECT_EQ(d.last_error, "HTTP 503");
    }
  }
  EXPECT_EQ(http_.requests().size(), 6u);
  EXPECT_EQ(p_->notifier->deliver_due(now + 86'400'000, 10), 0);

  // The dead-letter view through the routes, and re-queueing.
  http::Router router;
  register_routes(router, *p_->notifier, *p_->channels);
  http::Dispatcher dispatcher(router, &tdb_.db(), clock_, {});
  dispatcher.add_middleware([this](http::Request& req, const http::Route& route) -> std::optional<Error> {
    req.principal.user_id = admin_.user_id;
    req.principal.username = admin_.username;
    req.principal.permissions = admin_.permissions;
    if (!route.permission.empty() && !req.principal.has(route.permission)) return Error::forbidden();
    return std::nullopt;
  });
  auto resp = dispatcher.dispatch({.method = "GET", .target = "/api/v1/notify/deliveries?status=dead"});
  ASSERT_EQ(resp.status, 200) << resp.body;
  auto body = json::parse(resp.body);
  ASSERT_EQ(body["total"], 1);
  const auto delivery_id = body["items"][0]["id"].get<std::int64_t>();
  EXPECT_EQ(body["items"][0]["channel"], "wecom");
  EXPECT_EQ(body["items"][0]["event"], "incident.reported");
  EXPECT_EQ(body["items"][0]["attempts"], 6);
  EXPECT_EQ(body["items"][0]["last_error"], "HTTP 503");
  EXPECT_EQ(dispatcher.dispatch({.method = "GET", .target = "/api/v1/notify/deliveries?status=bogus"}).status, 400);
  EXPECT_EQ(
      json::parse(
          dispatcher.dispatch({.method = "GET", .target = "/api/v1/notify/deliveries?channel=email"}).body)["total"],
      0);

  http_.fail_next(0);
  clock_.set_ms(now + 86'400'000);
  resp = dispatcher.dispatch(
      {.method = "POST", .target = "/api/v1/notify/deliveries/" + std::to_string(delivery_id) + "/retry"});
  ASSERT_EQ(resp.status, 200) << resp.body;
  EXPECT_EQ(json::parse(resp.body)["status"], "pending");
  EXPECT_EQ(json::parse(resp.body)["attempts"], 0);
  // Only dead deliveries can be re-queued.
  EXPECT_EQ(
      dispatcher
          .dispatch({.method = "POST", .target = "/api/v1/notify/deliveries/" + std::to_string(delivery_id) + "/retry"})
          .status,
      409);
  EXPECT_EQ(p_->notifier->deliver_due(now + 86'400'000, 10), 1);
  EXPECT_EQ(all_deliveries()[0].status, "sent");
  EXPECT_EQ(count("audit_log", "entity = 'notify_delivery' AND action = 'retry'"), 1);
}

TEST_F(NotifyTest, MissingAddressOrChannelIsDeadAtOnce) {
  ASSERT_TRUE(publish({.event = "incident.reported",
                       .params = incident_params(),
                       .recipients = {{.user_id = kLi, .channels = {Via::kEmail}}}})
                  .ok());
  EXPECT_EQ(p_->notifier->deliver_due(kStart, 10), 1);
  EXPECT_EQ(all_deliveries()[0].status, "dead");
  EXPECT_EQ(all_deliveries()[0].last_error, "no enabled e-mail channel");

  channel(ChannelKind::kEmail, smtp_.url(), std::nullopt, "noreply@anxin.example");
  ASSERT_TRUE(publish({.event = "incident.reported",
                       .params = incident_params(),
                       .recipients = {{.user_id = kNobody, .channels = {Via::kEmail}},
                                      {.user_id = 999, .channels = {Via::kEmail}}}})
                  .ok());
  EXPECT_EQ(p_->notifier->deliver_due(kStart, 10), 2);
  for (const auto& d : all_deliveries({.status = "dead"})) {
    if (d.user_id == kLi) continue;
    EXPECT_EQ(d.last_error, "recipient has no valid e-mail address");
  }
  EXPECT_EQ(count("notify_deliveries", "status = 'dead'"), 3);
  EXPECT_TRUE(smtp_.sessions().empty());
}

TEST_F(NotifyTest, TwoProcessesDeliverEachMessageExactlyOnce) {
  auto db2 = tdb_.open_again();
  Process other(*db2, clock_, dir_.string(), transport_, resolver());
  const auto id = channel(ChannelKind::kWecom, http_.url("/hook/wecom"), std::nullopt);
  constexpr int kMessages = 40;
  for (int i = 0; i < kMessages; ++i) {
    ASSERT_TRUE(publish(group(id, incident_params("msg-" + std::to_string(i)))).ok());
  }
  std::atomic<std::int64_t> attempted{0};
  auto worker = [&](Notifier& n) {
    for (;;) {
      const auto done = n.deliver_due(kStart, 3);
      if (done == 0) break;
      attempted += done;
    }
  };
  std::thread a([&] { worker(*p_->notifier); });
  std::thread b([&] { worker(*other.notifier); });
  a.join();
  b.join();
  db2->close();

  EXPECT_EQ(attempted.load(), kMessages);
  std::map<std::string, int> seen;
  for (const auto& r : http_.requests()) {
    const std::string content = json::parse(r.body)["markdown"]["content"];
    const auto start = content.find("msg-");
    seen[content.substr(start, content.find("**", start) - start)]++;
  }
  ASSERT_EQ(seen.size(), static_cast<std::size_t>(kMessages));
  for (const auto& [title, n] : seen) EXPECT_EQ(n, 1) << title;
  EXPECT_EQ(count("notify_deliveries", "status = 'sent' AND attempts = 1"), kMessages);
}

TEST_F(NotifyTest, PublishRollsBackWithTheCallersTransaction) {
  const auto id = channel(ChannelKind::kWecom, http_.url("/hook/wecom"), std::nullopt);
  Publication p = group(id);
  p.recipients = {{.user_id = kLi, .channels = {Via::kInApp, Via::kEmail}}};
  auto r = tdb_.db().write([&](db::Conn& c) -> Status {
    ANXIN_TRY(p_->notifier->publish(c, p));
    return Error::conflict("test.caller_failed");
  });
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message_key, "test.caller_failed");
  EXPECT_EQ(count("notify_messages"), 0);
  EXPECT_EQ(count("notify_deliveries"), 0);
  EXPECT_EQ(count("notify_inbox"), 0);
  EXPECT_EQ(p_->notifier->deliver_due(kStart, 10), 0);

  // The same publication committed with its caller is recorded whole.
  ASSERT_TRUE(publish(p).ok());
  EXPECT_EQ(count("notify_messages"), 1);
  EXPECT_EQ(count("notify_deliveries"), 3);
  EXPECT_EQ(count("notify_deliveries", "channel = 'inapp' AND status = 'sent'"), 1);
  EXPECT_EQ(count("notify_inbox"), 1);
}

TEST_F(NotifyTest, PublishChecksEventChannelsAndDedupeKey) {
  const auto robot = channel(ChannelKind::kWecom, http_.url("/hook/wecom"), std::nullopt);
  const auto mail = channel(ChannelKind::kEmail, smtp_.url(), std::nullopt, "noreply@anxin.example");
  Publication p = group(robot);
  p.event = "no.such.event";
  auto r = publish(p);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message_key, "notify.unknown_event");
  r = publish(group(mail));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message_key, "notify.channel_not_group");
  r = publish(group(424242));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message_key, "notify.channel_not_found");

  p = group(robot);
  p.dedupe_key = "incident:42:reported";
  ASSERT_TRUE(publish(p).ok());
  ASSERT_TRUE(publish(p).ok());
  EXPECT_EQ(count("notify_messages"), 1);
  EXPECT_EQ(count("notify_deliveries"), 1);

  // A disabled robot is skipped.
  ASSERT_TRUE(p_->channels->update(admin_, robot, {.version = 1, .enabled = false}).ok());
  ASSERT_TRUE(publish(group(robot)).ok());
  EXPECT_EQ(count("notify_messages"), 1);
}

TEST_F(NotifyTest, MissingPlaceholderIsLeftAsWritten) {
  const auto id = channel(ChannelKind::kWecom, http_.url("/hook/wecom"), std::nullopt);
  ASSERT_TRUE(publish(group(id, {{"title", "停电"}})).ok());
  EXPECT_EQ(p_->notifier->deliver_due(kStart, 10), 1);
  ASSERT_EQ(http_.requests().size(), 1u);
  EXPECT_EQ(json::parse(http_.requests()[0].body)["markdown"]["content"],
            "**事件上报：停电**\n{department}发生{level}级事件，请及时处理。");
}

}  // namespace
}  // namespace anxin::notify
