#include "platform/http/i18n.hpp"

#include <algorithm>
#include <map>

namespace anxin::http {

std::string_view message_catalogue(std::string_view name);  // embedded messages/<lang>.json

namespace {

const std::map<std::string, nlohmann::json>& catalogues() {
  static const std::map<std::string, nlohmann::json> kCatalogues = [] {
    std::map<std::string, nlohmann::json> out;
    for (const auto& lang : supported_languages()) out[lang] = nlohmann::json::parse(message_catalogue(lang));
    return out;
  }();
  return kCatalogues;
}

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::string trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return std::string(s);
}

}  // namespace

const std::vector<std::string>& supported_languages() {
  static const std::vector<std::string> kLangs{"zh-CN", "en-US"};
  return kLangs;
}

std::string negotiate_language(std::string_view header) {
  std::string best = "zh-CN";
  double best_q = -1;
  std::size_t pos = 0;
  while (pos <= header.size()) {
    std::size_t end = header.find(',', pos);
    if (end == std::string_view::npos) end = header.size();
    std::string item = trim(header.substr(pos, end - pos));
    pos = end + 1;
    if (item.empty()) continue;
    double q = 1.0;
    if (auto semi = item.find(';'); semi != std::string::npos) {
      std::string params = trim(std::string_view(item).substr(semi + 1));
      item = trim(std::string_view(item).substr(0, semi));
      if (params.starts_with("q=")) {
        try {
          q = std::stod(params.substr(2));
        } catch (...) {
          q = 0;
        }
      }
    }
    const std::string tag = lower(item);
    std::string lang;
    if (tag.starts_with("zh"))
      lang = "zh-CN";
    else if (tag.starts_with("en"))
      lang = "en-US";
    if (!lang.empty() && q > best_q) {
      best = lang;
      best_q = q;
    }
  }
  return best;
}

std::string translate(const std::string& lang, const std::string& key, const nlohmann::json& details) {
  const auto& cats = catalogues();
  std::string text = key;
  for (const std::string& l : {lang, std::string("zh-CN")}) {
    auto it = cats.find(l);
    if (it != cats.end() && it->second.contains(key)) {
      text = it->second[key].get<std::string>();
      break;
    }
  }
  if (!details.is_object()) return text;
  for (const auto& [name, value] : details.items()) {
    const std::string placeholder = "{" + name + "}";
    const std::string replacement = value.is_string() ? value.get<std::string>() : value.dump();
    for (std::size_t at = text.find(placeholder); at != std::string::npos;
         at = text.find(placeholder, at + replacement.size())) {
      text.replace(at, placeholder.size(), replacement);
    }
  }
  return text;
}

std::vector<std::string> catalogue_keys(const std::string& lang) {
  std::vector<std::string> out;
  const auto& cats = catalogues();
  auto it = cats.find(lang);
  if (it == cats.end()) return out;
  for (const auto& [k, v] : it->second.items()) out.push_back(k);
  return out;
}

}  // namespace anxin::http
