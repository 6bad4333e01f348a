#pragma once

// The exact bytes anxin sends: robot signatures and bodies, the SMS gateway's signed body, the
// MIME text of an e-mail, and template rendering. Pure functions, no I/O.

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"

namespace anxin::notify {

/// Raw HMAC-SHA-256 (32 bytes) of `data` under `key` (any key length).
std::string hmac_sha256(std::string_view key, std::string_view data);
/// Standard base64 with padding (RFC 4648 section 4).
std::string base64(std::string_view data);
/// Lower-case hex.
std::string hex(std::string_view data);
/// Percent-encodes every byte except the RFC 3986 unreserved characters (A-Z a-z 0-9 - . _ ~),
/// with upper-case hex digits.
std::string url_encode(std::string_view text);

/// DingTalk robot signature ("加签"): base64(HMAC-SHA256(key = secret, message = "<timestamp_ms>\n<secret>")),
/// before URL encoding.
std::string dingtalk_sign(std::int64_t timestamp_ms, std::string_view secret);
/// The DingTalk webhook URL to call: `endpoint` plus "&timestamp=<ms>&sign=<url-encoded signature>" ("?" when the
/// endpoint has no query). Without a secret the endpoint is returned unchanged.
std::string dingtalk_url(std::string_view endpoint, std::int64_t timestamp_ms, std::string_view secret);
/// {"msgtype":"markdown","markdown":{"title":subject,"text":"#### subject\n\nbody"}}
std::string dingtalk_body(std::string_view subject, std::string_view body);

/// Feishu robot signature: base64(HMAC-SHA256(key = "<timestamp_s>\n<secret>", message = empty)).
std::string feishu_sign(std::int64_t timestamp_s, std::string_view secret);
/// {"timestamp":"<s>","sign":"<sign>","msg_type":"text","content":{"text":"subject\nbody"}}; without a secret the
/// timestamp and sign members are left out.
std::string feishu_body(std::string_view subject, std::string_view body, std::int64_t timestamp_s,
                        std::string_view secret);

/// {"msgtype":"markdown","markdown":{"content":"**subject**\nbody"}}
std::string wecom_body(std::string_view subject, std::string_view body);

/// {"to":"<mobile>","text":"subject\nbody","template":"<event>"}
std::string sms_body(std::string_view to, std::string_view subject, std::string_view body, std::string_view event);
/// Value of the X-Anxin-Signature header: lower-case hex HMAC-SHA256 of the exact body under the gateway secret.
std::string sms_signature(std::string_view secret, std::string_view body);

/// Checks a robot's JSON answer to an HTTP 2xx: WeCom and DingTalk report failures as {"errcode":N}, Feishu as
/// {"code":N} (older versions {"StatusCode":N}); N != 0 is a failure "errcode N" / "code N". A body that is not
/// JSON is taken as success.
Status check_robot_reply(std::string_view reply);

/// An e-mail address with an optional display name.
struct Mailbox {
  std::string display_name;
  std::string address;
};

/// True for a plain addr-spec "local@domain" of printable ASCII without spaces, quotes, angle brackets, commas or
/// semicolons, at most 254 characters.
bool valid_address(std::string_view address);
/// Parses "name <local@domain>" or "local@domain"; nullopt when the address is not valid_address or the name holds
/// control characters.
std::optional<Mailbox> parse_mailbox(std::string_view text);

/// A header value as RFC 2047 encoded words ("=?UTF-8?B?...?="), each at most 75 characters, split only between
/// UTF-8 characters and folded with CRLF SP. Short printable ASCII without "=?" is returned as it is.
std::string encode_header_text(std::string_view text);
/// RFC 5322 date in UTC, e.g. "Sat, 21 Nov 2026 06:13:16 +0000".
std::string rfc5322_date(TimestampMs t);

/// One plain-text e-mail.
struct Mail {
  Mailbox from;
  std::string to;
  std::string subject;
  std::string body;
  TimestampMs date = 0;
  /// Without angle brackets, e.g. "3f2a…@anxin.example".
  std::string message_id;
};

/// The message as sent after DATA: Date, From, To, Subject (RFC 2047), Message-ID, MIME-Version, Content-Type
/// text/plain; charset=UTF-8, Content-Transfer-Encoding base64 (lines of 76), CRLF line ends.
std::string render_mail(const Mail& mail);

/// Fills {name} placeholders (name: letters, digits, '_', '.') from `params`: strings as they are, null as empty,
/// other values as JSON text. Names not in `params` stay as written and are appended to `missing`.
std::string render_text(std::string_view text, const nlohmann::json& params, std::vector<std::string>* missing);

}  // namespace anxin::notify
