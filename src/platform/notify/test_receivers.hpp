#pragma once

// Real receivers on 127.0.0.1 for the notify tests: an HTTP server (the project's own) that records every POST,
// and a minimal SMTP server that records envelopes and messages.

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/clock.hpp"
#include "platform/http/dispatcher.hpp"
#include "platform/http/server.hpp"

namespace anxin::notify::testing {

/// One request as the receiver saw it (query values percent-decoded, header names lower-case).
struct ReceivedRequest {
  std::string path;
  std::map<std::string, std::string> query;
  std::map<std::string, std::string> headers;
  std::string body;
};

/// Accepts POST /hook/{name} on a free port; answers {"errcode":0,"errmsg":"ok"} unless told otherwise.
class HttpReceiver {
 public:
  HttpReceiver();
  ~HttpReceiver();
  HttpReceiver(const HttpReceiver&) = delete;
  HttpReceiver& operator=(const HttpReceiver&) = delete;

  /// "http://127.0.0.1:<port>" + path_and_query.
  std::string url(const std::string& path_and_query) const;
  std::vector<ReceivedRequest> requests() const;
  /// The next `n` requests get `status` (and are still recorded).
  void fail_next(int n, int status = 500);
  /// Body of successful answers from now on.
  void reply_with(std::string body);

 private:
  SystemClock clock_;
  http::Router router_;
  std::unique_ptr<http::Dispatcher> dispatcher_;
  std::unique_ptr<http::Server> server_;
  std::string address_;
  mutable std::mutex mu_;
  std::vector<ReceivedRequest> requests_;
  int failures_left_ = 0;
  int failure_status_ = 500;
  std::string reply_ = R"({"errcode":0,"errmsg":"ok"})";
};

/// One SMTP transaction as received.
struct SmtpSession {
  /// Decoded AUTH PLAIN credentials "authzid\0user\0password", empty without AUTH.
  std::string auth_plain;
  std::string mail_from;
  std::vector<std::string> rcpt_to;
  /// The message after DATA, dot-stuffing removed, without the final ".".
  std::string data;
};

/// A single-threaded SMTP server on a free port: 220, EHLO (AUTH PLAIN offered), MAIL, RCPT, DATA, QUIT.
class SmtpSink {
 public:
  SmtpSink();
  ~SmtpSink();
  SmtpSink(const SmtpSink&) = delete;
  SmtpSink& operator=(const SmtpSink&) = delete;

  /// "smtp://127.0.0.1:<port>"
  std::string url() const;
  std::vector<SmtpSession> sessions() const;
  /// The next `n` transactions are refused with 451 at MAIL FROM.
  void fail_next(int n);

 private:
  void serve();
  void handle(int fd);

  int listen_fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stopping_{false};
  std::thread thread_;
  mutable std::mutex mu_;
  std::vector<SmtpSession> sessions_;
  int failures_left_ = 0;
};

/// Decodes RFC 2047 "B" encoded words (UTF-8) in a header value, dropping folding whitespace between them.
std::string decode_header_words(const std::string& value);
/// Value of header `name` (case-sensitive) in a message, unfolded.
std::string header_of(const std::string& message, const std::string& name);
/// The body of a message (after the blank line), base64-decoded.
std::string base64_body_of(const std::string& message);

}  // namespace anxin::notify::testing
