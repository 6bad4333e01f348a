#include "modules/warnings/cap.hpp"

#include <algorithm>
#include <ctime>

namespace anxin::warnings {
namespace {

/// China Standard Time: UTC+8 all year.
constexpr std::int64_t kChinaOffsetMs = 8LL * 3600 * 1000;

/// Text of the <restriction> of restricted warnings.
constexpr std::string_view kRestriction = "仅供本公司员工及受影响客户使用，不得公开转发。";

/// An indented XML writer for the element-only documents below.
class Xml {
 public:
  explicit Xml(std::string& out) : out_(out) {}
  /// Opens an element; `attributes` are ready-made (see attribute()).
  void open(std::string_view name, std::string_view attributes = {}) {
    indent();
    out_ += '<';
    out_ += name;
    out_ += attributes;
    out_ += ">\n";
    ++depth_;
  }
  void close(std::string_view name) {
    --depth_;
    indent();
    out_ += "</";
    out_ += name;
    out_ += ">\n";
  }
  void leaf(std::string_view name, std::string_view text) {
    indent();
    out_ += '<';
    out_ += name;
    out_ += '>';
    out_ += xml_escape(text);
    out_ += "</";
    out_ += name;
    out_ += ">\n";
  }
  /// An empty element; `attributes` are ready-made (see attribute()).
  void empty(std::string_view name, std::string_view attributes) {
    indent();
    out_ += '<';
    out_ += name;
    out_ += attributes;
    out_ += "/>\n";
  }
  void raw(std::string_view text) { out_ += text; }
  int depth() const { return depth_; }
  void set_depth(int d) { depth_ = d; }

 private:
  void indent() { out_.append(static_cast<std::size_t>(depth_) * 2, ' '); }
  std::string& out_;
  int depth_ = 0;
};

std::string_view msg_type(Action action) {
  switch (action) {
    case Action::kIssue: return "Alert";
    case Action::kLift: return "Cancel";
    default: return "Update";
  }
}

/// ` name="value"` with the value escaped.
std::string attribute(std::string_view name, std::string_view value) {
  return " " + std::string(name) + "=\"" + xml_escape(value) + "\"";
}

std::string event_text(Category category) { return std::string(category_label(category, false)) + "预警"; }

void write_alert(Xml& x, const CapMessage& m, const CapOptions& options) {
  const Warning& w = m.current.snapshot;
  const std::string sent = cap_time(m.current.changed_at);
  x.open("alert", attribute("xmlns", kCapNamespace));
  x.leaf("identifier", cap_identifier(m.current.warning_id, m.current.version));
  x.leaf("sender", options.sender);
  x.leaf("sent", sent);
  x.leaf("status", "Actual");
  x.leaf("msgType", msg_type(m.current.action));
  x.leaf("scope", w.scope == Scope::kPublic ? "Public" : "Restricted");
  if (w.scope == Scope::kRestricted) x.leaf("restriction", kRestriction);
  if (m.current.action != Action::kIssue && !m.earlier.empty()) {
    std::string refs;
    for (const auto& v : m.earlier) {
      if (!refs.empty()) refs += ' ';
      refs += options.sender + "," + cap_identifier(v.warning_id, v.version) + "," + cap_time(v.changed_at);
    }
    x.leaf("references", refs);
  }
  x.open("info");
  x.leaf("language", "zh-CN");
  x.leaf("category", cap_category(w.category));
  x.leaf("event", event_text(w.category));
  x.leaf("responseType", m.current.action == Action::kLift ? "AllClear" : "Prepare");
  x.leaf("urgency", cap_urgency(w.level));
  x.leaf("severity", cap_severity(w.level));
  x.leaf("certainty", "Likely");
  x.leaf("onset", cap_time(w.expected_at));
  if (w.expires_at) x.leaf("expires", cap_time(*w.expires_at));
  x.leaf("senderName", options.sender_name);
  x.leaf("headline", w.title);
  if (!w.description.empty()) x.leaf("description", w.description);
  if (!w.measures.empty()) x.leaf("instruction", w.measures);
  x.open("parameter");
  x.leaf("valueName", "anxin:level");
  x.leaf("value", level_roman(w.level));
  x.close("parameter");
  x.open("parameter");
  x.leaf("valueName", "anxin:colour");
  x.leaf("value", level_name(w.level));
  x.close("parameter");
  for (const auto& a : w.areas) {
    x.open("area");
    x.leaf("areaDesc", a.name);
    if (a.department_id) {
      x.open("geocode");
      x.leaf("valueName", "anxin:department");
      x.leaf("value", std::to_string(*a.department_id));
      x.close("geocode");
    }
    x.close("area");
  }
  x.close("info");
  x.close("alert");
}

}  // namespace

std::string cap_identifier(std::int64_t warning_id, std::int64_t version) {
  return "anxin-warning-" + std::to_string(warning_id) + "-v" + std::to_string(version);
}

std::string cap_time(TimestampMs t) {
  // Floor to whole seconds (also for instants before 1970).
  std::int64_t ms = t + kChinaOffsetMs;
  std::int64_t secs = ms / 1000;
  if (ms % 1000 < 0) --secs;
  const auto tt = static_cast<std::time_t>(secs);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S+08:00", &tm);
  return buf;
}

std::string xml_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    switch (c) {
      case '&': out += "&amp;"; continue;
      case '<': out += "&lt;"; continue;
      case '>': out += "&gt;"; continue;
      case '"': out += "&quot;"; continue;
      case '\'': out += "&apos;"; continue;
      default: break;
    }
    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') continue;  // not allowed in XML 1.0
    // U+FFFE and U+FFFF (EF BF BE / EF BF BF) are not XML characters either.
    if (c == 0xEF && i + 2 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0xBF &&
        (static_cast<unsigned char>(text[i + 2]) == 0xBE || static_cast<unsigned char>(text[i + 2]) == 0xBF)) {
      i += 2;
      continue;
    }
    out += static_cast<char>(c);
  }
  return out;
}

std::string_view cap_severity(Level level) {
  switch (level) {
    case Level::kRed: return "Extreme";
    case Level::kOrange: return "Severe";
    case Level::kYellow: return "Moderate";
    case Level::kBlue: return "Minor";
  }
  return "Unknown";
}

std::string_view cap_urgency(Level level) {
  switch (level) {
    case Level::kRed: return "Immediate";
    case Level::kOrange:
    case Level::kYellow: return "Expected";
    case Level::kBlue: return "Future";
  }
  return "Unknown";
}

std::string_view cap_category(Category category) {
  switch (category) {
    case Category::kWeather: return "Met";
    case Category::kSafety: return "Safety";
    case Category::kHealth: return "Health";
    case Category::kFire: return "Fire";
    case Category::kSecurity: return "Security";
    case Category::kSystem: return "Infra";
    case Category::kOther: return "Other";
  }
  return "Other";
}

std::string cap_alert(const CapMessage& m, const CapOptions& options, bool declaration) {
  std::string out;
  if (declaration) out += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  Xml x(out);
  write_alert(x, m, options);
  return out;
}

std::string cap_feed(const std::vector<CapMessage>& messages, const CapOptions& options, TimestampMs now,
                     std::string_view self_path, std::string_view cap_path_prefix) {
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  Xml x(out);
  x.open("feed", attribute("xmlns", "http://www.w3.org/2005/Atom"));
  x.leaf("id", "urn:anxin:" + options.sender + ":warnings:cap-feed");
  x.leaf("title", options.sender_name + " 预警信息 (CAP 1.2)");
  TimestampMs updated = 0;
  for (const auto& m : messages) updated = std::max(updated, m.current.changed_at);
  x.leaf("updated", cap_time(messages.empty() ? now : updated));
  x.open("author");
  x.leaf("name", options.sender_name);
  x.close("author");
  x.empty("link", attribute("rel", "self") + attribute("type", kAtomMediaType) + attribute("href", self_path));
  for (const auto& m : messages) {
    const Warning& w = m.current.snapshot;
    const std::string identifier = cap_identifier(m.current.warning_id, m.current.version);
    x.open("entry");
    x.leaf("id", "urn:anxin:" + options.sender + ":" + identifier);
    x.leaf("title", w.title);
    x.leaf("updated", cap_time(m.current.changed_at));
    x.leaf("summary", std::string(level_colour_zh(w.level)) + "预警（" + std::string(level_roman(w.level)) + "级）" +
                          (m.current.action == Action::kLift ? "，已解除" : ""));
    x.empty("link",
            attribute("rel", "alternate") + attribute("type", kCapMediaType) +
                attribute("href", std::string(cap_path_prefix) + std::to_string(m.current.warning_id) + "/cap"));
    x.open("content", attribute("type", kCapMediaType));
    const int depth = x.depth();
    std::string alert;
    Xml inner(alert);
    inner.set_depth(depth);
    write_alert(inner, m, options);
    x.raw(alert);
    x.close("content");
    x.close("entry");
  }
  x.close("feed");
  return out;
}

}  // namespace anxin::warnings
