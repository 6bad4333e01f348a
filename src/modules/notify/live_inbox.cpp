#include "modules/notify/live_inbox.hpp"

#include <algorithm>

#include "core/thread_name.hpp"
#include "modules/notify/notifier.hpp"
#include "platform/log/log.hpp"

namespace anxin::notify {
namespace {

/// How far below the highest id seen a poll looks again (ids committed out of order on PostgreSQL).
constexpr std::int64_t kLookBack = 256;
constexpr std::int64_t kPollLimit = 500;

std::string unread_frame(std::int64_t n) { return http::sse_frame("unread", nlohmann::json{{"unread", n}}.dump()); }

}  // namespace

LiveInbox::LiveInbox(db::Database& db, const crypto::KeyRing& keys, Options options)
    : db_(db), keys_(keys), options_(options) {}

LiveInbox::~LiveInbox() { stop(); }

void LiveInbox::start() {
  // Items already there are not news: remember the look-back window as sent.
  last_id_ = db_.read([&](db::Conn& c) { return inbox_.max_id(c); });
  const auto existing = db_.read(
      [&](db::Conn& c) { return inbox_.since(c, std::max<std::int64_t>(0, last_id_ - kLookBack), kLookBack); });
  for (const auto& r : existing) recent_.insert(r.id);
  thread_ = std::thread([this] {
    name_this_thread("anxin-inbox");
    run();
  });
}

void LiveInbox::stop() {
  std::vector<Subscriber> closing;
  {
    std::lock_guard lock(mu_);
    if (stopping_) return;
    stopping_ = true;
    closing.swap(subscribers_);
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
  for (auto& s : closing) s.stream->close();
}

void LiveInbox::subscribe(std::int64_t user_id, std::shared_ptr<http::StreamWriter> stream,
                          std::function<bool()> alive) {
  const std::int64_t n = unread(user_id);
  // A comment first: some clients only fire "open" once the first bytes arrive.
  if (!stream->write(": connected\n\n" + unread_frame(n))) return;
  std::lock_guard lock(mu_);
  if (stopping_) {
    stream->close();
    return;
  }
  subscribers_.push_back({user_id, std::move(stream), std::move(alive)});
  cv_.notify_all();
}

std::size_t LiveInbox::subscribers() const {
  std::lock_guard lock(mu_);
  return subscribers_.size();
}

void LiveInbox::run() {
  auto next_heartbeat = std::chrono::steady_clock::now() + options_.heartbeat;
  std::unique_lock lock(mu_);
  while (!stopping_) {
    if (subscribers_.empty()) {
      cv_.wait(lock, [this] { return stopping_ || !subscribers_.empty(); });
      next_heartbeat = std::chrono::steady_clock::now() + options_.heartbeat;
      continue;
    }
    lock.unlock();
    try {
      poll_once();
      if (std::chrono::steady_clock::now() >= next_heartbeat) {
        heartbeat();
        next_heartbeat = std::chrono::steady_clock::now() + options_.heartbeat;
      }
    } catch (const std::exception& e) {
      // The database may be briefly unavailable; streams stay open and the next poll retries.
      log::warn("notify.live_poll_failed", {{"error", e.what()}});
    }
    lock.lock();
    cv_.wait_for(lock, options_.poll, [this] { return stopping_; });
  }
}

void LiveInbox::poll_once() {
  std::set<std::int64_t> users;
  {
    std::lock_guard lock(mu_);
    for (const auto& s : subscribers_) users.insert(s.user_id);
  }
  const std::int64_t from = std::max<std::int64_t>(0, last_id_ - kLookBack);
  const auto rows = db_.read([&](db::Conn& c) { return inbox_.since(c, from, kPollLimit); });
  std::set<std::int64_t> touched;
  for (const auto& r : rows) {
    const std::int64_t id = r.id;
    last_id_ = std::max(last_id_, id);
    if (!recent_.insert(id).second) continue;
    const std::int64_t user = r.user_id;
    if (!users.contains(user)) continue;
    auto item = open_inbox_item(keys_, r);
    if (!item.ok()) continue;  // logged by the key ring; the item stays readable in the inbox list
    send_to(user, http::sse_frame("notification", to_json(item.value()).dump()));
    touched.insert(user);
  }
  std::erase_if(recent_, [&](std::int64_t id) { return id <= last_id_ - kLookBack; });
  for (const std::int64_t user : touched) send_to(user, unread_frame(unread(user)));
}

void LiveInbox::heartbeat() {
  std::set<std::int64_t> users;
  {
    std::lock_guard lock(mu_);
    for (auto it = subscribers_.begin(); it != subscribers_.end();) {
      if (!it->stream->open()) {
        it = subscribers_.erase(it);
      } else {
        users.insert(it->user_id);
        ++it;
      }
    }
  }
  // Credentials are checked outside the lock (they read the database).
  std::vector<std::shared_ptr<http::StreamWriter>> dead;
  {
    std::vector<Subscriber> snapshot;
    {
      std::lock_guard lock(mu_);
      snapshot = subscribers_;
    }
    for (const auto& s : snapshot) {
      if (s.alive && !s.alive()) dead.push_back(s.stream);
    }
  }
  if (!dead.empty()) {
    std::lock_guard lock(mu_);
    std::erase_if(subscribers_,
                  [&](const Subscriber& s) { return std::find(dead.begin(), dead.end(), s.stream) != dead.end(); });
  }
  for (auto& d : dead) d->close();
  for (const std::int64_t user : users) send_to(user, unread_frame(unread(user)));
}

std::int64_t LiveInbox::unread(std::int64_t user_id) {
  return db_.read([&](db::Conn& c) { return inbox_.count(c, user_id, /*unread_only=*/true); });
}

void LiveInbox::send_to(std::int64_t user_id, const std::string& frame) {
  std::vector<std::shared_ptr<http::StreamWriter>> targets;
  {
    std::lock_guard lock(mu_);
    for (const auto& s : subscribers_) {
      if (s.user_id == user_id) targets.push_back(s.stream);
    }
  }
  std::vector<std::shared_ptr<http::StreamWriter>> gone;
  for (auto& t : targets) {
    if (!t->write(frame)) gone.push_back(t);
  }
  if (gone.empty()) return;
  std::lock_guard lock(mu_);
  std::erase_if(subscribers_,
                [&](const Subscriber& s) { return std::find(gone.begin(), gone.end(), s.stream) != gone.end(); });
}

}  // namespace anxin::notify
