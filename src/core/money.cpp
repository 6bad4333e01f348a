#include "core/money.hpp"

#include <fmt/format.h>

#include <limits>

namespace anxin {

std::optional<Fen> checked_add(Fen a, Fen b) {
  std::int64_t out = 0;
  if (__builtin_add_overflow(a.value, b.value, &out)) return std::nullopt;
  return Fen{out};
}

std::string format_yuan(Fen amount) {
  const bool negative = amount.value < 0;
  // Work in unsigned to format INT64_MIN correctly.
  const std::uint64_t abs =
      negative ? 0 - static_cast<std::uint64_t>(amount.value) : static_cast<std::uint64_t>(amount.value);
  return fmt::format("{}{}.{:02}", negative ? "-" : "", abs / 100, abs % 100);
}

std::optional<Fen> parse_yuan(std::string_view text) {
  bool negative = false;
  if (!text.empty() && text.front() == '-') {
    negative = true;
    text.remove_prefix(1);
  }
  if (text.empty()) return std::nullopt;
  std::int64_t whole = 0;
  std::size_t i = 0;
  std::size_t int_digits = 0;
  for (; i < text.size() && text[i] != '.'; ++i, ++int_digits) {
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
    if (__builtin_mul_overflow(whole, 10, &whole) || __builtin_add_overflow(whole, text[i] - '0', &whole)) {
      return std::nullopt;
    }
  }
  if (int_digits == 0) return std::nullopt;
  std::int64_t frac = 0;
  if (i < text.size()) {
    ++i;  // '.'
    const std::size_t decimals = text.size() - i;
    if (decimals == 0 || decimals > 2) return std::nullopt;
    for (; i < text.size(); ++i) {
      if (text[i] < '0' || text[i] > '9') return std::nullopt;
      frac = frac * 10 + (text[i] - '0');
    }
    if (decimals == 1) frac *= 10;
  }
  std::int64_t fen = 0;
  if (__builtin_mul_overflow(whole, 100, &fen) || __builtin_add_overflow(fen, frac, &fen)) return std::nullopt;
  return Fen{negative ? -fen : fen};
}

}  // namespace anxin
