#include "core/clock.hpp"

#include <fmt/format.h>

#include <cctype>
#include <charconv>
#include <fstream>

namespace anxin {

TimestampMs SystemClock::now_ms() const {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

TimestampMs OffsetFileClock::now_ms() const {
  using namespace std::chrono;
  const std::int64_t steady = duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count();
  std::int64_t last = checked_at_.load();
  if (steady - last >= 20 && checked_at_.compare_exchange_strong(last, steady)) {
    std::int64_t value = 0;
    if (std::ifstream in(path_); in) {
      std::string text;
      std::getline(in, text);
      const char* end = text.data() + text.size();
      if (std::from_chars(text.data(), end, value).ec != std::errc{}) value = 0;
    }
    offset_.store(value);
  }
  return SystemClock{}.now_ms() + offset_.load();
}

namespace {

// Howard Hinnant's days_from_civil / civil_from_days: exact for the proleptic Gregorian calendar.
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

void civil_from_days(std::int64_t z, std::int64_t& y, unsigned& m, unsigned& d) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  y = static_cast<std::int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  y += m <= 2;
}

bool is_leap(std::int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

unsigned days_in_month(std::int64_t y, unsigned m) {
  static constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap(y) ? 29 : kDays[m - 1];
}

bool parse_digits(std::string_view s, std::size_t pos, std::size_t n, int& out) {
  if (pos + n > s.size()) return false;
  for (std::size_t i = pos; i < pos + n; ++i) {
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
  }
  auto r = std::from_chars(s.data() + pos, s.data() + pos + n, out);
  return r.ec == std::errc{};
}

}  // namespace

std::string format_rfc3339(TimestampMs t) {
  std::int64_t days = t >= 0 ? t / 86400000 : (t - 86399999) / 86400000;
  std::int64_t ms_of_day = t - days * 86400000;
  std::int64_t y = 0;
  unsigned m = 0;
  unsigned d = 0;
  civil_from_days(days, y, m, d);
  const auto hh = ms_of_day / 3600000;
  const auto mm = ms_of_day / 60000 % 60;
  const auto ss = ms_of_day / 1000 % 60;
  const auto ms = ms_of_day % 1000;
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", y, m, d, hh, mm, ss, ms);
}

std::optional<TimestampMs> parse_rfc3339(std::string_view s) {
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0;
  if (s.size() < 20) return std::nullopt;
  if (!parse_digits(s, 0, 4, y) || s[4] != '-' || !parse_digits(s, 5, 2, mo) || s[7] != '-' ||
      !parse_digits(s, 8, 2, d) || (s[10] != 'T' && s[10] != 't' && s[10] != ' ') || !parse_digits(s, 11, 2, h) ||
      s[13] != ':' || !parse_digits(s, 14, 2, mi) || s[16] != ':' || !parse_digits(s, 17, 2, sec)) {
    return std::nullopt;
  }
  if (mo < 1 || mo > 12 || d < 1 || static_cast<unsigned>(d) > days_in_month(y, static_cast<unsigned>(mo)) || h > 23 ||
      mi > 59 || sec > 59) {
    return std::nullopt;
  }
  std::size_t pos = 19;
  int millis = 0;
  if (pos < s.size() && s[pos] == '.') {
    ++pos;
    int digits = 0;
    while (pos < s.size() && std::isdigit(static_cast<unsigned char>(s[pos]))) {
      if (digits < 3) millis = millis * 10 + (s[pos] - '0');
      ++digits;
      ++pos;
    }
    if (digits == 0) return std::nullopt;
    for (int i = digits; i < 3; ++i) millis *= 10;
  }
  std::int64_t offset_min = 0;
  if (pos >= s.size()) return std::nullopt;
  if (s[pos] == 'Z' || s[pos] == 'z') {
    ++pos;
  } else if (s[pos] == '+' || s[pos] == '-') {
    int oh = 0, om = 0;
    if (!parse_digits(s, pos + 1, 2, oh) || pos + 3 >= s.size() || s[pos + 3] != ':' ||
        !parse_digits(s, pos + 4, 2, om) || oh > 23 || om > 59) {
      return std::nullopt;
    }
    offset_min = (oh * 60 + om) * (s[pos] == '-' ? -1 : 1);
    pos += 6;
  } else {
    return std::nullopt;
  }
  if (pos != s.size()) return std::nullopt;
  const std::int64_t days = days_from_civil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d));
  return ((days * 86400 + h * 3600 + mi * 60 + sec) - offset_min * 60) * 1000 + millis;
}

std::optional<TimestampMs> china_day_start(std::string_view date) {
  int y = 0, mo = 0, d = 0;
  if (date.size() != 10 || !parse_digits(date, 0, 4, y) || date[4] != '-' || !parse_digits(date, 5, 2, mo) ||
      date[7] != '-' || !parse_digits(date, 8, 2, d)) {
    return std::nullopt;
  }
  if (y < 1900 || mo < 1 || mo > 12 || d < 1 || static_cast<unsigned>(d) > days_in_month(y, static_cast<unsigned>(mo)))
    return std::nullopt;
  return days_from_civil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d)) * kDayMs - kChinaOffsetMs;
}

std::string china_date(TimestampMs t) { return format_rfc3339(t + kChinaOffsetMs).substr(0, 10); }

std::optional<std::string> add_days(std::string_view date, std::int64_t days) {
  const auto start = china_day_start(date);
  if (!start) return std::nullopt;
  return china_date(*start + days * kDayMs);
}

}  // namespace anxin
