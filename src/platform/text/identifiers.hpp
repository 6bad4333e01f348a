#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/clock.hpp"

namespace anxin::text {

/// Trims ASCII whitespace and upper-cases a trailing check character 'x'.
std::string normalize_resident_id(std::string_view id);

/// True for a well-formed 18-character resident identity number (GB 11643-1999): 17 digits and a
/// MOD 11-2 check character (0-9 or X/x), with a real birth date (YYYYMMDD at positions 7-14) in
/// or after 1900 and not after today's date in China (UTC+8) at `now`. No trimming: normalise
/// first when the input may carry whitespace.
bool valid_resident_id(std::string_view id, TimestampMs now);

/// The MOD 11-2 check character ('0'-'9' or 'X') for the first 17 digits; nullopt when they are not
/// 17 digits.
std::optional<char> resident_id_check_char(std::string_view first17);

/// Normalises a mainland mobile number: strips spaces and dashes and an optional +86 / 0086 / 86
/// country prefix, and returns the 11-digit form when it matches ^1[3-9]\d{9}$.
std::optional<std::string> normalize_mobile(std::string_view input);

/// Luhn (mod 10) check over a string of ASCII digits; false for empty input or any non-digit.
bool luhn_valid(std::string_view digits);

/// Normalises a bank card number: strips spaces and dashes and returns the digits when there are
/// 12-19 of them. A Luhn failure does not reject the number (some domestic cards do not carry a Luhn
/// check digit); callers check luhn_valid() and show a warning.
std::optional<std::string> normalize_bank_card(std::string_view input);

}  // namespace anxin::text
