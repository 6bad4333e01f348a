#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include "modules/notify/inbox_repository.hpp"
#include "platform/crypto/key_ring.hpp"
#include "platform/db/database.hpp"
#include "platform/http/api.hpp"

namespace anxin::notify {

/// Pushes new in-app inbox items to the browsers of their recipients over Server-Sent Events.
///
/// The hub watches the inbox table itself rather than hooking into publish(): an item counts once its
/// transaction has committed, and items published by another anxin process on the same PostgreSQL
/// database reach this process's subscribers too. A poll costs one indexed query and runs only while
/// someone is subscribed. Each stream gets `event: unread` ({"unread": N}) when it opens, after new
/// items and every heartbeat, and `event: notification` (the inbox item JSON) for each new item. A
/// stream whose credential has ended (sign-out, expiry, disabled account) is closed at the next
/// heartbeat.
class LiveInbox {
 public:
  struct Options {
    std::chrono::milliseconds poll{500};
    std::chrono::milliseconds heartbeat{15000};
  };

  LiveInbox(db::Database& db, const crypto::KeyRing& keys, Options options);
  ~LiveInbox();
  LiveInbox(const LiveInbox&) = delete;
  LiveInbox& operator=(const LiveInbox&) = delete;

  /// Starts the watcher thread.
  void start();
  /// Closes every stream and stops the thread. Idempotent; call before the HTTP server stops.
  void stop();

  /// Adds an open stream of `user_id`; `alive` tells whether its credential still holds.
  void subscribe(std::int64_t user_id, std::shared_ptr<http::StreamWriter> stream, std::function<bool()> alive);
  /// Open streams now.
  std::size_t subscribers() const;

 private:
  struct Subscriber {
    std::int64_t user_id = 0;
    std::shared_ptr<http::StreamWriter> stream;
    std::function<bool()> alive;
  };

  void run();
  void poll_once();
  void heartbeat();
  std::int64_t unread(std::int64_t user_id);
  /// Writes `frame` to every open stream of `user_id`; drops closed ones.
  void send_to(std::int64_t user_id, const std::string& frame);

  db::Database& db_;
  const crypto::KeyRing& keys_;
  Options options_;
  InboxRepository inbox_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
  std::vector<Subscriber> subscribers_;
  std::thread thread_;
  /// Highest inbox id handed out; ids just below it are re-read for a while because on PostgreSQL a
  /// smaller id can commit after a larger one. `recent_` remembers what was sent from that window.
  std::int64_t last_id_ = 0;
  std::set<std::int64_t> recent_;
};

}  // namespace anxin::notify
