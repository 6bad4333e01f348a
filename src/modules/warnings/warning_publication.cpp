// WarningService: what goes out of the service — the notifications of each change (in-app, SMS, group robots and
// the customers' own notice) and the warnings as OASIS CAP 1.2 alerts and feed.
#include <set>

#include "modules/warnings/warning_service.hpp"
#include "platform/notify/payloads.hpp"

namespace anxin::warnings {
namespace {

/// "2026-07-01 14:00" in Beijing time, for notification texts.
std::string beijing_minutes(TimestampMs t) {
  const std::string cap = cap_time(t);  // 2026-07-01T14:00:00+08:00
  return cap.substr(0, 10) + " " + cap.substr(11, 5);
}

std::string_view level_en(Level level) {
  switch (level) {
    case Level::kRed: return "Red";
    case Level::kOrange: return "Orange";
    case Level::kYellow: return "Yellow";
    case Level::kBlue: return "Blue";
  }
  return "Blue";
}

std::string_view action_zh(Action action) {
  switch (action) {
    case Action::kIssue: return "发布";
    case Action::kUpdate: return "更新";
    case Action::kEscalate: return "升级";
    case Action::kDowngrade: return "降级";
    case Action::kLift: return "解除";
  }
  return "更新";
}

std::string_view action_en(Action action) {
  switch (action) {
    case Action::kIssue: return "issued";
    case Action::kUpdate: return "updated";
    case Action::kEscalate: return "escalated";
    case Action::kDowngrade: return "downgraded";
    case Action::kLift: return "lifted";
  }
  return "updated";
}

}  // namespace

Status WarningService::publish(db::Conn& c, const Warning& w, Action action, const std::string& reason) {
  notify::Publication p;
  p.event = action == Action::kIssue ? kEventIssued : action == Action::kLift ? kEventLifted : kEventChanged;
  std::string areas_zh;
  std::string areas_en;
  for (const auto& a : w.areas) {
    areas_zh += (areas_zh.empty() ? "" : "、") + a.name;
    areas_en += (areas_en.empty() ? "" : ", ") + a.name;
  }
  p.params = {{"title", w.title},
              {"level_zh", level_colour_zh(w.level)},
              {"level_en", level_en(w.level)},
              {"level_roman", level_roman(w.level)},
              {"action_zh", action_zh(action)},
              {"action_en", action_en(action)},
              {"areas", areas_zh},
              {"areas_en", areas_en},
              {"expected_at_zh", beijing_minutes(w.expected_at) + "（北京时间）"},
              {"expected_at_en", beijing_minutes(w.expected_at) + " (UTC+8)"},
              {"measures", w.measures},
              {"reason", reason.empty() ? std::string("-") : reason},
              {"warning_id", w.id},
              {"version", w.version}};
  // Everyone in the affected departments and sites, and below them.
  std::set<std::int64_t> users;
  for (const auto& a : w.areas) {
    if (!a.department_id) continue;
    auto d = repo_.department(c, *a.department_id);
    if (!d) continue;
    for (auto id : repo_.users_under(c, d->path)) users.insert(id);
  }
  for (auto id : users) {
    p.recipients.push_back({.user_id = id, .lang = "zh-CN", .channels = {notify::Via::kInApp, notify::Via::kSms}});
  }
  p.group_channels = w.channels;
  p.dedupe_key = "warning:" + std::to_string(w.id) + ":v" + std::to_string(w.version);
  p.entity = "warning";
  p.entity_id = w.id;
  ANXIN_TRY(notifier_.publish(c, p));
  if (w.customer_contacts.empty()) return ok_status();
  // Affected customers get their own, shorter notice by SMS or e-mail at the contacts given.
  notify::Publication customers;
  customers.event = kEventCustomerNotice;
  customers.params = p.params;
  for (const auto& contact : w.customer_contacts) {
    customers.external.push_back(is_email_contact(contact) ? notify::ExternalRecipient{.email = contact}
                                                           : notify::ExternalRecipient{.mobile = contact});
  }
  customers.dedupe_key = *p.dedupe_key + ":customers";
  customers.entity = "warning";
  customers.entity_id = w.id;
  return notifier_.publish(c, customers);
}

CapOptions WarningService::cap_options(db::Conn& c) {
  CapOptions o = cap_;
  if (auto name = repo_.company_name(c)) o.sender_name = *name;
  return o;
}

Result<std::string> WarningService::cap(std::int64_t id, std::optional<std::int64_t> version) {
  return db_.read([&](db::Conn& c) -> Result<std::string> {
    if (!repo_.get(c, id)) return Error::not_found("warnings.warning_not_found");
    auto versions = repo_.versions(c, id);
    if (versions.empty()) return Error::not_found("warnings.warning_not_found");
    std::size_t at = versions.size() - 1;
    if (version) {
      if (*version < 1 || *version > static_cast<std::int64_t>(versions.size())) {
        return Error::not_found("warnings.version_not_found", {{"version", *version}});
      }
      at = static_cast<std::size_t>(*version - 1);
    }
    CapMessage m{versions[at], {versions.begin(), versions.begin() + static_cast<std::ptrdiff_t>(at)}};
    return cap_alert(m, cap_options(c));
  });
}

std::string WarningService::cap_feed(std::string_view self_path, std::string_view cap_path_prefix) {
  return db_.read([&](db::Conn& c) {
    const TimestampMs now = clock_.now_ms();
    std::vector<CapMessage> messages;
    for (auto id : repo_.feed_ids(c, now - kFeedCancelMs, kFeedLimit)) {
      auto versions = repo_.versions(c, id);
      if (versions.empty()) continue;
      CapMessage m;
      m.current = versions.back();
      versions.pop_back();
      m.earlier = std::move(versions);
      messages.push_back(std::move(m));
    }
    return warnings::cap_feed(messages, cap_options(c), now, self_path, cap_path_prefix);
  });
}

void register_templates(notify::Notifier& notifier) {
  notifier.register_template({.event = kEventIssued,
                              .subject_zh = "【{level_zh}预警】{title}",
                              .body_zh = "发布{level_zh}预警（{level_roman}级）：{title}\n影响区域：{areas}\n"
                                         "预计时间：{expected_at_zh}\n防范措施：{measures}",
                              .subject_en = "[{level_en} warning] {title}",
                              .body_en =
                                  "{level_en} warning (level {level_roman}) issued: {title}\n"
                                  "Affected areas: {areas_en}\nExpected: {expected_at_en}\nMeasures: {measures}"});
  notifier.register_template(
      {.event = kEventChanged,
       .subject_zh = "【预警{action_zh}】{title}（{level_zh}）",
       .body_zh = "预警已{action_zh}，当前为{level_zh}预警（{level_roman}级）：{title}\n说明：{reason}\n"
                  "影响区域：{areas}\n预计时间：{expected_at_zh}\n防范措施：{measures}",
       .subject_en = "[Warning {action_en}] {title} ({level_en})",
       .body_en = "The warning was {action_en}; it is now a {level_en} warning (level {level_roman}): {title}\n"
                  "Reason: {reason}\nAffected areas: {areas_en}\nExpected: {expected_at_en}\nMeasures: {measures}"});
  // Customers hear what concerns their home visits, without internal checklists or reasons.
  notifier.register_template(
      {.event = kEventCustomerNotice,
       .subject_zh = "【{level_zh}预警{action_zh}】{title}",
       .body_zh = "尊敬的客户：{areas}{level_zh}预警已{action_zh}（{title}），预计时间 {expected_at_zh}。"
                  "请注意：{measures}如需调整上门服务时间，请联系您的服务顾问。",
       .subject_en = "[{level_en} warning {action_en}] {title}",
       .body_en = "Dear customer: a {level_en} warning for {areas_en} was {action_en} ({title}), expected "
                  "{expected_at_en}. Please note: {measures} To change a home visit, please contact your service "
                  "adviser."});
  notifier.register_template({.event = kEventLifted,
                              .subject_zh = "【预警解除】{title}",
                              .body_zh = "{level_zh}预警（{level_roman}级）“{title}”已解除。说明：{reason}",
                              .subject_en = "[Warning lifted] {title}",
                              .body_en = "The {level_en} warning (level {level_roman}) \"{title}\" has been lifted. "
                                         "Reason: {reason}"});
}

}  // namespace anxin::warnings
