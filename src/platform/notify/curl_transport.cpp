#include <curl/curl.h>

#include <cstring>
#include <memory>
#include <mutex>

#include "platform/notify/transport.hpp"

namespace anxin::notify {
namespace {

struct EasyDeleter {
  void operator()(CURL* h) const { curl_easy_cleanup(h); }
};
struct ListDeleter {
  void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};
struct UrlDeleter {
  void operator()(CURLU* u) const { curl_url_cleanup(u); }
};
using Easy = std::unique_ptr<CURL, EasyDeleter>;
using List = std::unique_ptr<curl_slist, ListDeleter>;

struct Sink {
  std::string data;
  std::size_t max = 0;
};

std::size_t write_body(char* ptr, std::size_t size, std::size_t n, void* user) {
  auto* sink = static_cast<Sink*>(user);
  const std::size_t bytes = size * n;
  if (sink->data.size() < sink->max) sink->data.append(ptr, std::min(bytes, sink->max - sink->data.size()));
  return bytes;
}

struct Source {
  std::string_view data;
  std::size_t pos = 0;
};

std::size_t read_body(char* buffer, std::size_t size, std::size_t n, void* user) {
  auto* src = static_cast<Source*>(user);
  const std::size_t len = std::min(size * n, src->data.size() - src->pos);
  std::memcpy(buffer, src->data.data() + src->pos, len);
  src->pos += len;
  return len;
}

void global_init() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

List append(List list, const std::string& line) {
  curl_slist* next = curl_slist_append(list.get(), line.c_str());
  if (next == nullptr) throw std::bad_alloc();
  (void)list.release();
  return List(next);
}

/// libcurl's progress callback: a non-zero answer ends the transfer (CURLE_ABORTED_BY_CALLBACK).
int check_aborted(void* aborted, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  return static_cast<const std::atomic<bool>*>(aborted)->load() ? 1 : 0;
}

Easy new_handle(const CurlOptions& o, const char* protocols, const std::atomic<bool>& aborted) {
  Easy h(curl_easy_init());
  if (!h) throw std::bad_alloc();
  curl_easy_setopt(h.get(), CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt(h.get(), CURLOPT_XFERINFOFUNCTION, check_aborted);
  curl_easy_setopt(h.get(), CURLOPT_XFERINFODATA, const_cast<std::atomic<bool>*>(&aborted));
  curl_easy_setopt(h.get(), CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h.get(), CURLOPT_PROTOCOLS_STR, protocols);
  curl_easy_setopt(h.get(), CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(h.get(), CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(o.connect_timeout.count()));
  curl_easy_setopt(h.get(), CURLOPT_TIMEOUT_MS, static_cast<long>(o.total_timeout.count()));
  curl_easy_setopt(h.get(), CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt(h.get(), CURLOPT_SSL_VERIFYHOST, 2L);
  return h;
}

/// libcurl's text for `code`, with the server's last status when it sent one (never response text, which may
/// quote addresses).
std::string describe(CURL* h, CURLcode code, const char* protocol) {
  long status = 0;
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
  std::string reason = curl_easy_strerror(code);
  if (status > 0) reason += std::string(" (") + protocol + " " + std::to_string(status) + ")";
  return reason;
}

bool is_loopback_url(const std::string& url) {
  std::unique_ptr<CURLU, UrlDeleter> u(curl_url());
  if (!u || curl_url_set(u.get(), CURLUPART_URL, url.c_str(), 0) != CURLUE_OK) return false;
  char* host = nullptr;
  if (curl_url_get(u.get(), CURLUPART_HOST, &host, 0) != CURLUE_OK || host == nullptr) return false;
  const std::string h(host);
  curl_free(host);
  return h == "localhost" || h == "[::1]" || h.starts_with("127.");
}

}  // namespace

Error send_failure(std::string reason) {
  return Error{ErrorCode::kUnavailable, "notify.send_failed", {{"reason", std::move(reason)}}};
}

std::string failure_reason(const Error& error) {
  if (error.details.is_object() && error.details.contains("reason") && error.details["reason"].is_string()) {
    return error.details["reason"].get<std::string>();
  }
  return error.message_key;
}

CurlTransport::CurlTransport(CurlOptions options) : options_(options) { global_init(); }

void CurlTransport::abort_all() { aborted_ = true; }

Result<std::string> CurlTransport::http_post(const std::string& url, const Headers& headers, const std::string& body) {
  Easy h = new_handle(options_, "http,https", aborted_);
  List list;
  list = append(std::move(list), "Content-Type: application/json; charset=utf-8");
  list = append(std::move(list), "Expect:");
  for (const auto& [name, value] : headers)
    list = append(std::move(list), std::string(name).append(": ").append(value));
  Sink sink{.max = options_.max_response_bytes};
  curl_easy_setopt(h.get(), CURLOPT_URL, url.c_str());
  curl_easy_setopt(h.get(), CURLOPT_HTTPHEADER, list.get());
  curl_easy_setopt(h.get(), CURLOPT_POST, 1L);
  curl_easy_setopt(h.get(), CURLOPT_POSTFIELDS, body.data());
  curl_easy_setopt(h.get(), CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
  curl_easy_setopt(h.get(), CURLOPT_USERAGENT, "anxin-notify");
  curl_easy_setopt(h.get(), CURLOPT_WRITEFUNCTION, write_body);
  curl_easy_setopt(h.get(), CURLOPT_WRITEDATA, &sink);
  const CURLcode code = curl_easy_perform(h.get());
  if (code != CURLE_OK) return send_failure(describe(h.get(), code, "HTTP"));
  long status = 0;
  curl_easy_getinfo(h.get(), CURLINFO_RESPONSE_CODE, &status);
  if (status < 200 || status > 299) return send_failure("HTTP " + std::to_string(status));
  return std::move(sink.data);
}

Status CurlTransport::smtp_send(const SmtpRequest& request) {
  Easy h = new_handle(options_, "smtp,smtps", aborted_);
  List rcpt;
  for (const auto& r : request.rcpt_to) rcpt = append(std::move(rcpt), "<" + r + ">");
  const std::string from = "<" + request.mail_from + ">";
  Source src{.data = request.message};
  curl_easy_setopt(h.get(), CURLOPT_URL, request.url.c_str());
  curl_easy_setopt(h.get(), CURLOPT_MAIL_FROM, from.c_str());
  curl_easy_setopt(h.get(), CURLOPT_MAIL_RCPT, rcpt.get());
  curl_easy_setopt(h.get(), CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(h.get(), CURLOPT_READFUNCTION, read_body);
  curl_easy_setopt(h.get(), CURLOPT_READDATA, &src);
  if (!request.username.empty()) {
    curl_easy_setopt(h.get(), CURLOPT_USERNAME, request.username.c_str());
    curl_easy_setopt(h.get(), CURLOPT_PASSWORD, request.password.c_str());
  }
  if (request.url.starts_with("smtp://")) {
    // Credentials never cross the network in clear text; a local relay may go without TLS.
    const bool need_tls = !request.username.empty() && !is_loopback_url(request.url);
    curl_easy_setopt(h.get(), CURLOPT_USE_SSL,
                     need_tls ? static_cast<long>(CURLUSESSL_ALL) : static_cast<long>(CURLUSESSL_TRY));
  }
  const CURLcode code = curl_easy_perform(h.get());
  if (code != CURLE_OK) return send_failure(describe(h.get(), code, "SMTP"));
  return ok_status();
}

}  // namespace anxin::notify
