#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace anxin::text {

/// Splits well-formed UTF-8 into its characters (one view per code point); nullopt when the input is
/// malformed (overlong forms, surrogates, truncated sequences, values above U+10FFFF).
std::optional<std::vector<std::string_view>> utf8_chars(std::string_view s);

/// True for well-formed UTF-8 (the same rules as utf8_chars, without collecting the characters).
bool valid_utf8(std::string_view s);

/// Removes leading and trailing ASCII whitespace.
std::string_view trim_ascii(std::string_view s);

/// `n` asterisks.
std::string stars(std::size_t n);

}  // namespace anxin::text
