#include "platform/text/masking.hpp"

#include <algorithm>
#include <array>
#include <optional>
#include <vector>

#include "platform/text/identifiers.hpp"
#include "platform/text/utf8.hpp"

namespace anxin::text {
namespace {

using Chars = std::vector<std::string_view>;

/// One star per character of a value that could not be parsed.
std::string all_stars(std::string_view s) {
  auto chars = utf8_chars(s);
  return stars(chars ? chars->size() : s.size());
}

std::string join(const Chars& chars, std::size_t from, std::size_t to) {
  std::string out;
  for (std::size_t i = from; i < to && i < chars.size(); ++i) out += chars[i];
  return out;
}

/// True when `marker` (a sequence of characters) starts at chars[i].
bool matches_at(const Chars& chars, std::size_t i, std::string_view marker) {
  std::size_t k = i;
  while (!marker.empty()) {
    if (k >= chars.size() || !marker.starts_with(chars[k])) return false;
    marker.remove_prefix(chars[k].size());
    ++k;
  }
  return true;
}

/// Length in characters of a marker.
std::size_t char_count(std::string_view marker) {
  auto chars = utf8_chars(marker);
  return chars ? chars->size() : marker.size();
}

bool is_ascii(std::string_view ch) { return ch.size() == 1; }

/// Looks for the first of `markers` starting in [from, from + span) and returns the index just after
/// it. The scan gives up at ASCII characters (house numbers, Latin text) and at `stops`.
std::optional<std::size_t> find_level(const Chars& chars, std::size_t from, std::size_t span,
                                      std::initializer_list<std::string_view> markers,
                                      std::initializer_list<std::string_view> stops, bool stops_after_first = false) {
  const std::size_t end = std::min(chars.size(), from + span);
  for (std::size_t i = from; i < end; ++i) {
    if (is_ascii(chars[i])) return std::nullopt;
    for (std::string_view m : markers) {
      // A level needs a name before its marker ("朝阳区", not a bare "区").
      if (i > from && matches_at(chars, i, m)) return i + char_count(m);
    }
    if (stops_after_first && i == from) continue;
    for (std::string_view s : stops) {
      if (chars[i] == s) return std::nullopt;
    }
  }
  return std::nullopt;
}

}  // namespace

std::string mask_resident_id(std::string_view id) {
  const std::string n = normalize_resident_id(id);
  bool ok = n.size() == 18;
  for (std::size_t i = 0; ok && i < 18; ++i) ok = (n[i] >= '0' && n[i] <= '9') || (i == 17 && n[i] == 'X');
  if (!ok) return all_stars(id);
  // The first three digits (the province and city of registration) and the last four: 110***********4477.
  return n.substr(0, 3) + stars(11) + n.substr(14);
}

std::string mask_mobile(std::string_view mobile) {
  const auto n = normalize_mobile(mobile);
  if (!n) return all_stars(mobile);
  return n->substr(0, 3) + stars(4) + n->substr(7);
}

std::string mask_bank_card(std::string_view card) {
  const auto n = normalize_bank_card(card);
  if (!n) return all_stars(card);
  return n->substr(0, 6) + stars(n->size() - 10) + n->substr(n->size() - 4);
}

std::string mask_name(std::string_view name) {
  const auto chars = utf8_chars(trim_ascii(name));
  if (!chars) return all_stars(name);
  if (chars->empty()) return {};
  if (chars->size() == 1) return "*";
  return std::string(chars->front()) + stars(chars->size() - 1);
}

std::string mask_address(std::string_view address) {
  const auto parsed = utf8_chars(trim_ascii(address));
  if (!parsed) return all_stars(address);
  const Chars& chars = *parsed;
  if (chars.empty()) return {};

  // Province level: "广东省", "内蒙古自治区", "香港特别行政区". Municipalities ("北京市") have none.
  std::size_t pos =
      find_level(chars, 0, 10, {"特别行政区", "自治区", "省"}, {"市", "区", "县", "旗", "盟"}).value_or(0);
  // Prefecture level: "深圳市", "阿克苏地区", "西双版纳傣族自治州", "锡林郭勒盟"; absent in "北京朝阳区".
  const auto city = find_level(chars, pos, 10, {"自治州", "地区", "盟", "市"}, {"区", "县", "旗"});
  if (city) pos = *city;
  // District level: "朝阳区", "涞水县", "伊金霍洛旗", a county-level city ("昆山市"); "市辖区" ends in 区.
  // Street-level words end the search unless they open the name ("镇原县").
  const auto district = find_level(chars, pos, 9, {"区", "县", "旗", "市"},
                                   {"路", "街", "号", "巷", "弄", "镇", "乡", "村"}, /*stops_after_first=*/true);

  std::size_t keep = district ? *district : std::min<std::size_t>(6, chars.size());
  if (keep >= chars.size()) {
    // The whole address is administrative; drop its last level rather than show it unmasked.
    keep = district && pos > 0 && pos < chars.size() ? pos : chars.size() / 2;
  }
  return join(chars, 0, keep) + stars(4);
}

std::string mask_email(std::string_view email) {
  const std::string_view e = trim_ascii(email);
  const auto at = e.rfind('@');
  if (!utf8_chars(e) || at == std::string_view::npos || at == 0 || at + 1 >= e.size()) return all_stars(email);
  const auto local = utf8_chars(e.substr(0, at));
  return std::string(local->front()) + stars(3) + std::string(e.substr(at));
}

std::string mask_value(PiiKind kind, std::string_view value) {
  switch (kind) {
    case PiiKind::kNone: return std::string(value);
    case PiiKind::kName: return mask_name(value);
    case PiiKind::kResidentId: return mask_resident_id(value);
    case PiiKind::kMobile: return mask_mobile(value);
    case PiiKind::kBankCard: return mask_bank_card(value);
    case PiiKind::kAddress: return mask_address(value);
    case PiiKind::kEmail: return mask_email(value);
    case PiiKind::kHealth:
    case PiiKind::kFreeText: return stars(6);
  }
  return stars(6);
}

}  // namespace anxin::text
