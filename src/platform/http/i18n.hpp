#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace anxin::http {

/// Languages with a message catalogue; the first is the default.
const std::vector<std::string>& supported_languages();

/// Picks the best supported language from an Accept-Language header (q-values honoured);
/// zh-CN when nothing matches.
std::string negotiate_language(std::string_view accept_language);

/// The message for `key` in `lang` with {placeholders} filled from `details` (strings as they are,
/// other JSON values dumped). Falls back to zh-CN, then to the key itself.
std::string translate(const std::string& lang, const std::string& key, const nlohmann::json& details);

/// All keys of a language's catalogue (for the completeness test).
std::vector<std::string> catalogue_keys(const std::string& lang);

}  // namespace anxin::http
