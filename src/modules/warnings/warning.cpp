#include "modules/warnings/warning.hpp"

#include <array>
#include <map>

namespace anxin::warnings {
namespace {

struct LevelInfo {
  Level level;
  std::string_view name;
  std::string_view roman;
  std::string_view colour_zh;
};
constexpr std::array<LevelInfo, 4> kLevels = {{{Level::kRed, "red", "I", "红色"},
                                               {Level::kOrange, "orange", "II", "橙色"},
                                               {Level::kYellow, "yellow", "III", "黄色"},
                                               {Level::kBlue, "blue", "IV", "蓝色"}}};

const LevelInfo& info(Level level) { return kLevels.at(static_cast<std::size_t>(level) - 1); }

struct CategoryInfo {
  Category category;
  std::string_view name;
  std::string_view zh;
  std::string_view en;
};
constexpr std::array<CategoryInfo, 7> kCategories = {{{Category::kWeather, "weather", "气象", "Weather"},
                                                      {Category::kSafety, "safety", "安全", "Safety"},
                                                      {Category::kHealth, "health", "公共卫生", "Public health"},
                                                      {Category::kFire, "fire", "火灾", "Fire"},
                                                      {Category::kSecurity, "security", "治安", "Security"},
                                                      {Category::kSystem, "system", "系统故障", "System failure"},
                                                      {Category::kOther, "other", "其他", "Other"}}};

struct GroupInfo {
  std::string_view code;
  std::string_view zh;
  std::string_view en;
};
constexpr std::array<GroupInfo, 5> kGroups = {{{"rescue", "应急救援组", "Rescue group"},
                                               {"logistics", "后勤保障组", "Logistics group"},
                                               {"liaison", "信息联络组", "Liaison group"},
                                               {"investigation", "事故调查组", "Investigation group"},
                                               {"custom", "其他", "Other"}}};

nlohmann::json opt(const std::optional<std::int64_t>& v) { return v ? nlohmann::json(*v) : nlohmann::json(); }
nlohmann::json opt_time(const std::optional<TimestampMs>& v) {
  return v ? nlohmann::json(format_rfc3339(*v)) : nlohmann::json();
}
nlohmann::json opt_name(const std::optional<std::int64_t>& id, const std::string& name) {
  return id ? nlohmann::json(name) : nlohmann::json();
}

}  // namespace

std::string_view level_name(Level level) { return info(level).name; }
std::string_view level_roman(Level level) { return info(level).roman; }
std::string_view level_colour_zh(Level level) { return info(level).colour_zh; }

std::optional<Level> parse_level(std::string_view text) {
  for (const auto& l : kLevels) {
    if (l.name == text) return l.level;
  }
  return std::nullopt;
}

std::optional<Level> level_from_number(std::int64_t n) {
  if (n < 1 || n > 4) return std::nullopt;
  return static_cast<Level>(n);
}

std::string_view category_name(Category category) { return kCategories.at(static_cast<std::size_t>(category)).name; }

std::string_view category_label(Category category, bool english) {
  const auto& c = kCategories.at(static_cast<std::size_t>(category));
  return english ? c.en : c.zh;
}

std::optional<Category> parse_category(std::string_view text) {
  for (const auto& c : kCategories) {
    if (c.name == text) return c.category;
  }
  return std::nullopt;
}

std::string_view scope_name(Scope scope) { return scope == Scope::kPublic ? "public" : "restricted"; }

std::optional<Scope> parse_scope(std::string_view text) {
  if (text == "public") return Scope::kPublic;
  if (text == "restricted") return Scope::kRestricted;
  return std::nullopt;
}

std::string_view action_name(Action action) {
  switch (action) {
    case Action::kIssue: return "issue";
    case Action::kUpdate: return "update";
    case Action::kEscalate: return "escalate";
    case Action::kDowngrade: return "downgrade";
    case Action::kLift: return "lift";
  }
  return "update";
}

std::optional<Action> parse_action(std::string_view text) {
  for (Action a : {Action::kIssue, Action::kUpdate, Action::kEscalate, Action::kDowngrade, Action::kLift}) {
    if (action_name(a) == text) return a;
  }
  return std::nullopt;
}

const std::vector<ChecklistTemplateItem>& checklist_plan() {
  // The emergency measures (预警响应): the rescue group assembles and stands by, logistics makes sure
  // supplies are sufficient and equipment in order, liaison follows developments and passes on
  // information; every department steps up patrols of the premises. Severe levels add more.
  static const std::vector<ChecklistTemplateItem> kPlan = {
      {"rescue", "rescue.standby", "应急救援组集结待命，随时准备投入应急救援工作",
       "Rescue group assembles and stands by, ready to respond", Level::kBlue},
      {"rescue", "rescue.duty_24h", "实行24小时值守", "Keep round-the-clock (24 h) duty", Level::kOrange},
      {"rescue", "rescue.suspend_visits", "暂停受影响区域非必要的上门服务",
       "Suspend non-essential home visits in the affected area", Level::kRed},
      {"logistics", "logistics.supplies", "检查应急物资和设备设施，确保物资充足、设备完好",
       "Check emergency supplies and equipment: enough supplies, equipment in working order", Level::kBlue},
      {"logistics", "logistics.patrol", "加强对经营场所的巡查和监控", "Step up patrols and monitoring of the premises",
       Level::kYellow},
      {"logistics", "logistics.preposition", "向受影响站点预置应急物资",
       "Pre-position emergency supplies at the affected sites", Level::kOrange},
      {"liaison", "liaison.monitor", "密切关注事件发展动态并收集信息，及时传递",
       "Monitor developments, collect information and pass it on", Level::kBlue},
      {"liaison", "liaison.inform_sites", "向受影响站点和在岗服务人员传达预警及防范措施",
       "Pass the warning and its measures on to the affected sites and the staff on duty", Level::kBlue},
      {"liaison", "liaison.roster", "核实受影响区域在岗服务人员和在服客户名单",
       "Confirm which workers are on duty and which customers are served in the affected area", Level::kYellow},
      {"liaison", "liaison.report_2h", "每2小时向应急管理领导小组报告一次动态",
       "Report developments to the emergency leadership group every 2 hours", Level::kRed},
  };
  return kPlan;
}

nlohmann::json to_json(const Area& a) { return {{"department_id", opt(a.department_id)}, {"name", a.name}}; }

nlohmann::json to_json(const Warning& w) {
  nlohmann::json areas = nlohmann::json::array();
  for (const auto& a : w.areas) areas.push_back(to_json(a));
  return {{"id", w.id},
          {"level", level_name(w.level)},
          {"level_number", static_cast<int>(w.level)},
          {"level_roman", level_roman(w.level)},
          {"category", category_name(w.category)},
          {"title", w.title},
          {"areas", areas},
          {"expected_at", format_rfc3339(w.expected_at)},
          {"expires_at", opt_time(w.expires_at)},
          {"scope", scope_name(w.scope)},
          {"measures", w.measures},
          {"description", w.description},
          {"channels", w.channels},
          {"customer_count", w.customer_contacts.size()},
          {"status", w.status},
          {"issued_by", opt(w.issued_by)},
          {"issued_by_name", opt_name(w.issued_by, w.issued_by_name)},
          {"issued_at", format_rfc3339(w.issued_at)},
          {"lifted_at", opt_time(w.lifted_at)},
          {"created_at", format_rfc3339(w.created_at)},
          {"updated_at", format_rfc3339(w.updated_at)},
          {"version", w.version}};
}

nlohmann::json to_json(const WarningVersion& v) {
  return {{"warning_id", v.warning_id},
          {"version", v.version},
          {"action", action_name(v.action)},
          {"changed_by", opt(v.changed_by)},
          {"changed_by_name", opt_name(v.changed_by, v.changed_by_name)},
          {"changed_at", format_rfc3339(v.changed_at)},
          {"reason", v.reason},
          {"snapshot", to_json(v.snapshot)}};
}

nlohmann::json to_json(const ChecklistItem& item) {
  return {{"id", item.id},
          {"warning_id", item.warning_id},
          {"group", item.group},
          {"code", item.code},
          {"title_zh", item.title_zh},
          {"title_en", item.title_en},
          {"min_level", level_name(item.min_level)},
          {"owner_id", opt(item.owner_id)},
          {"owner_name", opt_name(item.owner_id, item.owner_name)},
          {"done", item.done},
          {"done_by", opt(item.done_by)},
          {"done_by_name", opt_name(item.done_by, item.done_by_name)},
          {"done_at", opt_time(item.done_at)},
          {"updated_at", format_rfc3339(item.updated_at)},
          {"version", item.version}};
}

nlohmann::json checklist_json(const std::vector<ChecklistItem>& items) {
  // Groups in the order of kGroups, items in their sort order within each group.
  nlohmann::json out = nlohmann::json::array();
  for (const auto& g : kGroups) {
    nlohmann::json list = nlohmann::json::array();
    int done = 0;
    for (const auto& item : items) {
      if (item.group != g.code) continue;
      list.push_back(to_json(item));
      done += item.done ? 1 : 0;
    }
    if (list.empty()) continue;
    out.push_back({{"group", g.code},
                   {"name_zh", g.zh},
                   {"name_en", g.en},
                   {"done", done},
                   {"total", list.size()},
                   {"items", std::move(list)}});
  }
  return out;
}

namespace {
nlohmann::json str() { return {{"type", "string"}}; }
nlohmann::json str_or_null() { return {{"type", {"string", "null"}}}; }
nlohmann::json int_or_null() { return {{"type", {"integer", "null"}}}; }
nlohmann::json time_or_null() { return {{"type", {"string", "null"}}, {"format", "date-time"}}; }
nlohmann::json time() { return {{"type", "string"}, {"format", "date-time"}}; }
}  // namespace

nlohmann::json warning_schema() {
  const nlohmann::json area = {{"type", "object"},
                               {"required", {"department_id", "name"}},
                               {"properties", {{"department_id", int_or_null()}, {"name", str()}}}};
  return {
      {"type", "object"},
      {"required", {"id", "level", "category", "title", "areas", "expected_at", "customer_count", "status", "version"}},
      {"properties",
       {{"id", {{"type", "integer"}}},
        {"level", {{"type", "string"}, {"enum", {"red", "orange", "yellow", "blue"}}}},
        {"level_number", {{"type", "integer"}, {"minimum", 1}, {"maximum", 4}}},
        {"level_roman", {{"type", "string"}, {"enum", {"I", "II", "III", "IV"}}}},
        {"category",
         {{"type", "string"}, {"enum", {"weather", "safety", "health", "fire", "security", "system", "other"}}}},
        {"title", str()},
        {"areas", {{"type", "array"}, {"items", area}}},
        {"expected_at", time()},
        {"expires_at", time_or_null()},
        {"scope", {{"type", "string"}, {"enum", {"public", "restricted"}}}},
        {"measures", str()},
        {"description", str()},
        {"channels", {{"type", "array"}, {"items", {{"type", "integer"}}}}},
        {"customer_count",
         {{"type", "integer"}, {"description", "Customers told by SMS or e-mail (their contacts are never returned)"}}},
        {"status", {{"type", "string"}, {"enum", {"active", "lifted"}}}},
        {"issued_by", int_or_null()},
        {"issued_by_name", str_or_null()},
        {"issued_at", time()},
        {"lifted_at", time_or_null()},
        {"created_at", time()},
        {"updated_at", time()},
        {"version", {{"type", "integer"}}}}}};
}

nlohmann::json version_schema() {
  return {{"type", "object"},
          {"required", {"warning_id", "version", "action", "changed_at", "reason", "snapshot"}},
          {"properties",
           {{"warning_id", {{"type", "integer"}}},
            {"version", {{"type", "integer"}}},
            {"action", {{"type", "string"}, {"enum", {"issue", "update", "escalate", "downgrade", "lift"}}}},
            {"changed_by", int_or_null()},
            {"changed_by_name", str_or_null()},
            {"changed_at", time()},
            {"reason", str()},
            {"snapshot", warning_schema()}}}};
}

nlohmann::json checklist_item_schema() {
  return {{"type", "object"},
          {"required", {"id", "warning_id", "group", "code", "title_zh", "title_en", "done", "version"}},
          {"properties",
           {{"id", {{"type", "integer"}}},
            {"warning_id", {{"type", "integer"}}},
            {"group", {{"type", "string"}, {"enum", {"rescue", "logistics", "liaison", "investigation", "custom"}}}},
            {"code", str()},
            {"title_zh", str()},
            {"title_en", str()},
            {"min_level", {{"type", "string"}, {"enum", {"red", "orange", "yellow", "blue"}}}},
            {"owner_id", int_or_null()},
            {"owner_name", str_or_null()},
            {"done", {{"type", "boolean"}}},
            {"done_by", int_or_null()},
            {"done_by_name", str_or_null()},
            {"done_at", time_or_null()},
            {"updated_at", time()},
            {"version", {{"type", "integer"}}}}}};
}

nlohmann::json checklist_schema() {
  const nlohmann::json group = {{"type", "object"},
                                {"required", {"group", "name_zh", "name_en", "done", "total", "items"}},
                                {"properties",
                                 {{"group", str()},
                                  {"name_zh", str()},
                                  {"name_en", str()},
                                  {"done", {{"type", "integer"}}},
                                  {"total", {{"type", "integer"}}},
                                  {"items", {{"type", "array"}, {"items", checklist_item_schema()}}}}}};
  return {{"type", "object"},
          {"required", {"warning_id", "groups"}},
          {"properties", {{"warning_id", {{"type", "integer"}}}, {"groups", {{"type", "array"}, {"items", group}}}}}};
}

}  // namespace anxin::warnings
