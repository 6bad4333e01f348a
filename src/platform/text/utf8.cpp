#include "platform/text/utf8.hpp"

namespace anxin::text {

namespace {

/// Calls `each` with every character of well-formed UTF-8; false at the first malformed sequence.
template <class F>
bool for_each_char(std::string_view s, F&& each) {
  std::size_t i = 0;
  while (i < s.size()) {
    const auto b0 = static_cast<unsigned char>(s[i]);
    std::size_t len = 0;
    char32_t cp = 0;
    if (b0 < 0x80) {
      len = 1;
      cp = b0;
    } else if (b0 >= 0xC2 && b0 <= 0xDF) {
      len = 2;
      cp = b0 & 0x1Fu;
    } else if (b0 >= 0xE0 && b0 <= 0xEF) {
      len = 3;
      cp = b0 & 0x0Fu;
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
      len = 4;
      cp = b0 & 0x07u;
    } else {
      return false;
    }
    if (i + len > s.size()) return false;
    for (std::size_t k = 1; k < len; ++k) {
      const auto b = static_cast<unsigned char>(s[i + k]);
      if ((b & 0xC0u) != 0x80u) return false;
      cp = (cp << 6) | (b & 0x3Fu);
    }
    if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF))) return false;
    if (cp >= 0xD800 && cp <= 0xDFFF) return false;
    each(s.substr(i, len));
    i += len;
  }
  return true;
}

}  // namespace

std::optional<std::vector<std::string_view>> utf8_chars(std::string_view s) {
  std::vector<std::string_view> out;
  if (!for_each_char(s, [&](std::string_view ch) { out.push_back(ch); })) return std::nullopt;
  return out;
}

bool valid_utf8(std::string_view s) {
  return for_each_char(s, [](std::string_view) {});
}

std::string_view trim_ascii(std::string_view s) {
  constexpr std::string_view kSpace = " \t\r\n\f\v";
  const auto first = s.find_first_not_of(kSpace);
  if (first == std::string_view::npos) return {};
  const auto last = s.find_last_not_of(kSpace);
  return s.substr(first, last - first + 1);
}

std::string stars(std::size_t n) { return std::string(n, '*'); }

}  // namespace anxin::text
