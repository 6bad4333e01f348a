#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/clock.hpp"

namespace anxin::crypto {

// TOTP (RFC 6238) as authenticator apps expect it: HMAC-SHA-1, 30-second steps, 6 digits.

/// A new shared secret: 20 random bytes in base32 (32 characters, no padding).
std::string new_totp_secret();
/// The 6-digit code of `base32_secret` at `now`. Throws std::invalid_argument for a malformed
/// secret.
std::string totp_code(const std::string& base32_secret, TimestampMs now);
/// The time step (Unix seconds / 30) whose code equals `code`, looking `window` steps either side of
/// `now`; nullopt when none matches or the input is malformed. Store the last accepted step and
/// refuse steps at or below it, so that a code cannot be replayed. Comparison is constant-time.
std::optional<std::int64_t> totp_match(const std::string& base32_secret, std::string_view code, TimestampMs now,
                                       int window = 1);
/// otpauth://totp/ URI for enrolment QR codes (issuer and account percent-encoded).
std::string otpauth_uri(std::string_view issuer, std::string_view account, const std::string& secret);
/// The QR code of `text` (libqrencode, error correction M) as an SVG document of black modules on a
/// white background with a four-module quiet zone.
std::string qr_svg(std::string_view text);

}  // namespace anxin::crypto
