#include "platform/notify/payloads.hpp"

#include <sodium.h>

#include <ctime>

#include "platform/crypto/crypto.hpp"

namespace anxin::notify {
namespace {

// 39 bytes -> 52 base64 characters -> a 64-character word: with "Subject: " in front the line stays within 76.
constexpr std::size_t kEncodedWordInputBytes = 39;
constexpr std::size_t kRawSubjectMax = 70;
constexpr std::size_t kBodyLineChars = 76;

std::string dump(const nlohmann::json& j) { return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace); }

bool is_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.';
}

std::string text_of(std::string_view subject, std::string_view body) {
  std::string out(subject);
  if (!out.empty() && !body.empty()) out += '\n';
  out += body;
  return out;
}

std::string append_query(std::string_view url, std::string_view query) {
  std::string out(url);
  out += url.find('?') == std::string_view::npos ? '?' : '&';
  out += query;
  return out;
}

std::int64_t reply_code(const nlohmann::json& j, const char* key) {
  if (!j.contains(key)) return 0;
  const auto& v = j[key];
  if (v.is_number_integer()) return v.get<std::int64_t>();
  return 0;
}

/// RFC 2047 "B" encoded words of at most 75 characters, split between UTF-8 characters, folded with CRLF SP.
std::string encoded_words(std::string_view text) {
  std::string out;
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t end = std::min(text.size(), i + kEncodedWordInputBytes);
    // Never split a UTF-8 sequence: back up to the first byte of the character at `end`.
    while (end < text.size() && end > i + 1 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
    if (!out.empty()) out += "\r\n ";
    out += "=?UTF-8?B?" + base64(text.substr(i, end - i)) + "?=";
    i = end;
  }
  return out;
}

}  // namespace

std::string hmac_sha256(std::string_view key, std::string_view data) {
  crypto::init();
  crypto_auth_hmacsha256_state state;
  unsigned char mac[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256_init(&state, reinterpret_cast<const unsigned char*>(key.data()), key.size());
  crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(data.data()), data.size());
  crypto_auth_hmacsha256_final(&state, mac);
  sodium_memzero(&state, sizeof state);
  return {reinterpret_cast<const char*>(mac), sizeof mac};
}

std::string base64(std::string_view data) {
  crypto::init();
  std::string out(sodium_base64_encoded_len(data.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(data.data()), data.size(),
                    sodium_base64_VARIANT_ORIGINAL);
  out.resize(out.size() - 1);  // the terminating NUL
  return out;
}

std::string hex(std::string_view data) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(data.size() * 2);
  for (unsigned char c : data) {
    out += kHex[c >> 4];
    out += kHex[c & 15];
  }
  return out;
}

std::string url_encode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
        c == '_' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

std::string dingtalk_sign(std::int64_t timestamp_ms, std::string_view secret) {
  const std::string to_sign = std::to_string(timestamp_ms) + "\n" + std::string(secret);
  return base64(hmac_sha256(secret, to_sign));
}

std::string dingtalk_url(std::string_view endpoint, std::int64_t timestamp_ms, std::string_view secret) {
  if (secret.empty()) return std::string(endpoint);
  return append_query(endpoint, "timestamp=" + std::to_string(timestamp_ms) +
                                    "&sign=" + url_encode(dingtalk_sign(timestamp_ms, secret)));
}

std::string dingtalk_body(std::string_view subject, std::string_view body) {
  std::string text = "#### " + std::string(subject) + "\n\n" + std::string(body);
  return dump({{"msgtype", "markdown"}, {"markdown", {{"title", std::string(subject)}, {"text", text}}}});
}

std::string feishu_sign(std::int64_t timestamp_s, std::string_view secret) {
  const std::string key = std::to_string(timestamp_s) + "\n" + std::string(secret);
  return base64(hmac_sha256(key, ""));
}

std::string feishu_body(std::string_view subject, std::string_view body, std::int64_t timestamp_s,
                        std::string_view secret) {
  nlohmann::json j = {{"msg_type", "text"}, {"content", {{"text", text_of(subject, body)}}}};
  if (!secret.empty()) {
    j["timestamp"] = std::to_string(timestamp_s);
    j["sign"] = feishu_sign(timestamp_s, secret);
  }
  return dump(j);
}

std::string wecom_body(std::string_view subject, std::string_view body) {
  std::string content = "**" + std::string(subject) + "**\n" + std::string(body);
  return dump({{"msgtype", "markdown"}, {"markdown", {{"content", content}}}});
}

std::string sms_body(std::string_view to, std::string_view subject, std::string_view body, std::string_view event) {
  return dump({{"to", std::string(to)}, {"text", text_of(subject, body)}, {"template", std::string(event)}});
}

std::string sms_signature(std::string_view secret, std::string_view body) { return hex(hmac_sha256(secret, body)); }

Status check_robot_reply(std::string_view reply) {
  const auto j = nlohmann::json::parse(reply, nullptr, /*allow_exceptions=*/false);
  if (!j.is_object()) return ok_status();
  for (const char* key : {"errcode", "code", "StatusCode"}) {
    if (const auto code = reply_code(j, key); code != 0) {
      return Error{
          ErrorCode::kUnavailable,
          "notify.send_failed",
          {{"reason", std::string(key == std::string_view("StatusCode") ? "code" : key) + " " + std::to_string(code)}}};
    }
  }
  return ok_status();
}

bool valid_address(std::string_view address) {
  if (address.empty() || address.size() > 254) return false;
  const auto at = address.rfind('@');
  if (at == std::string_view::npos || at == 0 || at + 1 >= address.size()) return false;
  for (unsigned char c : address) {
    if (c <= 0x20 || c >= 0x7f) return false;
    if (c == '"' || c == '<' || c == '>' || c == ',' || c == ';' || c == '(' || c == ')' || c == '\\' || c == '[' ||
        c == ']')
      return false;
  }
  return address.find('@') == at;
}

std::optional<Mailbox> parse_mailbox(std::string_view text) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  Mailbox m;
  const auto open = text.find('<');
  if (open == std::string_view::npos) {
    m.address = std::string(text);
  } else {
    if (text.back() != '>') return std::nullopt;
    m.address = std::string(text.substr(open + 1, text.size() - open - 2));
    std::string_view name = text.substr(0, open);
    while (!name.empty() && name.back() == ' ') name.remove_suffix(1);
    if (name.size() >= 2 && name.front() == '"' && name.back() == '"') name = name.substr(1, name.size() - 2);
    for (unsigned char c : name) {
      if (c < 0x20 || c == 0x7f) return std::nullopt;
    }
    m.display_name = std::string(name);
  }
  if (!valid_address(m.address)) return std::nullopt;
  return m;
}

std::string encode_header_text(std::string_view text) {
  bool plain = text.size() <= kRawSubjectMax && text.find("=?") == std::string_view::npos;
  for (unsigned char c : text) {
    if (c < 0x20 || c >= 0x7f) plain = false;
  }
  return plain ? std::string(text) : encoded_words(text);
}

std::string rfc5322_date(TimestampMs t) {
  static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const auto secs = static_cast<std::time_t>(t / 1000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%s, %02d %s %04d %02d:%02d:%02d +0000", kDays[tm.tm_wday], tm.tm_mday,
                kMonths[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
  return buf;
}

std::string render_mail(const Mail& mail) {
  std::string from;
  if (!mail.from.display_name.empty()) {
    bool quotable = true;
    for (unsigned char c : mail.from.display_name) {
      if (c < 0x20 || c >= 0x7f || c == '"' || c == '\\') quotable = false;
    }
    from = quotable ? "\"" + mail.from.display_name + "\" " : encoded_words(mail.from.display_name) + " ";
  }
  from += "<" + mail.from.address + ">";
  std::string out;
  out += "Date: " + rfc5322_date(mail.date) + "\r\n";
  out += "From: " + from + "\r\n";
  out += "To: <" + mail.to + ">\r\n";
  out += "Subject: " + encode_header_text(mail.subject) + "\r\n";
  out += "Message-ID: <" + mail.message_id + ">\r\n";
  out += "MIME-Version: 1.0\r\n";
  out += "Content-Type: text/plain; charset=UTF-8\r\n";
  out += "Content-Transfer-Encoding: base64\r\n";
  out += "\r\n";
  const std::string encoded = base64(mail.body);
  for (std::size_t i = 0; i < encoded.size(); i += kBodyLineChars) {
    out += encoded.substr(i, kBodyLineChars);
    out += "\r\n";
  }
  return out;
}

std::string render_text(std::string_view text, const nlohmann::json& params, std::vector<std::string>* missing) {
  std::string out;
  out.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    if (text[i] == '{') {
      std::size_t j = i + 1;
      while (j < text.size() && is_name_char(text[j])) ++j;
      if (j < text.size() && text[j] == '}' && j > i + 1) {
        const std::string name(text.substr(i + 1, j - i - 1));
        if (params.is_object() && params.contains(name)) {
          const auto& v = params[name];
          if (v.is_string()) {
            out += v.get<std::string>();
          } else if (!v.is_null()) {
            out += dump(v);
          }
        } else {
          out += text.substr(i, j - i + 1);
          if (missing != nullptr) missing->push_back(name);
        }
        i = j + 1;
        continue;
      }
    }
    out += text[i];
    ++i;
  }
  return out;
}

}  // namespace anxin::notify
