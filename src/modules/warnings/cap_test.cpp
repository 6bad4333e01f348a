// CAP 1.2 export checked two ways: rules of the standard applied to the parsed document (libxml2 DOM), and
// validation against testdata/cap-1.2.xsd (libxml2's XML Schema validator). Both validators are shown to reject
// broken documents first, so that a passing export means something.
#include "modules/warnings/cap_test_support.hpp"

#include <gtest/gtest.h>

#include <regex>

#include "modules/warnings/cap.hpp"

namespace anxin::warnings {
namespace {

using testing::CapCheck;
using testing::check_cap;
using testing::XmlDoc;

constexpr TimestampMs kT0 = 1'782'864'000'000;  // 2026-07-01T00:00:00Z = 08:00 in Beijing
constexpr TimestampMs kMinute = 60'000;

WarningVersion version_of(std::int64_t version, Action action, Level level, TimestampMs at) {
  WarningVersion v;
  v.warning_id = 42;
  v.version = version;
  v.action = action;
  v.changed_at = at;
  v.changed_by = 7;
  v.changed_by_name = "王安然";
  v.reason = "气象台更新";
  Warning& w = v.snapshot;
  w.id = 42;
  w.version = version;
  w.level = level;
  w.category = Category::kWeather;
  w.title = "暴雨黄色预警";
  w.areas = {{std::int64_t{14}, "朝阳服务站"}, {std::nullopt, "北京市海淀区"}};
  w.expected_at = kT0 + 360 * kMinute;
  w.expires_at = kT0 + 1800 * kMinute;
  w.measures = "暂停户外作业；出发前确认路况。";
  w.description = "预计未来6小时降雨50毫米以上。";
  w.status = action == Action::kLift ? "lifted" : "active";
  w.issued_by = 7;
  return v;
}

CapOptions options() { return {.sender = "anxin-warnings", .sender_name = "安心家政服务有限公司"}; }

/// The history of one warning: issue (blue), escalate (orange), update, lift.
std::vector<WarningVersion> history() {
  return {version_of(1, Action::kIssue, Level::kBlue, kT0),
          version_of(2, Action::kEscalate, Level::kOrange, kT0 + 30 * kMinute),
          version_of(3, Action::kUpdate, Level::kOrange, kT0 + 45 * kMinute),
          version_of(4, Action::kLift, Level::kOrange, kT0 + 600 * kMinute)};
}

CapMessage message_at(std::size_t index) {
  auto h = history();
  return {h[index], {h.begin(), h.begin() + static_cast<std::ptrdiff_t>(index)}};
}

std::string joined(const std::vector<std::string>& problems) {
  std::string out;
  for (const auto& p : problems) out += "  " + p + "\n";
  return out;
}

void expect_valid(const std::string& xml) {
  const CapCheck r = check_cap(xml);
  EXPECT_TRUE(r.rule_problems.empty()) << "CAP rules:\n" << joined(r.rule_problems) << xml;
  EXPECT_TRUE(r.schema_problems.empty()) << "CAP schema:\n" << joined(r.schema_problems) << xml;
}

// A hand-written, valid CAP 1.2 alert (after the standard's examples) to break in the tests below.
const std::string kGood = R"(<?xml version="1.0" encoding="UTF-8"?>
<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">
  <identifier>KSTO1055887203</identifier>
  <sender>KSTO@NWS.NOAA.GOV</sender>
  <sent>2003-06-17T14:57:00-07:00</sent>
  <status>Actual</status>
  <msgType>Alert</msgType>
  <scope>Public</scope>
  <info>
    <category>Met</category>
    <event>SEVERE THUNDERSTORM</event>
    <urgency>Immediate</urgency>
    <severity>Severe</severity>
    <certainty>Observed</certainty>
    <area>
      <areaDesc>EXTREME NORTH CENTRAL TUOLUMNE COUNTY</areaDesc>
    </area>
  </info>
</alert>
)";

std::string replaced(std::string s, const std::string& from, const std::string& to) {
  const auto at = s.find(from);
  if (at == std::string::npos) throw std::logic_error("test setup: " + from + " not found");
  return s.replace(at, from.size(), to);
}

TEST(CapValidators, AcceptAValidAlertAndRejectBrokenOnes) {
  expect_valid(kGood);
  struct Case {
    const char* what;
    std::string xml;
    bool schema_catches;
  };
  const std::vector<Case> cases = {
      {"Z time", replaced(kGood, "2003-06-17T14:57:00-07:00", "2003-06-17T21:57:00Z"), true},
      {"fractional seconds", replaced(kGood, "14:57:00-07:00", "14:57:00.5-07:00"), true},
      {"no offset", replaced(kGood, "14:57:00-07:00", "14:57:00"), true},
      {"wrong namespace", replaced(kGood, "cap:1.2", "cap:1.1"), true},
      {"status enum", replaced(kGood, "<status>Actual", "<status>Real"), true},
      {"msgType enum", replaced(kGood, "<msgType>Alert", "<msgType>Warning"), true},
      {"scope enum", replaced(kGood, "<scope>Public", "<scope>Everyone"), true},
      {"category enum", replaced(kGood, "<category>Met", "<category>Weather"), true},
      {"severity enum", replaced(kGood, "<severity>Severe", "<severity>High"), true},
      {"urgency enum", replaced(kGood, "<urgency>Immediate", "<urgency>Now"), true},
      {"certainty enum", replaced(kGood, "<certainty>Observed", "<certainty>Sure"), true},
      {"space in identifier", replaced(kGood, "KSTO1055887203", "KSTO 1055887203"), true},
      {"comma in sender", replaced(kGood, "KSTO@NWS", "KSTO,NWS"), true},
      {"ampersand in sender", replaced(kGood, "KSTO@NWS", "KSTO&amp;NWS"), true},
      {"order sender/identifier",
       replaced(replaced(kGood, "<identifier>KSTO1055887203</identifier>", "<sender>X</sender>"),
                "<sender>KSTO@NWS.NOAA.GOV</sender>", "<identifier>Y</identifier>"),
       true},
      {"missing scope", replaced(kGood, "<scope>Public</scope>", ""), true},
      {"missing event", replaced(kGood, "<event>SEVERE THUNDERSTORM</event>", ""), true},
      {"missing areaDesc", replaced(kGood, "<areaDesc>EXTREME NORTH CENTRAL TUOLUMNE COUNTY</areaDesc>", ""), true},
      {"Cancel without references", replaced(kGood, "<msgType>Alert", "<msgType>Cancel"), false},
      {"Restricted without restriction", replaced(kGood, "<scope>Public", "<scope>Restricted"), false},
      {"malformed XML", replaced(kGood, "</info>", ""), true},
  };
  for (const auto& c : cases) {
    const CapCheck r = check_cap(c.xml);
    EXPECT_FALSE(r.rule_problems.empty()) << "the rule check missed: " << c.what;
    if (c.schema_catches) {
      EXPECT_FALSE(r.schema_problems.empty()) << "the schema missed: " << c.what;
    }
  }
}

TEST(Cap, TimesAreChinaStandardTimeWithExplicitOffset) {
  EXPECT_EQ(cap_time(kT0), "2026-07-01T08:00:00+08:00");
  EXPECT_EQ(cap_time(kT0 + 999), "2026-07-01T08:00:00+08:00");  // whole seconds
  EXPECT_EQ(cap_time(kT0 + 16 * 3600 * 1000), "2026-07-02T00:00:00+08:00");
  EXPECT_EQ(cap_time(0), "1970-01-01T08:00:00+08:00");
  EXPECT_EQ(cap_time(-1), "1970-01-01T07:59:59+08:00");
  const std::regex pattern(R"(^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$)");
  EXPECT_TRUE(std::regex_match(cap_time(1'790'000'123'456), pattern));
}

TEST(Cap, EveryLevelMapsToSeverityAndUrgencyAndValidates) {
  struct Expect {
    Level level;
    const char* severity;
    const char* urgency;
    const char* roman;
  };
  for (const Expect& e :
       {Expect{Level::kRed, "Extreme", "Immediate", "I"}, Expect{Level::kOrange, "Severe", "Expected", "II"},
        Expect{Level::kYellow, "Moderate", "Expected", "III"}, Expect{Level::kBlue, "Minor", "Future", "IV"}}) {
    const std::string xml = cap_alert({version_of(1, Action::kIssue, e.level, kT0), {}}, options());
    SCOPED_TRACE(std::string(level_name(e.level)));
    expect_valid(xml);
    XmlDoc doc(xml);
    ASSERT_TRUE(doc.ok());
    EXPECT_EQ(doc.text("/cap:alert/cap:info/cap:severity"), e.severity);
    EXPECT_EQ(doc.text("/cap:alert/cap:info/cap:urgency"), e.urgency);
    EXPECT_EQ(doc.text("/cap:alert/cap:info/cap:certainty"), "Likely");
    EXPECT_EQ(doc.text("/cap:alert/cap:msgType"), "Alert");
    EXPECT_EQ(doc.count("/cap:alert/cap:references"), 0);
    EXPECT_EQ(doc.text("/cap:alert/cap:info/cap:parameter[cap:valueName='anxin:level']/cap:value"), e.roman);
    EXPECT_EQ(doc.text("/cap:alert/cap:info/cap:parameter[cap:valueName='anxin:colour']/cap:value"),
              level_name(e.level));
  }
}

TEST(Cap, CategoriesMapToCapCategories) {
  const std::vector<std::pair<Category, const char*>> expected = {
      {Category::kWeather, "Met"}, {Category::kSafety, "Safety"},     {Category::kHealth, "Health"},
      {Category::kFire, "Fire"},   {Category::kSecurity, "Security"}, {Category::kSystem, "Infra"},
      {Category::kOther, "Other"}};
  for (const auto& [category, cap] : expected) {
    auto v = version_of(1, Action::kIssue, Level::kYellow, kT0);
    v.snapshot.category = category;
    const std::string xml = cap_alert({v, {}}, options());
    expect_valid(xml);
    EXPECT_EQ(XmlDoc(xml).text("/cap:alert/cap:info/cap:category"), cap);
  }
}

TEST(Cap, AlertCarriesTheWarningAndNothingAboutPeople) {
  const std::string xml = cap_alert(message_at(0), options());
  expect_valid(xml);
  XmlDoc doc(xml);
  EXPECT_EQ(doc.text("/cap:alert/cap:identifier"), "anxin-warning-42-v1");
  EXPECT_EQ(doc.text("/cap:alert/cap:sender"), "anxin-warnings");
  EXPECT_EQ(doc.text("/cap:alert/cap:sent"), "2026-07-01T08:00:00+08:00");
  EXPECT_EQ(doc.text("/cap:alert/cap:status"), "Actual");
  EXPECT_EQ(doc.text("/cap:alert/cap:scope"), "Public");
  EXPECT_EQ(doc.text("/cap:alert/cap:info/cap:language"), "zh-CN");
  EXPECT_EQ(doc.text("/cap:alert/cap:info/cap:event"), "气象预警");
  EXPECT_EQ(doc.text("/cap:alert/cap:info/cap:onset"), "2026-07-01T14:00:00+08:00");
  EXPECT_EQ(doc.text("/cap:alert/cap:info/cap:expires"), "2026-07-02T14:00:00+08:00");
  EXPECT_EQ(doc.text("/cap:alert/cap:info/cap:senderName"), "安心家政服务有限公司");
  EXPECT_EQ(doc.text("/cap:alert/cap:info/cap:headline"), "暴雨黄色预警");
  EXPECT_EQ(doc.text("/cap:alert/cap:info/cap:instruction"), "暂停户外作业；出发前确认路况。");
  EXPECT_EQ(doc.text("/cap:alert/cap:info/cap:description"), "预计未来6小时降雨50毫米以上。");
  EXPECT_EQ(doc.count("/cap:alert/cap:info/cap:area"), 2);
  EXPECT_EQ(doc.text("/cap:alert/cap:info/cap:area[1]/cap:areaDesc"), "朝阳服务站");
  EXPECT_EQ(doc.text("/cap:alert/cap:info/cap:area[1]/cap:geocode/cap:value"), "14");
  EXPECT_EQ(doc.text("/cap:alert/cap:info/cap:area[2]/cap:areaDesc"), "北京市海淀区");
  // Who issued or changed the warning, and why, stays inside.
  EXPECT_EQ(xml.find("王安然"), std::string::npos);
  EXPECT_EQ(xml.find("气象台更新"), std::string::npos);
}

TEST(Cap, UpdatesReferenceEveryEarlierVersionAndLiftCancels) {
  const std::string update = cap_alert(message_at(2), options());
  expect_valid(update);
  XmlDoc u(update);
  EXPECT_EQ(u.text("/cap:alert/cap:msgType"), "Update");
  EXPECT_EQ(u.text("/cap:alert/cap:identifier"), "anxin-warning-42-v3");
  EXPECT_EQ(u.text("/cap:alert/cap:references"),
            "anxin-warnings,anxin-warning-42-v1,2026-07-01T08:00:00+08:00 "
            "anxin-warnings,anxin-warning-42-v2,2026-07-01T08:30:00+08:00");
  EXPECT_EQ(u.text("/cap:alert/cap:info/cap:severity"), "Severe");

  const std::string escalate = cap_alert(message_at(1), options());
  expect_valid(escalate);
  EXPECT_EQ(XmlDoc(escalate).text("/cap:alert/cap:msgType"), "Update");

  const std::string lift = cap_alert(message_at(3), options());
  expect_valid(lift);
  XmlDoc l(lift);
  EXPECT_EQ(l.text("/cap:alert/cap:msgType"), "Cancel");
  EXPECT_EQ(l.text("/cap:alert/cap:info/cap:responseType"), "AllClear");
  const std::string refs = l.text("/cap:alert/cap:references");
  for (int v = 1; v <= 3; ++v) {
    EXPECT_NE(refs.find("anxin-warnings,anxin-warning-42-v" + std::to_string(v) + ","), std::string::npos) << refs;
  }
  EXPECT_EQ(refs.find("-v4"), std::string::npos);
}

TEST(Cap, EscapesMarkupAndDropsCharactersXmlForbids) {
  auto v = version_of(1, Action::kIssue, Level::kRed, kT0);
  v.snapshot.title = "A&B <script>alert(\"x\")</script> 'q'";
  v.snapshot.measures = std::string("line1\nline2\x01\x1f end ]]> &amp;");
  v.snapshot.description = "\xEF\xBF\xBF nonchar";
  v.snapshot.areas = {{std::nullopt, "<区域 & \"引号\">"}};
  const std::string xml = cap_alert({v, {}}, options());
  expect_valid(xml);
  XmlDoc doc(xml);
  EXPECT_EQ(doc.text("/cap:alert/cap:info/cap:headline"), v.snapshot.title);
  EXPECT_EQ(doc.text("/cap:alert/cap:info/cap:instruction"), "line1\nline2 end ]]> &amp;");
  EXPECT_EQ(doc.text("/cap:alert/cap:info/cap:description"), " nonchar");
  EXPECT_EQ(doc.text("/cap:alert/cap:info/cap:area/cap:areaDesc"), "<区域 & \"引号\">");
  EXPECT_EQ(xml.find("<script>"), std::string::npos);
}

TEST(Cap, RestrictedScopeCarriesARestriction) {
  auto v = version_of(1, Action::kIssue, Level::kYellow, kT0);
  v.snapshot.scope = Scope::kRestricted;
  v.snapshot.expires_at.reset();
  v.snapshot.description.clear();
  const std::string xml = cap_alert({v, {}}, options());
  expect_valid(xml);
  XmlDoc doc(xml);
  EXPECT_EQ(doc.text("/cap:alert/cap:scope"), "Restricted");
  EXPECT_FALSE(doc.text("/cap:alert/cap:restriction").empty());
  EXPECT_EQ(doc.count("/cap:alert/cap:info/cap:expires"), 0);
  EXPECT_EQ(doc.count("/cap:alert/cap:info/cap:description"), 0);
}

TEST(Cap, FeedIsAtomWithOneEntryPerWarningLinkingAndInliningItsAlert) {
  auto h = history();
  CapMessage active{h[2], {h[0], h[1]}};
  auto other = version_of(1, Action::kIssue, Level::kRed, kT0 + 50 * kMinute);
  other.warning_id = 43;
  other.snapshot.id = 43;
  CapMessage second{other, {}};
  const std::string feed =
      cap_feed({active, second}, options(), kT0 + 60 * kMinute, "/api/v1/warnings/cap-feed", "/api/v1/warnings/");
  XmlDoc doc(feed);
  ASSERT_TRUE(doc.ok()) << feed;
  EXPECT_EQ(doc.count("/atom:feed"), 1);
  EXPECT_FALSE(doc.text("/atom:feed/atom:id").empty());
  EXPECT_FALSE(doc.text("/atom:feed/atom:title").empty());
  EXPECT_EQ(doc.text("/atom:feed/atom:updated"), "2026-07-01T08:50:00+08:00");
  EXPECT_EQ(doc.text("/atom:feed/atom:author/atom:name"), "安心家政服务有限公司");
  EXPECT_EQ(doc.attr("/atom:feed/atom:link[@rel='self']", "href"), "/api/v1/warnings/cap-feed");
  EXPECT_EQ(doc.count("/atom:feed/atom:entry"), 2);
  EXPECT_EQ(doc.attr("/atom:feed/atom:entry[1]/atom:link[@rel='alternate']", "type"), "application/cap+xml");
  EXPECT_EQ(doc.attr("/atom:feed/atom:entry[1]/atom:link[@rel='alternate']", "href"), "/api/v1/warnings/42/cap");
  EXPECT_EQ(doc.attr("/atom:feed/atom:entry[2]/atom:link[@rel='alternate']", "href"), "/api/v1/warnings/43/cap");
  EXPECT_EQ(doc.text("/atom:feed/atom:entry[1]/atom:id"), "urn:anxin:anxin-warnings:anxin-warning-42-v3");
  EXPECT_EQ(doc.text("/atom:feed/atom:entry[1]/atom:content/cap:alert/cap:identifier"), "anxin-warning-42-v3");
  EXPECT_EQ(doc.text("/atom:feed/atom:entry[2]/atom:content/cap:alert/cap:msgType"), "Alert");
  // Each inlined alert is a valid CAP document of its own.
  for (int i = 1; i <= 2; ++i)
    expect_valid(doc.subtree("/atom:feed/atom:entry[" + std::to_string(i) + "]/atom:content/cap:alert"));

  const std::string empty = cap_feed({}, options(), kT0, "/f", "/w/");
  XmlDoc e(empty);
  ASSERT_TRUE(e.ok());
  EXPECT_EQ(e.count("/atom:feed/atom:entry"), 0);
  EXPECT_EQ(e.text("/atom:feed/atom:updated"), "2026-07-01T08:00:00+08:00");
}

}  // namespace
}  // namespace anxin::warnings
