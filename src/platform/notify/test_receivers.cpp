#include "platform/notify/test_receivers.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sodium.h>
#include <sys/socket.h>
#include <unistd.h>

#include <stdexcept>

namespace anxin::notify::testing {
namespace {

std::string b64decode(const std::string& in) {
  std::string out(in.size(), '\0');
  std::size_t len = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), in.data(), in.size(), " \r\n", &len,
                        nullptr, sodium_base64_VARIANT_ORIGINAL) != 0) {
    throw std::runtime_error("bad base64 in test input");
  }
  out.resize(len);
  return out;
}

bool send_all(int fd, const std::string& s) {
  std::size_t off = 0;
  while (off < s.size()) {
    const ssize_t n = ::send(fd, s.data() + off, s.size() - off, MSG_NOSIGNAL);
    if (n <= 0) return false;
    off += static_cast<std::size_t>(n);
  }
  return true;
}

/// Reads from `fd` into `buffer` until it contains `terminator`; returns the text before it (consumed).
bool read_until(int fd, std::string& buffer, const std::string& terminator, std::string& out) {
  for (;;) {
    const auto pos = buffer.find(terminator);
    if (pos != std::string::npos) {
      out = buffer.substr(0, pos);
      buffer.erase(0, pos + terminator.size());
      return true;
    }
    char chunk[4096];
    const ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
    if (n <= 0) return false;
    buffer.append(chunk, static_cast<std::size_t>(n));
  }
}

std::string upper(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

std::string between_angles(const std::string& s) {
  const auto a = s.find('<');
  const auto b = s.rfind('>');
  if (a == std::string::npos || b == std::string::npos || b < a) return s;
  return s.substr(a + 1, b - a - 1);
}

}  // namespace

// ---- HttpReceiver -----------------------------------------------------------------------------

HttpReceiver::HttpReceiver() {
  router_.add({.method = http::Method::kPost,
               .path = "/hook/{name}",
               .is_public = true,
               .summary = "record",
               .tag = "test",
               .handler = [this](http::Request& req) -> Result<http::Response> {
                 std::lock_guard lock(mu_);
                 requests_.push_back({req.path, req.query, req.headers, req.body});
                 if (failures_left_ > 0) {
                   --failures_left_;
                   return http::Response::json({{"error", "injected"}}, failure_status_);
                 }
                 return http::Response::text(reply_, "application/json", 200);
               }});
  dispatcher_ = std::make_unique<http::Dispatcher>(router_, nullptr, clock_, http::DispatchOptions{});
  server_ = std::make_unique<http::Server>(
      *dispatcher_, http::ServerOptions{.host = "127.0.0.1", .port = 0, .io_threads = 1, .worker_threads = 4});
  address_ = server_->start();
}

HttpReceiver::~HttpReceiver() { server_->stop(); }

std::string HttpReceiver::url(const std::string& path_and_query) const { return "http://" + address_ + path_and_query; }

std::vector<ReceivedRequest> HttpReceiver::requests() const {
  std::lock_guard lock(mu_);
  return requests_;
}

void HttpReceiver::fail_next(int n, int status) {
  std::lock_guard lock(mu_);
  failures_left_ = n;
  failure_status_ = status;
}

void HttpReceiver::reply_with(std::string body) {
  std::lock_guard lock(mu_);
  reply_ = std::move(body);
}

// ---- SmtpSink ---------------------------------------------------------------------------------

SmtpSink::SmtpSink() {
  listen_fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
  if (listen_fd_ < 0) throw std::runtime_error("socket");
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::listen(listen_fd_, 8) != 0) {
    throw std::runtime_error("bind/listen");
  }
  socklen_t len = sizeof addr;
  ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len);
  port_ = ntohs(addr.sin_port);
  thread_ = std::thread([this] { serve(); });
}

SmtpSink::~SmtpSink() {
  stopping_ = true;
  ::shutdown(listen_fd_, SHUT_RDWR);
  if (thread_.joinable()) thread_.join();
  ::close(listen_fd_);
}

std::string SmtpSink::url() const { return "smtp://127.0.0.1:" + std::to_string(port_); }

std::vector<SmtpSession> SmtpSink::sessions() const {
  std::lock_guard lock(mu_);
  return sessions_;
}

void SmtpSink::fail_next(int n) {
  std::lock_guard lock(mu_);
  failures_left_ = n;
}

void SmtpSink::serve() {
  while (!stopping_) {
    const int fd = ::accept(listen_fd_, nullptr, nullptr);
    if (fd < 0) {
      if (stopping_) return;
      continue;
    }
    timeval tv{.tv_sec = 10, .tv_usec = 0};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    handle(fd);
    ::close(fd);
  }
}

void SmtpSink::handle(int fd) {
  std::string buffer;
  std::string line;
  SmtpSession session;
  if (!send_all(fd, "220 sink.test ESMTP ready\r\n")) return;
  while (read_until(fd, buffer, "\r\n", line)) {
    const std::string verb = upper(line.substr(0, line.find(' ')));
    if (verb == "EHLO") {
      send_all(fd, "250-sink.test\r\n250-AUTH PLAIN\r\n250 8BITMIME\r\n");
    } else if (verb == "HELO" || verb == "RSET" || verb == "NOOP") {
      send_all(fd, "250 ok\r\n");
    } else if (verb == "AUTH") {
      std::string arg = line.size() > 11 ? line.substr(11) : std::string();  // after "AUTH PLAIN "
      if (arg.empty()) {
        send_all(fd, "334 \r\n");
        if (!read_until(fd, buffer, "\r\n", arg)) return;
      }
      session.auth_plain = b64decode(arg);
      send_all(fd, "235 2.7.0 authenticated\r\n");
    } else if (verb == "MAIL") {
      bool refuse = false;
      {
        std::lock_guard lock(mu_);
        if (failures_left_ > 0) {
          --failures_left_;
          refuse = true;
        }
      }
      if (refuse) {
        send_all(fd, "451 4.3.0 try again later\r\n");
        continue;
      }
      session.mail_from = between_angles(line);
      send_all(fd, "250 ok\r\n");
    } else if (verb == "RCPT") {
      session.rcpt_to.push_back(between_angles(line));
      send_all(fd, "250 ok\r\n");
    } else if (verb == "DATA") {
      send_all(fd, "354 end with <CRLF>.<CRLF>\r\n");
      // The terminator's leading CRLF ends the last line of the message.
      buffer.insert(0, "\r\n");
      std::string data;
      if (!read_until(fd, buffer, "\r\n.\r\n", data)) return;
      data.erase(0, 2);
      std::string unstuffed;
      std::size_t pos = 0;
      while (pos < data.size()) {
        auto eol = data.find("\r\n", pos);
        if (eol == std::string::npos) eol = data.size();
        std::string l = data.substr(pos, eol - pos);
        if (l.starts_with(".")) l.erase(0, 1);
        unstuffed += l;
        unstuffed += "\r\n";
        pos = eol + 2;
      }
      session.data = unstuffed;
      {
        std::lock_guard lock(mu_);
        sessions_.push_back(session);
      }
      session = SmtpSession{.auth_plain = session.auth_plain};
      send_all(fd, "250 2.0.0 queued\r\n");
    } else if (verb == "QUIT") {
      send_all(fd, "221 bye\r\n");
      return;
    } else {
      send_all(fd, "500 5.5.1 unrecognized command\r\n");
    }
  }
}

// ---- Message helpers --------------------------------------------------------------------------

std::string decode_header_words(const std::string& value) {
  std::string out;
  std::size_t i = 0;
  while (i < value.size()) {
    if (value.compare(i, 10, "=?UTF-8?B?") == 0) {
      const auto end = value.find("?=", i + 10);
      if (end == std::string::npos) break;
      out += b64decode(value.substr(i + 10, end - i - 10));
      i = end + 2;
      // Whitespace between two encoded words is not part of the text.
      std::size_t j = i;
      while (j < value.size() && (value[j] == ' ' || value[j] == '\t' || value[j] == '\r' || value[j] == '\n')) ++j;
      if (value.compare(j, 10, "=?UTF-8?B?") == 0) i = j;
    } else {
      out += value[i++];
    }
  }
  return out;
}

std::string header_of(const std::string& message, const std::string& name) {
  const auto head_end = message.find("\r\n\r\n");
  const std::string head = message.substr(0, head_end);
  const std::string key = name + ": ";
  std::size_t pos = head.starts_with(key) ? 0 : head.find("\r\n" + key);
  if (pos == std::string::npos) return {};
  if (pos != 0) pos += 2;
  pos += key.size();
  std::string value;
  for (;;) {
    auto eol = head.find("\r\n", pos);
    if (eol == std::string::npos) eol = head.size();
    value += head.substr(pos, eol - pos);
    if (eol + 2 < head.size() && (head[eol + 2] == ' ' || head[eol + 2] == '\t')) {
      value += "\r\n";
      pos = eol + 2;
    } else {
      break;
    }
  }
  return value;
}

std::string base64_body_of(const std::string& message) {
  const auto head_end = message.find("\r\n\r\n");
  if (head_end == std::string::npos) return {};
  return b64decode(message.substr(head_end + 4));
}

}  // namespace anxin::notify::testing
