#pragma once

// Export of warnings in the OASIS Common Alerting Protocol 1.2 (CAP, ITU-T X.1303) and an Atom feed
// of them, so that other systems can consume anxin's warnings (WRN-5). Pure functions: the service
// loads the versions, these render them.
//
// Level mapping (the four colours of Chinese warnings → CAP <severity>/<urgency>; <certainty> is
// always Likely, a warning being a forecast):
//   red    (I)   → Extreme  / Immediate
//   orange (II)  → Severe   / Expected
//   yellow (III) → Moderate / Expected
//   blue   (IV)  → Minor    / Future
// Category mapping: weather → Met, safety → Safety, health → Health, fire → Fire,
// security → Security, system → Infra, other → Other.
// Message types: version 1 (issue) → Alert; update, escalate, downgrade → Update; lift → Cancel.
// Update and Cancel carry <references> to every earlier version ("sender,identifier,sent").

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "modules/warnings/warning.hpp"

namespace anxin::warnings {

/// The CAP namespace of version 1.2.
inline constexpr std::string_view kCapNamespace = "urn:oasis:names:tc:emergency:cap:1.2";
/// Media type of a CAP document.
inline constexpr std::string_view kCapMediaType = "application/cap+xml";
/// Media type of the Atom feed.
inline constexpr std::string_view kAtomMediaType = "application/atom+xml";

/// Who the CAP documents say they come from.
struct CapOptions {
  /// <sender>: identifies this installation; no spaces, commas, '<' or '&' (CAP 1.2 §3.2.1).
  std::string sender = "anxin-warnings";
  /// <senderName>: the issuing organisation, e.g. "安心家政服务有限公司".
  std::string sender_name = "anxin";
};

/// A warning's versions as they are exported: the one to render and those before it.
struct CapMessage {
  WarningVersion current;
  /// Earlier versions of the same warning, oldest first (referenced by Update and Cancel).
  std::vector<WarningVersion> earlier;
};

/// The identifier of a version's CAP message: "anxin-warning-<id>-v<version>".
std::string cap_identifier(std::int64_t warning_id, std::int64_t version);
/// A CAP dateTime in China Standard Time (UTC+8, no daylight saving): "2026-07-01T14:00:00+08:00". Whole
/// seconds and an explicit offset, never "Z", as CAP 1.2 §3.3.2 requires.
std::string cap_time(TimestampMs t);
/// Escapes text for XML element content and attribute values, dropping characters XML 1.0 forbids.
std::string xml_escape(std::string_view text);

/// "Extreme" | "Severe" | "Moderate" | "Minor"
std::string_view cap_severity(Level level);
/// "Immediate" | "Expected" | "Future"
std::string_view cap_urgency(Level level);
/// "Met" | "Safety" | "Health" | "Fire" | "Security" | "Infra" | "Other"
std::string_view cap_category(Category category);

/// The CAP 1.2 <alert> of `m.current`. Outside systems read this: it carries only what a warning
/// publishes (title, level, category, areas, times, the measures as <instruction> and the
/// description) and never who issued or changed it; what the measures and the description say is
/// the issuer's responsibility. With `declaration`, an XML declaration comes first.
std::string cap_alert(const CapMessage& m, const CapOptions& options, bool declaration = true);

/// An Atom 1.0 feed (RFC 4287) with one entry per message: its CAP document linked by
/// `<link rel="alternate" type="application/cap+xml" href="{cap_path_prefix}{id}/cap"/>` and also
/// inlined as the entry's content. `self_path` is the feed's own path.
std::string cap_feed(const std::vector<CapMessage>& messages, const CapOptions& options, TimestampMs now,
                     std::string_view self_path, std::string_view cap_path_prefix);

}  // namespace anxin::warnings
