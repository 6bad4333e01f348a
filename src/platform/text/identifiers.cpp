#include "platform/text/identifiers.hpp"

#include <array>

#include "platform/text/utf8.hpp"

namespace anxin::text {
namespace {

constexpr std::array<int, 17> kResidentIdWeights = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
constexpr std::string_view kResidentIdCheckChars = "10X98765432";
// Birth dates are compared with the calendar date in China Standard Time.
constexpr std::int64_t kChinaOffsetMs = 8LL * 3600 * 1000;
constexpr std::int64_t kDayMs = 86400LL * 1000;

bool is_digit(char c) { return c >= '0' && c <= '9'; }

bool all_digits(std::string_view s) {
  for (char c : s) {
    if (!is_digit(c)) return false;
  }
  return !s.empty();
}

int to_int(std::string_view digits) {
  int v = 0;
  for (char c : digits) v = v * 10 + (c - '0');
  return v;
}

bool leap_year(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int days_in_month(int y, int m) {
  constexpr std::array<int, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && leap_year(y) ? 29 : kDays[static_cast<std::size_t>(m - 1)];
}

/// Calendar date (as YYYYMMDD) of a day count since 1970-01-01 (H. Hinnant's civil_from_days).
int civil_yyyymmdd(std::int64_t days) {
  days += 719468;
  const std::int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const std::int64_t doe = days - era * 146097;
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const std::int64_t mp = (5 * doy + 2) / 153;
  const std::int64_t d = doy - (153 * mp + 2) / 5 + 1;
  const std::int64_t m = mp < 10 ? mp + 3 : mp - 9;
  const std::int64_t y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return static_cast<int>(y * 10000 + m * 100 + d);
}

std::int64_t floor_div(std::int64_t a, std::int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

std::string strip_separators(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    if (c != ' ' && c != '-' && c != '\t') out += c;
  }
  return out;
}

}  // namespace

std::string normalize_resident_id(std::string_view id) {
  std::string out(trim_ascii(id));
  if (!out.empty() && out.back() == 'x') out.back() = 'X';
  return out;
}

std::optional<char> resident_id_check_char(std::string_view first17) {
  if (first17.size() != 17 || !all_digits(first17)) return std::nullopt;
  int sum = 0;
  for (std::size_t i = 0; i < 17; ++i) sum += (first17[i] - '0') * kResidentIdWeights[i];
  return kResidentIdCheckChars[static_cast<std::size_t>(sum % 11)];
}

bool valid_resident_id(std::string_view id, TimestampMs now) {
  if (id.size() != 18) return false;
  const auto expected = resident_id_check_char(id.substr(0, 17));
  if (!expected) return false;
  const char check = id[17] == 'x' ? 'X' : id[17];
  if (check != *expected) return false;
  const int year = to_int(id.substr(6, 4));
  const int month = to_int(id.substr(10, 2));
  const int day = to_int(id.substr(12, 2));
  if (year < 1900 || month < 1 || month > 12 || day < 1 || day > days_in_month(year, month)) return false;
  const int today = civil_yyyymmdd(floor_div(now + kChinaOffsetMs, kDayMs));
  return year * 10000 + month * 100 + day <= today;
}

std::optional<std::string> normalize_mobile(std::string_view input) {
  std::string s = strip_separators(trim_ascii(input));
  if (s.starts_with("+86")) {
    s.erase(0, 3);
  } else if (s.starts_with("0086") && s.size() == 15) {
    s.erase(0, 4);
  } else if (s.starts_with("86") && s.size() == 13) {
    s.erase(0, 2);
  }
  if (s.size() != 11 || !all_digits(s) || s[0] != '1' || s[1] < '3') return std::nullopt;
  return s;
}

bool luhn_valid(std::string_view digits) {
  if (!all_digits(digits)) return false;
  int sum = 0;
  bool twice = false;
  for (auto it = digits.rbegin(); it != digits.rend(); ++it) {
    int d = *it - '0';
    if (twice) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    twice = !twice;
  }
  return sum % 10 == 0;
}

std::optional<std::string> normalize_bank_card(std::string_view input) {
  std::string s = strip_separators(trim_ascii(input));
  if (s.size() < 12 || s.size() > 19 || !all_digits(s)) return std::nullopt;
  return s;
}

}  // namespace anxin::text
