#include "modules/incidents/incident_documents.hpp"

#include <fmt/format.h>

#include <chrono>
#include <string_view>
#include <unordered_map>

#include "core/money.hpp"
#include "modules/identity/directory.hpp"
#include "modules/identity/scope.hpp"
#include "platform/report/pdf_document.hpp"
#include "platform/report/xlsx_table.hpp"
#include "platform/text/masking.hpp"

namespace anxin::incidents {

namespace {

constexpr const char* kMasked = "******";
constexpr const char* kXlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// Labels of the documents: {Chinese, English}. Unknown keys print as they are.
const std::unordered_map<std::string_view, std::pair<std::string_view, std::string_view>>& labels() {
  static const std::unordered_map<std::string_view, std::pair<std::string_view, std::string_view>> kLabels = {
      {"title", {"突发事件报告", "Incident report"}},
      {"list_title", {"突发事件列表", "Incidents"}},
      {"sheet", {"突发事件", "Incidents"}},
      {"footer", {"第 {page} 页 / 共 {pages} 页", "Page {page} of {pages}"}},
      {"exported", {"导出时间：{time}（北京时间）　导出人：{who}", "Exported {time} (Beijing time) by {who}"}},
      {"masked_note",
       {"部分内容已脱敏：查看完整内容需要 3 级及以上信息密级。",
        "Some content is masked: the full text needs clearance 3 or above."}},
      {"personal_note",
       {"本报告含个人信息，仅限工作使用，请妥善保管。", "This report holds personal data: for work use only."}},
      {"none", {"无记录", "None"}},
      {"dash", {"—", "—"}},
      {"yes", {"是", "yes"}},
      {"no", {"否", "no"}},
      // Sections.
      {"s.basic", {"一、基本情况", "1. Summary"}},
      {"s.description", {"二、事件经过", "2. What happened"}},
      {"s.measures", {"三、已采取的措施", "3. Measures taken"}},
      {"s.people", {"四、涉及人员", "4. People involved"}},
      {"s.chain", {"五、逐级报告", "5. Reporting chain"}},
      {"s.levels", {"六、响应级别与指挥人员", "6. Response level and commander"}},
      {"s.tasks", {"七、工作组任务", "7. Working-group tasks"}},
      {"s.timeline", {"八、时间线", "8. Timeline"}},
      {"s.end", {"九、应急结束与损失", "9. End of the emergency and loss"}},
      {"s.attachments", {"十、附件", "10. Attachments"}},
      // Fields and columns.
      {"number", {"事件编号", "Number"}},
      {"event_title", {"事件标题", "Title"}},
      {"type", {"事件类型", "Type"}},
      {"level", {"响应级别", "Response level"}},
      {"status", {"状态", "Status"}},
      {"occurred_at", {"发生时间", "Occurred"}},
      {"reported_at", {"上报时间", "Reported"}},
      {"department", {"事发部门", "Department"}},
      {"reporter", {"上报人", "Reported by"}},
      {"commander", {"指挥人员", "Commander"}},
      {"casualties", {"伤亡情况", "Casualties"}},
      {"casualties_text", {"死亡 {deaths} 人，受伤 {injuries} 人", "{deaths} dead, {injuries} injured"}},
      {"deaths", {"死亡人数", "Deaths"}},
      {"injuries", {"受伤人数", "Injuries"}},
      {"nature", {"事件性质", "Nature"}},
      {"scope", {"影响范围", "Scope"}},
      {"place", {"事发地点", "Place"}},
      {"description", {"事件经过", "Description"}},
      {"measures", {"已采取的措施", "Measures taken"}},
      {"people", {"涉及人员", "People"}},
      {"role", {"类别", "Role"}},
      {"name", {"姓名", "Name"}},
      {"order_ref", {"订单号", "Order"}},
      {"injured", {"受伤", "Injured"}},
      {"stage", {"环节", "Stage"}},
      {"assignee", {"负责人", "Assignee"}},
      {"due_at", {"期限", "Due"}},
      {"done_at", {"完成时间", "Done"}},
      {"done_by", {"完成人 / 升级至", "Done by / escalated to"}},
      {"at", {"时间", "Time"}},
      {"change", {"级别变化", "Change"}},
      {"rule", {"规则", "Rule"}},
      {"reason", {"原因", "Reason"}},
      {"by", {"操作人", "By"}},
      {"group", {"工作小组", "Group"}},
      {"task", {"任务", "Task"}},
      {"owner", {"负责人", "Owner"}},
      {"event", {"事项", "Event"}},
      {"note", {"说明", "Note"}},
      {"ended_at", {"结束时间", "Ended"}},
      {"ended_by", {"宣布人", "Declared by"}},
      {"loss", {"直接经济损失", "Direct loss"}},
      {"loss_yuan", {"直接经济损失（元）", "Direct loss (CNY)"}},
      {"loss_assessment", {"损失评估", "Loss assessment"}},
      {"file", {"文件名", "File"}},
      {"media_type", {"类型", "Type"}},
      {"size", {"大小", "Size"}},
      {"uploaded_by", {"上传人", "Uploaded by"}},
      {"uploaded_at", {"上传时间", "Uploaded"}},
      // Values.
      {"type.customer_injury", {"顾客受伤", "Customer injury"}},
      {"type.worker_injury", {"员工受伤", "Worker injury"}},
      {"type.property_damage", {"财物损坏", "Property damage"}},
      {"type.theft", {"盗窃", "Theft"}},
      {"type.group_complaint", {"群体投诉", "Group complaint"}},
      {"type.violence", {"暴力冲突", "Violence"}},
      {"type.fire", {"火灾", "Fire"}},
      {"type.natural_disaster", {"自然灾害", "Natural disaster"}},
      {"type.public_health", {"公共卫生", "Public health"}},
      {"type.system_failure", {"系统故障", "System failure"}},
      {"type.information_leak", {"信息泄露", "Information leak"}},
      {"type.other", {"其他", "Other"}},
      {"status.responding", {"处置中", "Responding"}},
      {"status.ended", {"应急结束", "Ended"}},
      {"status.closed", {"已关闭", "Closed"}},
      {"level.1", {"I 级（特别重大，红色）", "Level I (particularly serious, red)"}},
      {"level.2", {"II 级（重大，橙色）", "Level II (serious, orange)"}},
      {"level.3", {"III 级（较大，黄色）", "Level III (relatively serious, yellow)"}},
      {"level.4", {"IV 级（一般，蓝色）", "Level IV (general, blue)"}},
      {"role.worker", {"服务人员", "Worker"}},
      {"role.customer", {"顾客", "Customer"}},
      {"role.other", {"其他", "Other"}},
      {"stage.onsite", {"现场报告", "On-site report"}},
      {"stage.department_head", {"部门负责人", "Department head"}},
      {"stage.leadership", {"领导小组", "Leadership group"}},
      {"stage.authorities", {"主管部门", "Authorities"}},
      {"step.done", {"已确认", "Confirmed"}},
      {"step.pending", {"待确认", "Pending"}},
      {"step.escalated", {"已升级", "Escalated"}},
      {"rule.leader", {"领导小组组长", "Leader of the leadership group"}},
      {"rule.deputy_leader", {"领导小组副组长", "Deputy leader"}},
      {"rule.safety_department_head", {"安全管理部负责人", "Safety department head"}},
      {"rule.department_head", {"事发部门负责人", "Department head"}},
      {"rule.override", {"人工指定", "Assigned by hand"}},
      {"rule.unassigned", {"未指定", "Not assigned"}},
      {"task.open", {"待处理", "Open"}},
      {"task.in_progress", {"进行中", "In progress"}},
      {"task.done", {"已完成", "Done"}},
      {"task.cancelled", {"已取消", "Cancelled"}},
      {"group.rescue", {"应急救援组", "Rescue"}},
      {"group.logistics", {"后勤保障组", "Logistics"}},
      {"group.liaison", {"信息联络组", "Liaison"}},
      {"group.investigation", {"事故调查组", "Investigation"}},
      {"event.report", {"首次报告", "First report"}},
      {"event.follow_up", {"续报", "Follow-up"}},
      {"event.rescue", {"抢救伤员", "Rescue"}},
      {"event.evacuation", {"疏散人员", "Evacuation"}},
      {"event.customer_reassurance", {"安抚顾客", "Customer reassurance"}},
      {"event.order_keeping", {"维持秩序", "Order keeping"}},
      {"event.scene_preservation", {"保护现场", "Scene preservation"}},
      {"event.message", {"情况说明", "Message"}},
      {"event.end", {"应急结束", "End of emergency"}},
      {"event.commander", {"指挥人员", "Commander"}},
      {"event.step", {"报告环节", "Reporting step"}},
      {"event.escalation", {"超时升级", "Escalation"}},
      {"event.level", {"响应级别", "Response level"}},
      {"event.task", {"工作组任务", "Task"}},
      {"event.attachment", {"附件", "Attachment"}},
  };
  return kLabels;
}

class Labels {
 public:
  explicit Labels(const std::string& lang) : english_(lang == "en-US") {}
  bool english() const { return english_; }
  std::string operator()(std::string_view key) const {
    auto it = labels().find(key);
    if (it == labels().end()) return std::string(key);
    return std::string(english_ ? it->second.second : it->second.first);
  }
  /// The label of a coded value ("type", "customer_injury"); the code itself when unknown.
  std::string value(std::string_view kind, const std::string& code) const {
    const std::string key = std::string(kind) + "." + code;
    auto it = labels().find(key);
    if (it == labels().end()) return code;
    return std::string(english_ ? it->second.second : it->second.first);
  }

 private:
  bool english_;
};

std::string replace_all(std::string s, std::string_view from, const std::string& to) {
  for (auto p = s.find(from); p != std::string::npos; p = s.find(from, p + to.size())) s.replace(p, from.size(), to);
  return s;
}

/// "¥1,234.56" from fen.
std::string yuan(std::int64_t fen) {
  std::string plain = format_yuan(Fen{fen});
  const bool negative = plain.starts_with('-');
  if (negative) plain.erase(0, 1);
  const auto dot = plain.find('.');
  std::string whole = plain.substr(0, dot);
  for (auto i = static_cast<std::ptrdiff_t>(whole.size()) - 3; i > 0; i -= 3)
    whole.insert(static_cast<std::size_t>(i), ",");
  return std::string(negative ? "-" : "") + "¥" + whole + (dot == std::string::npos ? "" : plain.substr(dot));
}

std::string size_text(std::int64_t bytes) {
  if (bytes < 1024) return std::to_string(bytes) + " B";
  if (bytes < 1024 * 1024) return fmt::format("{:.1f} KiB", static_cast<double>(bytes) / 1024.0);
  return fmt::format("{:.1f} MiB", static_cast<double>(bytes) / (1024.0 * 1024.0));
}

report::Rgb level_colour(int level) {
  switch (level) {
    case 1: return {200, 30, 30};
    case 2: return {240, 130, 0};
    case 3: return {235, 190, 0};
    default: return {30, 100, 200};
  }
}

/// Class-3 text as the JSON API shows it to this viewer.
std::string class3(const std::optional<std::string>& v, bool show, const std::string& none) {
  if (!v) return none;
  return show ? *v : kMasked;
}

std::string person_name(const Person& p, bool show) {
  if (!p.name) return {};
  return show ? *p.name : text::mask_name(*p.name);
}

}  // namespace

std::string beijing_time(TimestampMs t) {
  using namespace std::chrono;
  const sys_time<milliseconds> local{milliseconds{t + 8LL * 3600 * 1000}};
  const auto day = floor<days>(local);
  const year_month_day ymd{day};
  const hh_mm_ss hms{floor<minutes>(local - day)};
  return fmt::format("{:04}-{:02}-{:02} {:02}:{:02}", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                     static_cast<unsigned>(ymd.day()), hms.hours().count(), hms.minutes().count());
}

/// Display names of users and departments for one document, each looked up once.
class IncidentDocuments::Names {
 public:
  Names(db::Conn& c, std::string none) : lookup_(directory_, c), none_(std::move(none)) {}

  std::string user(std::optional<std::int64_t> id) {
    if (!id || *id == 0) return none_;
    return lookup_.user(id).value_or("#" + std::to_string(*id));
  }
  std::string department(std::int64_t id) { return lookup_.department(id).value_or("#" + std::to_string(id)); }

 private:
  identity::Directory directory_;
  identity::NameLookup lookup_;
  std::string none_;
};

IncidentDocuments::IncidentDocuments(db::Database& db, const Clock& clock, const crypto::KeyRing& keys,
                                     audit::AuditSink& audit)
    : db_(db), clock_(clock), audit_(audit), incidents_(keys), attachments_(keys) {}

Result<Document> IncidentDocuments::report_pdf(const Caller& caller, std::int64_t id, const std::string& lang) {
  const Labels t(lang);
  const TimestampMs now = clock_.now_ms();
  std::int64_t department_id = 0;
  bool masked = false;
  std::string number;
  auto built = db_.read([&](db::Conn& c) -> Result<report::PdfDocument> {
    auto found = incidents_.get(c, id);
    if (!found || !identity::in_scope(caller, found->reporter_id, found->department_id, found->department_path)) {
      return Error::not_found("incidents.not_found");
    }
    const Incident& i = *found;
    department_id = i.department_id;
    number = i.number;
    const bool show = caller.clearance >= 3 || caller.user_id == i.reporter_id;
    masked = !show;
    const std::string dash = t("dash");
    Names names(c, dash);
    auto when = [&](const std::optional<TimestampMs>& v) { return v ? beijing_time(*v) : dash; };

    report::PdfDocument doc({.title = t("title"),
                             .subject = i.number,
                             .author = caller.display_name.empty() ? caller.username : caller.display_name,
                             .footer_format = t("footer")});
    doc.metadata_line(t("number") + (t.english() ? ": " : "：") + i.number);
    doc.metadata_line(replace_all(replace_all(t("exported"), "{time}", beijing_time(now)), "{who}",
                                  caller.display_name.empty() ? caller.username : caller.display_name));
    doc.metadata_line(show ? t("personal_note") : t("masked_note"));

    doc.heading(t("s.basic"));
    std::string commander = names.user(i.commander_id);
    if (i.commander_rule) {
      commander += t.english() ? " (" + t.value("rule", *i.commander_rule) + ")"
                               : "（" + t.value("rule", *i.commander_rule) + "）";
    }
    doc.fields({{t("number"), i.number},
                {t("event_title"), i.title},
                {t("type"), t.value("type", i.type)},
                {t("level"), t.value("level", std::to_string(i.level)), level_colour(i.level)},
                {t("status"), t.value("status", i.status)},
                {t("occurred_at"), beijing_time(i.occurred_at)},
                {t("reported_at"), beijing_time(i.reported_at)},
                {t("department"), names.department(i.department_id)},
                {t("reporter"), names.user(i.reporter_id)},
                {t("commander"), commander},
                {t("casualties"), replace_all(replace_all(t("casualties_text"), "{deaths}", std::to_string(i.deaths)),
                                              "{injuries}", std::to_string(i.injuries))},
                {t("nature"), i.nature.empty() ? dash : i.nature},
                {t("scope"), i.scope.empty() ? dash : i.scope},
                {t("place"), class3(i.place, show, dash)}});

    doc.heading(t("s.description"));
    doc.paragraph(class3(i.description, show, dash));
    doc.heading(t("s.measures"));
    doc.paragraph(class3(i.measures, show, dash));

    doc.heading(t("s.people"));
    if (i.people.empty()) {
      doc.note(t("none"));
    } else {
      std::vector<std::vector<std::string>> rows;
      for (const auto& p : i.people) {
        std::string name = person_name(p, show);
        if (name.empty() && p.user_id) name = names.user(p.user_id);
        rows.push_back({t.value("role", p.role), name.empty() ? dash : name, p.order_ref.value_or(dash),
                        p.injured ? t("yes") : t("no")});
      }
      doc.table({t("role"), t("name"), t("order_ref"), t("injured")}, std::move(rows), {0.2, 0.3, 0.3, 0.2});
    }

    doc.heading(t("s.chain"));
    std::vector<std::vector<std::string>> steps;
    for (const auto& s : incidents_.steps(c, id)) {
      std::string who = s.done_by ? names.user(s.done_by) : dash;
      if (s.escalated_to) who = (s.done_by ? who + " / " : std::string()) + "→ " + names.user(s.escalated_to);
      steps.push_back({t.value("stage", s.stage), names.user(s.assignee_id), beijing_time(s.due_at),
                       t.value("step", s.status), when(s.done_at), who});
    }
    if (steps.empty()) {
      doc.note(t("none"));
    } else {
      doc.table({t("stage"), t("assignee"), t("due_at"), t("status"), t("done_at"), t("done_by")}, std::move(steps),
                {0.16, 0.16, 0.18, 0.12, 0.18, 0.2});
    }

    doc.heading(t("s.levels"));
    std::vector<std::vector<std::string>> levels;
    for (const auto& l : incidents_.levels(c, id)) {
      const auto at = parse_rfc3339(l.value("at", std::string()));
      std::string change = l["from_level"].is_null() ? std::string(level_name(l["to_level"].get<int>()))
                                                     : std::string(level_name(l["from_level"].get<int>())) + " → " +
                                                           level_name(l["to_level"].get<int>());
      std::optional<std::int64_t> commander_id;
      if (!l["commander_id"].is_null()) commander_id = l["commander_id"].get<std::int64_t>();
      levels.push_back({when(at), change, names.user(commander_id),
                        t.value("rule", l.value("commander_rule", std::string())), l.value("reason", std::string()),
                        names.user(l["by_id"].get<std::int64_t>())});
    }
    if (levels.empty()) {
      doc.note(t("none"));
    } else {
      doc.table({t("at"), t("change"), t("commander"), t("rule"), t("reason"), t("by")}, std::move(levels),
                {0.18, 0.12, 0.15, 0.17, 0.23, 0.15});
    }

    doc.heading(t("s.tasks"));
    std::vector<std::vector<std::string>> tasks;
    for (const auto& task : incidents_.tasks(c, id)) {
      tasks.push_back({t.value("group", task.group_code), task.title, names.user(task.owner_id), when(task.due_at),
                       t.value("task", task.status)});
    }
    if (tasks.empty()) {
      doc.note(t("none"));
    } else {
      doc.table({t("group"), t("task"), t("owner"), t("due_at"), t("status")}, std::move(tasks),
                {0.16, 0.36, 0.14, 0.2, 0.14});
    }

    doc.heading(t("s.timeline"));
    std::vector<std::vector<std::string>> events;
    for (const auto& e : incidents_.events(c, id)) {
      std::string what = t.value("event", e.kind);
      if (!e.summary.empty() && e.summary != e.kind) what += (t.english() ? ": " : "：") + e.summary;
      events.push_back({beijing_time(e.at), what, names.user(e.actor_id), class3(e.note, show, "")});
    }
    if (events.empty()) {
      doc.note(t("none"));
    } else {
      doc.table({t("at"), t("event"), t("by"), t("note")}, std::move(events), {0.2, 0.25, 0.15, 0.4});
    }

    doc.heading(t("s.end"));
    doc.fields({{t("ended_at"), when(i.ended_at)},
                {t("ended_by"), names.user(i.ended_by)},
                {t("loss"), i.loss_fen ? yuan(*i.loss_fen) : dash},
                {t("loss_assessment"), class3(i.loss_assessment, show, dash)}});

    doc.heading(t("s.attachments"));
    std::vector<std::vector<std::string>> files;
    for (const auto& a : attachments_.of_incident(c, id)) {
      files.push_back({may_open(a, caller) ? a.name : kMasked, a.media_type, size_text(a.size_bytes),
                       names.user(a.uploaded_by), beijing_time(a.uploaded_at)});
    }
    if (files.empty()) {
      doc.note(t("none"));
    } else {
      doc.table({t("file"), t("media_type"), t("size"), t("uploaded_by"), t("uploaded_at")}, std::move(files),
                {0.34, 0.18, 0.12, 0.16, 0.2});
    }
    return doc;
  });
  if (!built.ok()) return built.error();

  Document out{
      .bytes = built->render(), .file_name = number + ".pdf", .media_type = "application/pdf", .rows = 1, .total = 1};
  auto recorded = db_.write([&](db::Conn& c) -> Status {
    audit_.append(c, {.actor = audit::Actor::of(caller),
                      .action = "export",
                      .entity = "incident",
                      .entity_id = std::to_string(id),
                      .department_id = department_id,
                      .after = {{"format", "pdf"}, {"masked", masked}, {"bytes", out.bytes.size()}}});
    return ok_status();
  });
  if (!recorded.ok()) return recorded.error();
  return out;
}

Result<Document> IncidentDocuments::list_xlsx(const Caller& caller, const IncidentFilter& filter,
                                              const std::string& lang) {
  const Labels t(lang);
  const TimestampMs now = clock_.now_ms();
  report::XlsxTable table(
      {.sheet = t("sheet"), .title = t("list_title")},
      {{t("number"), 22},         {t("event_title"), 28}, {t("type"), 12},        {t("level"), 10},
       {t("status"), 10},         {t("occurred_at"), 17}, {t("reported_at"), 17}, {t("department"), 16},
       {t("reporter"), 12},       {t("commander"), 12},   {t("place"), 24},       {t("nature"), 16},
       {t("scope"), 16},          {t("deaths"), 9},       {t("injuries"), 9},     {t("description"), 40},
       {t("measures"), 32},       {t("people"), 28},      {t("ended_at"), 17},    {t("loss_yuan"), 14},
       {t("loss_assessment"), 32}});
  std::int64_t total = 0;
  auto filled = db_.read([&](db::Conn& c) -> Status {
    const auto page = incidents_.list(c, filter, identity::scope_filter(caller), now,
                                      PageRequest{.page = 1, .page_size = kMaxExportRows});
    total = page.total;
    Names names(c, "");
    for (const auto& i : page.items) {
      const bool show = caller.clearance >= 3 || caller.user_id == i.reporter_id;
      std::string people;
      for (const auto& p : i.people) {
        std::string name = person_name(p, show);
        if (name.empty() && p.user_id) name = names.user(p.user_id);
        if (!people.empty()) people += t.english() ? "; " : "；";
        people += t.value("role", p.role) + (name.empty() ? "" : " " + name);
        if (p.injured) people += t.english() ? " (injured)" : "（受伤）";
      }
      auto opt_text = [&](const std::optional<std::string>& v) -> report::CellValue {
        if (!v) return std::monostate{};
        return show ? *v : std::string(kMasked);
      };
      table.add_row({i.number,
                     i.title,
                     t.value("type", i.type),
                     std::string(level_name(i.level)),
                     t.value("status", i.status),
                     report::Instant{i.occurred_at},
                     report::Instant{i.reported_at},
                     names.department(i.department_id),
                     names.user(i.reporter_id),
                     names.user(i.commander_id),
                     opt_text(i.place),
                     i.nature,
                     i.scope,
                     i.deaths,
                     i.injuries,
                     opt_text(i.description),
                     opt_text(i.measures),
                     people,
                     i.ended_at ? report::CellValue(report::Instant{*i.ended_at}) : report::CellValue(std::monostate{}),
                     i.loss_fen ? report::CellValue(Fen{*i.loss_fen}) : report::CellValue(std::monostate{}),
                     opt_text(i.loss_assessment)});
    }
    return ok_status();
  });
  if (!filled.ok()) return filled.error();

  Document out{.bytes = table.render(),
               .file_name = "incidents-" + replace_all(replace_all(beijing_time(now), "-", ""), " ", "-") + ".xlsx",
               .media_type = kXlsxType,
               .rows = static_cast<std::int64_t>(table.rows()),
               .total = total};
  out.file_name = replace_all(out.file_name, ":", "");
  nlohmann::json f = nlohmann::json::object();
  if (filter.type) f["type"] = *filter.type;
  if (filter.level) f["level"] = *filter.level;
  if (filter.status) f["status"] = *filter.status;
  if (filter.department_id) f["department_id"] = *filter.department_id;
  if (filter.from) f["from"] = format_rfc3339(*filter.from);
  if (filter.to) f["to"] = format_rfc3339(*filter.to);
  if (filter.overdue) f["overdue"] = true;
  auto recorded = db_.write([&](db::Conn& c) -> Status {
    audit_.append(c, {.actor = audit::Actor::of(caller),
                      .action = "export",
                      .entity = "incident",
                      .after = {{"format", "xlsx"}, {"filter", f}, {"rows", out.rows}, {"total", out.total}}});
    return ok_status();
  });
  if (!recorded.ok()) return recorded.error();
  return out;
}

}  // namespace anxin::incidents
