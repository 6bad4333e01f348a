#include "modules/incidents/investigation.hpp"

#include "modules/incidents/incident.hpp"
#include "platform/text/identifiers.hpp"

namespace anxin::incidents {
namespace {

using nlohmann::json;

constexpr std::int64_t kChinaOffsetMs = 8LL * 3600 * 1000;

json opt(const std::optional<std::int64_t>& v) { return v ? json(*v) : json(nullptr); }
json opt_time(const std::optional<TimestampMs>& v) { return v ? json(format_rfc3339(*v)) : json(nullptr); }
json masked_text(const std::optional<std::string>& v, bool show) {
  if (!v) return nullptr;
  return show ? json(*v) : json("******");
}

json str() { return {{"type", "string"}}; }
json str_or_null() { return {{"type", {"string", "null"}}}; }
json int_() { return {{"type", "integer"}}; }
json int_or_null() { return {{"type", {"integer", "null"}}}; }
json time() { return {{"type", "string"}, {"format", "date-time"}}; }
json time_or_null() { return {{"type", {"string", "null"}}, {"format", "date-time"}}; }
json one_of(const std::vector<std::string>& values) { return {{"type", "string"}, {"enum", values}}; }

/// The ASCII digit of a half-width or full-width (U+FF10–U+FF19) digit at `s[i]`, with its length in bytes.
std::optional<std::pair<char, std::size_t>> digit_at(std::string_view s, std::size_t i) {
  if (s[i] >= '0' && s[i] <= '9') return std::make_pair(s[i], std::size_t{1});
  if (i + 2 < s.size() && static_cast<unsigned char>(s[i]) == 0xEF && static_cast<unsigned char>(s[i + 1]) == 0xBC) {
    const auto b = static_cast<unsigned char>(s[i + 2]);
    if (b >= 0x90 && b <= 0x99) return std::make_pair(static_cast<char>('0' + (b - 0x90)), std::size_t{3});
  }
  return std::nullopt;
}

bool is_check_x(std::string_view s, std::size_t i) { return i < s.size() && (s[i] == 'X' || s[i] == 'x'); }

/// What a run of digits (possibly ending in X) is, if it is one of the numbers looked for.
std::optional<std::string> classify(const std::string& run, TimestampMs now) {
  if (run.empty()) return std::nullopt;
  const bool ends_in_x = run.back() == 'X';
  if (!ends_in_x && text::normalize_mobile(run)) return "mobile";
  if (run.size() == 18 && text::valid_resident_id(run, now)) return "resident_id";
  return std::nullopt;
}

}  // namespace

const std::vector<std::string>& accident_grades() {
  static const std::vector<std::string> kGrades = {"especially_serious", "serious", "major", "general"};
  return kGrades;
}

const std::vector<std::string>& investigation_statuses() {
  static const std::vector<std::string> kStatuses = {"draft", "submitted", "closed"};
  return kStatuses;
}

const std::vector<std::string>& action_statuses() {
  static const std::vector<std::string> kStatuses = {"open", "done", "verified"};
  return kStatuses;
}

const std::vector<std::string>& recovery_statuses() {
  static const std::vector<std::string> kStatuses = {"open", "in_progress", "done"};
  return kStatuses;
}

std::optional<std::string> find_personal_number(std::string_view s, TimestampMs now) {
  // Digits are collected in groups separated by single spaces or dashes ("138 1234 5678",
  // "+86-138-1234-5678"); every sequence of consecutive groups is checked, so a number written next
  // to another one is still found. Full-width digits count as digits.
  constexpr std::size_t kLongest = 18;  // a resident id; a mobile is at most 15 ("0086" + 11 digits)
  std::size_t i = 0;
  while (i < s.size()) {
    if (!digit_at(s, i)) {
      ++i;
      continue;
    }
    std::vector<std::string> groups(1);
    while (i < s.size()) {
      if (auto d = digit_at(s, i)) {
        groups.back() += d->first;
        i += d->second;
        continue;
      }
      if (is_check_x(s, i)) {
        groups.back() += 'X';  // the check character ends a resident id
        ++i;
        break;
      }
      const bool separator = s[i] == ' ' || s[i] == '-';
      if (separator && i + 1 < s.size() && digit_at(s, i + 1)) {
        groups.emplace_back();
        ++i;
        continue;
      }
      break;
    }
    for (std::size_t first = 0; first < groups.size(); ++first) {
      std::string run;
      for (std::size_t last = first; last < groups.size() && run.size() < kLongest; ++last) {
        run += groups[last];
        if (auto kind = classify(run, now)) return kind;
      }
    }
  }
  return std::nullopt;
}

std::string china_month(TimestampMs t) { return format_rfc3339(t + kChinaOffsetMs).substr(0, 7); }

json to_json(const CorrectiveAction& a) {
  return {{"id", a.id},
          {"title", a.title},
          {"owner_id", a.owner_id},
          {"due_at", format_rfc3339(a.due_at)},
          {"status", a.status},
          {"done_at", opt_time(a.done_at)},
          {"verified_at", opt_time(a.verified_at)},
          {"verified_by", opt(a.verified_by)},
          {"version", a.version}};
}

json to_json(const RecoveryTask& t) {
  return {{"id", t.id},         {"title", t.title},    {"owner_id", t.owner_id}, {"due_at", format_rfc3339(t.due_at)},
          {"status", t.status}, {"version", t.version}};
}

json to_json(const Investigation& i, bool show) {
  json actions = json::array();
  for (const auto& a : i.actions) actions.push_back(to_json(a));
  json recovery = json::array();
  for (const auto& t : i.recovery) recovery.push_back(to_json(t));
  return {{"id", i.id},
          {"incident_id", i.incident_id},
          {"facts", masked_text(i.facts, show)},
          {"direct_causes", i.direct_causes},
          {"root_causes", i.root_causes},
          {"responsibility", masked_text(i.responsibility, show)},
          {"grade", i.grade ? json(*i.grade) : json(nullptr)},
          {"summary_review", i.summary_review},
          {"status", i.status},
          {"created_at", format_rfc3339(i.created_at)},
          {"updated_at", format_rfc3339(i.updated_at)},
          {"submitted_at", opt_time(i.submitted_at)},
          {"closed_at", opt_time(i.closed_at)},
          {"actions", actions},
          {"recovery_tasks", recovery},
          {"masked", !show},
          {"version", i.version}};
}

json to_json(const Case& c) {
  return {{"id", c.id},
          {"title", c.title},
          {"type", c.type},
          {"level", c.level},
          {"level_name", level_name(c.level)},
          {"month", c.month},
          {"department_name", c.department_name},
          {"grade", c.grade},
          {"direct_causes", c.direct_causes},
          {"root_causes", c.root_causes},
          {"actions", c.actions},
          {"lessons", c.lessons},
          {"published_at", format_rfc3339(c.published_at)}};
}

json action_schema() {
  return {{"type", "object"},
          {"required", {"id", "title", "owner_id", "due_at", "status", "version"}},
          {"properties",
           {{"id", int_()},
            {"title", str()},
            {"owner_id", int_()},
            {"due_at", time()},
            {"status", one_of(action_statuses())},
            {"done_at", time_or_null()},
            {"verified_at", time_or_null()},
            {"verified_by", int_or_null()},
            {"version", int_()}}}};
}

json recovery_task_schema() {
  return {{"type", "object"},
          {"required", {"id", "title", "owner_id", "due_at", "status", "version"}},
          {"properties",
           {{"id", int_()},
            {"title", str()},
            {"owner_id", int_()},
            {"due_at", time()},
            {"status", one_of(recovery_statuses())},
            {"version", int_()}}}};
}

json investigation_schema() {
  return {{"type", "object"},
          {"required", {"id", "incident_id", "status", "actions", "recovery_tasks", "version"}},
          {"properties",
           {{"id", int_()},
            {"incident_id", int_()},
            {"facts", str_or_null()},
            {"direct_causes", str()},
            {"root_causes", str()},
            {"responsibility", str_or_null()},
            {"grade",
             {{"type", {"string", "null"}}, {"enum", {"especially_serious", "serious", "major", "general", nullptr}}}},
            {"summary_review", str()},
            {"status", one_of(investigation_statuses())},
            {"created_at", time()},
            {"updated_at", time()},
            {"submitted_at", time_or_null()},
            {"closed_at", time_or_null()},
            {"actions", {{"type", "array"}, {"items", action_schema()}}},
            {"recovery_tasks", {{"type", "array"}, {"items", recovery_task_schema()}}},
            {"masked", {{"type", "boolean"}}},
            {"version", int_()}}}};
}

json case_schema() {
  return {{"type", "object"},
          {"required", {"id", "title", "type", "level", "month", "department_name", "grade", "lessons"}},
          {"properties",
           {{"id", int_()},
            {"title", str()},
            {"type", one_of(incident_types())},
            {"level", {{"type", "integer"}, {"minimum", 1}, {"maximum", 4}}},
            {"level_name", one_of({"I", "II", "III", "IV"})},
            {"month", {{"type", "string"}, {"pattern", "^[0-9]{4}-[0-9]{2}$"}}},
            {"department_name", str()},
            {"grade", one_of(accident_grades())},
            {"direct_causes", str()},
            {"root_causes", str()},
            {"actions", {{"type", "array"}, {"items", str()}}},
            {"lessons", str()},
            {"published_at", time()}}}};
}

}  // namespace anxin::incidents
