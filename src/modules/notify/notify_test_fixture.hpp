#pragma once

// Shared by the notify test files: independent HMAC helpers, the incident template, the services of one
// process, and the NotifyTest fixture with real receivers on 127.0.0.1.
#include <arpa/inet.h>
#include <gtest/gtest.h>

#include <netinet/in.h>
#include <sodium.h>
#include <sqlite3.h>
#include <sys/socket.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <set>
#include <sstream>
#include <thread>

#include "modules/audit/audit_log.hpp"
#include "modules/notify/live_inbox.hpp"
#include "modules/notify/notifier.hpp"
#include "modules/notify/notify_routes.hpp"
#include "platform/crypto/crypto.hpp"
#include "platform/db/testing.hpp"
#include "platform/metrics/metrics.hpp"
#include "platform/notify/payloads.hpp"
#include "platform/notify/test_receivers.hpp"

namespace anxin::notify::test_support {

using nlohmann::json;
using testing::HttpReceiver;
using testing::SmtpSink;

inline constexpr TimestampMs kStart = 1'790'000'000'000;  // 2026-09-21
inline constexpr std::int64_t kLi = 11;                   // zh-CN, e-mail and mobile
inline constexpr std::int64_t kAmy = 12;                  // en-US, e-mail and mobile
inline constexpr std::int64_t kNobody = 13;               // no contact details

/// The test's own HMAC-SHA256 + base64, written against libsodium directly (not the code under test).
inline std::string independent_hmac_base64(const std::string& key, const std::string& message) {
  unsigned char mac[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256_state st;
  crypto_auth_hmacsha256_init(&st, reinterpret_cast<const unsigned char*>(key.data()), key.size());
  crypto_auth_hmacsha256_update(&st, reinterpret_cast<const unsigned char*>(message.data()), message.size());
  crypto_auth_hmacsha256_final(&st, mac);
  char out[sodium_base64_ENCODED_LEN(crypto_auth_hmacsha256_BYTES, sodium_base64_VARIANT_ORIGINAL)];
  sodium_bin2base64(out, sizeof out, mac, sizeof mac, sodium_base64_VARIANT_ORIGINAL);
  return out;
}

inline std::string independent_hmac_hex(const std::string& key, const std::string& message) {
  unsigned char mac[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256_state st;
  crypto_auth_hmacsha256_init(&st, reinterpret_cast<const unsigned char*>(key.data()), key.size());
  crypto_auth_hmacsha256_update(&st, reinterpret_cast<const unsigned char*>(message.data()), message.size());
  crypto_auth_hmacsha256_final(&st, mac);
  char out[crypto_auth_hmacsha256_BYTES * 2 + 1];
  sodium_bin2hex(out, sizeof out, mac, sizeof mac);
  return out;
}

inline bool contains_bytes(const db::Blob& haystack, const std::string& needle) {
  return std::search(haystack.begin(), haystack.end(), needle.begin(), needle.end()) != haystack.end();
}

inline Template incident_template() {
  return {.event = "incident.reported",
          .subject_zh = "事件上报：{title}",
          .body_zh = "{department}发生{level}级事件，请及时处理。",
          .subject_en = "Incident reported: {title}",
          .body_en = "A level {level} incident occurred at {department}; please respond."};
}

inline json incident_params(const std::string& title = "厨房燃气泄漏") {
  return {{"title", title}, {"department", "朝阳门店"}, {"level", "II"}};
}

/// The services of one process on one database handle.
struct Process {
  Process(db::Database& db, const Clock& clock, const std::string& dir, Transport& transport,
          ContactResolver contacts) {
    keys = crypto::KeyRing::open(db, {.data_dir = dir});
    for (const auto& c : encrypted_columns()) keys->register_column(c);
    audit = std::make_unique<audit::AuditLog>(db, clock, audit::SigningKey::load_or_create(dir));
    notifier = std::make_unique<Notifier>(db, clock, *keys, *audit, transport, std::move(contacts));
    notifier->register_template(incident_template());
    channels = std::make_unique<ChannelService>(db, clock, *keys, *audit);
  }
  std::unique_ptr<crypto::KeyRing> keys;
  std::unique_ptr<audit::AuditLog> audit;
  std::unique_ptr<Notifier> notifier;
  std::unique_ptr<ChannelService> channels;
};

class NotifyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    crypto::init();
    std::random_device rd;
    dir_ = std::filesystem::temp_directory_path() / ("anxin-notify-" + std::to_string(rd()));
    std::filesystem::create_directories(dir_);
    contacts_[kLi] = {.email = "li@example.com", .mobile = "13800000001"};
    contacts_[kAmy] = {.email = "amy@example.com", .mobile = "13800000002"};
    contacts_[kNobody] = Contact{};
    p_ = std::make_unique<Process>(tdb_.db(), clock_, dir_.string(), transport_, resolver());
    admin_.user_id = 1;
    admin_.username = "admin";
    admin_.permissions = {"notify:channel:manage", "notify:delivery:read"};
  }
  void TearDown() override {
    p_.reset();
    std::filesystem::remove_all(dir_);
  }

  ContactResolver resolver() {
    return [this](std::int64_t user_id) -> std::optional<Contact> {
      auto it = contacts_.find(user_id);
      if (it == contacts_.end()) return std::nullopt;
      return it->second;
    };
  }

  std::int64_t channel(ChannelKind kind, const std::string& endpoint, std::optional<std::string> secret,
                       std::optional<std::string> sender = std::nullopt,
                       std::optional<std::string> username = std::nullopt) {
    static int n = 0;
    auto c = p_->channels->create(admin_, {.kind = kind,
                                           .name = "channel-" + std::to_string(++n),
                                           .endpoint = endpoint,
                                           .secret = std::move(secret),
                                           .username = std::move(username),
                                           .sender = std::move(sender)});
    EXPECT_TRUE(c.ok()) << (c.ok() ? "" : c.error().message_key);
    return c.ok() ? c->id : 0;
  }

  Status publish(const Publication& p, Notifier* notifier = nullptr) {
    Notifier& n = notifier != nullptr ? *notifier : *p_->notifier;
    return tdb_.db().write([&](db::Conn& c) { return n.publish(c, p); });
  }

  Publication group(std::int64_t channel_id, json params = incident_params()) {
    return {.event = "incident.reported", .params = std::move(params), .group_channels = {channel_id}};
  }

  std::int64_t count(const std::string& table, const std::string& where = "1 = 1") {
    return tdb_.db().read(
        [&](db::Conn& c) { return c.query_one("SELECT COUNT(*) AS n FROM " + table + " WHERE " + where)->int64("n"); });
  }

  std::vector<Delivery> all_deliveries(const DeliveryFilter& f = {}) {
    auto page = p_->notifier->deliveries(f, {.page = 1, .page_size = 200});
    EXPECT_TRUE(page.ok());
    return page.ok() ? page->items : std::vector<Delivery>{};
  }

  db::testing::TestDatabase tdb_;
  ManualClock clock_{kStart};
  std::filesystem::path dir_;
  CurlTransport transport_;
  std::map<std::int64_t, Contact> contacts_;
  std::unique_ptr<Process> p_;
  Caller admin_;
  HttpReceiver http_;
  SmtpSink smtp_;
};

}  // namespace anxin::notify::test_support
