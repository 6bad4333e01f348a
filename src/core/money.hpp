#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace anxin {

/// An amount of renminbi in integer fen (0.01 yuan). Money is never floating point.
struct Fen {
  std::int64_t value = 0;
  friend auto operator<=>(const Fen&, const Fen&) = default;
};

/// Adds two amounts; nullopt on overflow.
std::optional<Fen> checked_add(Fen a, Fen b);
/// "12345" fen -> "123.45"; negative amounts keep their sign.
std::string format_yuan(Fen amount);
/// "123.45", "123.4", "123" -> fen; nullopt for anything else (more than two decimals, signs
/// other than a leading '-', exponent notation, overflow).
std::optional<Fen> parse_yuan(std::string_view text);

}  // namespace anxin
