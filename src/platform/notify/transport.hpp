#pragma once

#include <atomic>
#include <chrono>
#include <string>
#include <utility>
#include <vector>

#include "core/result.hpp"

namespace anxin::notify {

/// Extra request headers, e.g. {"X-Anxin-Signature", "…"}.
using Headers = std::vector<std::pair<std::string, std::string>>;

/// One e-mail handed to an SMTP server.
struct SmtpRequest {
  /// "smtp://host:port" (STARTTLS when offered; required when credentials are set and the host is not loopback) or
  /// "smtps://host:port" (implicit TLS).
  std::string url;
  /// Empty: no authentication.
  std::string username;
  std::string password;
  /// Envelope sender, a bare address.
  std::string mail_from;
  /// Envelope recipients, bare addresses.
  std::vector<std::string> rcpt_to;
  /// The message after DATA (headers, blank line, body), CRLF line ends; see render_mail.
  std::string message;
};

/// How notifications leave the process. Failures are `unavailable` errors with key "notify.send_failed" and a
/// `reason` detail free of personal data ("HTTP 500", a libcurl error text), stored as the delivery's last error.
class Transport {
 public:
  virtual ~Transport() = default;
  /// POSTs a JSON `body` to `url` (Content-Type application/json; charset=utf-8). Returns the response body of a 2xx
  /// answer; any other status is a failure "HTTP <status>".
  virtual Result<std::string> http_post(const std::string& url, const Headers& headers, const std::string& body) = 0;
  /// Sends one message over SMTP.
  virtual Status smtp_send(const SmtpRequest& request) = 0;
  /// Ends transfers in progress at once and refuses new ones (shutdown). Default: nothing to end.
  virtual void abort_all() {}
};

/// Time limits of CurlTransport.
struct CurlOptions {
  std::chrono::milliseconds connect_timeout{5000};
  std::chrono::milliseconds total_timeout{15000};
  /// Largest response body kept; the rest is discarded.
  std::size_t max_response_bytes = std::size_t{64} * 1024;
};

/// The production transport: libcurl, one easy handle per call, no redirects, HTTP(S) and SMTP(S) only, TLS peers
/// verified against the system trust store. Thread-safe.
class CurlTransport final : public Transport {
 public:
  explicit CurlTransport(CurlOptions options = {});
  Result<std::string> http_post(const std::string& url, const Headers& headers, const std::string& body) override;
  Status smtp_send(const SmtpRequest& request) override;
  void abort_all() override;

 private:
  CurlOptions options_;
  std::atomic<bool> aborted_{false};
};

/// The error a transport returns for a failed send.
Error send_failure(std::string reason);
/// The `reason` detail of a transport error (or its message key), for the delivery's last error.
std::string failure_reason(const Error& error);

}  // namespace anxin::notify
