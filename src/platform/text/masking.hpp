#pragma once

#include <string>
#include <string_view>

#include "platform/text/data_class.hpp"

namespace anxin::text {

// Display masking of personal data. Every function is UTF-8 aware and never returns the unmasked
// value: input it cannot parse comes back as one '*' per character (per byte when not UTF-8).

/// "11010519491231002X" -> "110***********002X" (first 3, 11 stars, last 4).
std::string mask_resident_id(std::string_view id);
/// "13812345678" (any form normalize_mobile accepts) -> "138****5678".
std::string mask_mobile(std::string_view mobile);
/// "6222021234567890123" -> "622202*********0123" (first 6, stars, last 4).
std::string mask_bank_card(std::string_view card);
/// "张三" -> "张*", "欧阳娜娜" -> "欧***"; a one-character name becomes "*".
std::string mask_name(std::string_view name);
/// Keeps the address up to and including the district level and appends "****":
/// "北京市朝阳区建国路88号院3号楼2单元501" -> "北京市朝阳区****". Without a recognisable district the
/// first 6 characters are kept.
std::string mask_address(std::string_view address);
/// "zhang.san@example.com" -> "z***@example.com".
std::string mask_email(std::string_view email);
/// Masks by kind; kHealth and kFreeText become "******", kNone returns the value unchanged.
std::string mask_value(PiiKind kind, std::string_view value);

}  // namespace anxin::text
