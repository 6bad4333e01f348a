#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace anxin::http {

/// Validates `value` against a JSON Schema subset (type incl. ["string","null"], properties,
/// required, additionalProperties (false unless stated), minLength/maxLength in characters,
/// minimum/maximum, enum, items, maxItems, format "date-time" and "date" (YYYY-MM-DD)). Returns the first violation as
/// an invalid_argument Error whose details name the field (e.g. "items[2].name"). Strings without a maxLength are
/// limited to 10 000 characters; control characters other than tab and newline are refused.
std::optional<Error> validate(const nlohmann::json& schema, const nlohmann::json& value);

/// Schema builders for the common field shapes.
namespace schema {
/// A string of `min`…`max` characters.
nlohmann::json text(int min, int max);
/// A string of at most `max` characters, or null.
nlohmann::json nullable_text(int max);
/// A calendar day "YYYY-MM-DD".
nlohmann::json date();
/// A calendar day or null.
nlohmann::json nullable_date();
/// One of `values`.
nlohmann::json one_of(const std::vector<std::string>& values);
/// An instant (RFC 3339).
nlohmann::json date_time();
}  // namespace schema

/// True when `text` is well-formed UTF-8 (no overlongs, surrogates or code points above U+10FFFF).
bool is_valid_utf8(std::string_view text);
/// Number of code points in well-formed UTF-8.
std::size_t utf8_length(std::string_view text);

}  // namespace anxin::http
