#include "modules/warnings/warning_service.hpp"

#include <set>

#include "platform/http/schema.hpp"
#include "platform/notify/payloads.hpp"
#include "platform/text/identifiers.hpp"
#include "platform/text/utf8.hpp"

namespace anxin::warnings {
namespace {

constexpr std::int64_t kChinaOffsetMs = 8LL * 3600 * 1000;

std::optional<std::int64_t> user_of(const Caller& caller) {
  if (caller.user_id > 0) return caller.user_id;
  return std::nullopt;
}

std::string trimmed(std::string_view s) { return std::string(text::trim_ascii(s)); }

/// The audit view of a warning: readable fields only; measures and description (class 3) never.
nlohmann::json audit_json(const Warning& w) {
  nlohmann::json areas = nlohmann::json::array();
  for (const auto& a : w.areas) areas.push_back(to_json(a));
  return {{"level", level_name(w.level)},
          {"category", category_name(w.category)},
          {"title", w.title},
          {"areas", areas},
          {"expected_at", format_rfc3339(w.expected_at)},
          {"expires_at", w.expires_at ? nlohmann::json(format_rfc3339(*w.expires_at)) : nlohmann::json()},
          {"scope", scope_name(w.scope)},
          {"channels", w.channels},
          {"status", w.status},
          {"version", w.version}};
}

nlohmann::json checklist_audit_json(const ChecklistItem& i) {
  return {{"warning_id", i.warning_id},
          {"code", i.code},
          {"done", i.done},
          {"owner_id", i.owner_id ? nlohmann::json(*i.owner_id) : nlohmann::json()}};
}

Status check_text(const std::string& value, const char* field, std::size_t max, bool required) {
  if (required && text::trim_ascii(value).empty()) return Error::invalid("common.field_required", {{"field", field}});
  if (http::utf8_length(value) > max) return Error::invalid("common.field_too_long", {{"field", field}, {"max", max}});
  for (unsigned char c : value) {
    if (c < 0x20 && c != '\n' && c != '\t' && c != '\r') {
      return Error::invalid("common.field_control_chars", {{"field", field}});
    }
  }
  return ok_status();
}

Status check_reason(const std::string& reason, bool required) {
  return check_text(reason, "reason", kMaxReason, required);
}

/// Customers' contacts as given (one mobile number or e-mail address each): normalised (+86 and
/// separators dropped from mobile numbers), checked and without repeats.
Result<std::vector<std::string>> normalised_contacts(const std::vector<std::string>& input) {
  if (input.size() > kMaxCustomerContacts) {
    return Error::invalid("common.too_many_items", {{"field", "customer_contacts"}, {"max", kMaxCustomerContacts}});
  }
  std::vector<std::string> out;
  std::set<std::string> seen;
  for (std::size_t i = 0; i < input.size(); ++i) {
    const std::string value = trimmed(input[i]);
    std::optional<std::string> contact;
    if (is_email_contact(value)) {
      if (notify::valid_address(value)) contact = value;
    } else {
      contact = text::normalize_mobile(value);
    }
    // The value itself is personal data: the error names its position only.
    if (!contact)
      return Error::invalid("warnings.customer_contact_invalid", {{"field", "customer_contacts"}, {"index", i + 1}});
    if (seen.insert(*contact).second) out.push_back(*contact);
  }
  return out;
}

}  // namespace

Status WarningService::validate(const Warning& w) {
  ANXIN_TRY(check_text(w.title, "title", kMaxTitle, true));
  ANXIN_TRY(check_text(w.measures, "measures", kMaxText, true));
  ANXIN_TRY(check_text(w.description, "description", kMaxText, false));
  if (w.areas.empty()) return Error::invalid("warnings.area_required");
  if (w.expires_at && *w.expires_at <= w.expected_at) return Error::invalid("warnings.expires_before_onset");
  if (w.channels.size() > kMaxChannels) {
    return Error::invalid("common.too_many_items", {{"field", "channels"}, {"max", kMaxChannels}});
  }
  return ok_status();
}

Result<std::vector<Area>> WarningService::resolve_areas(db::Conn& c, const std::vector<AreaInput>& input) {
  if (input.empty()) return Error::invalid("warnings.area_required");
  if (input.size() > kMaxAreas)
    return Error::invalid("common.too_many_items", {{"field", "areas"}, {"max", kMaxAreas}});
  std::vector<Area> out;
  std::set<std::int64_t> departments;
  std::set<std::string> texts;
  for (const auto& a : input) {
    if (a.department_id.has_value() == a.text.has_value()) return Error::invalid("warnings.area_invalid");
    if (a.department_id) {
      auto d = repo_.department(c, *a.department_id);
      if (!d || !d->active) return Error::invalid("warnings.department_invalid", {{"id", *a.department_id}});
      if (departments.insert(d->id).second) out.push_back({d->id, d->name});
    } else {
      const std::string text = trimmed(*a.text);
      ANXIN_TRY(check_text(text, "areas.text", kMaxAreaText, true));
      if (texts.insert(text).second) out.push_back({std::nullopt, text});
    }
  }
  return out;
}

PageOf<Warning> WarningService::list(const WarningFilter& filter, const PageRequest& page) {
  return db_.read([&](db::Conn& c) { return repo_.list(c, filter, page); });
}

Result<Warning> WarningService::get(std::int64_t id) {
  auto w = db_.read([&](db::Conn& c) { return repo_.get(c, id); });
  if (!w) return Error::not_found("warnings.warning_not_found");
  return *w;
}

Result<Warning> WarningService::issue(const Caller& caller, const NewWarning& in) {
  return db_.write([&](db::Conn& c) -> Result<Warning> {
    ANXIN_TRY(check_reason(in.reason, false));
    Warning w;
    w.level = in.level;
    w.category = in.category;
    w.title = trimmed(in.title);
    ANXIN_ASSIGN_OR_RETURN(w.areas, resolve_areas(c, in.areas));
    w.expected_at = in.expected_at;
    w.expires_at = in.expires_at;
    w.scope = in.scope;
    w.measures = in.measures;
    w.description = in.description;
    std::set<std::int64_t> seen;
    for (auto ch : in.channels) {
      if (seen.insert(ch).second) w.channels.push_back(ch);
    }
    ANXIN_ASSIGN_OR_RETURN(w.customer_contacts, normalised_contacts(in.customer_contacts));
    w.issued_by = user_of(caller);
    ANXIN_TRY(validate(w));
    const TimestampMs now = clock_.now_ms();
    w.issued_at = now;
    w.id = repo_.insert(c, w, now);
    w.version = 1;
    repo_.insert_version(c, w, Action::kIssue, trimmed(in.reason), user_of(caller), now);
    repo_.add_checklist_items(c, w.id, w.level, now);
    ANXIN_TRY(publish(c, w, Action::kIssue, trimmed(in.reason)));
    Warning saved = *repo_.get(c, w.id);
    audit_.append(c, {.actor = audit::Actor::of(caller),
                      .action = "issue",
                      .entity = "warning",
                      .entity_id = std::to_string(saved.id),
                      .after = audit_json(saved),
                      .reason = trimmed(in.reason)});
    return saved;
  });
}

Result<Warning> WarningService::save_change(db::Conn& c, const Caller& caller, const Warning& current, Warning next,
                                            Action action, const std::string& reason) {
  ANXIN_TRY(validate(next));
  const TimestampMs now = clock_.now_ms();
  next.version = current.version + 1;
  if (!repo_.update(c, next, current.version, now)) return Error::conflict("common.version_conflict");
  repo_.insert_version(c, next, action, reason, user_of(caller), now);
  if (action == Action::kEscalate) repo_.add_checklist_items(c, next.id, next.level, now);
  ANXIN_TRY(publish(c, next, action, reason));
  Warning saved = *repo_.get(c, next.id);
  nlohmann::json after = audit_json(saved);
  if (saved.measures != current.measures) after["measures_changed"] = true;
  if (saved.description != current.description) after["description_changed"] = true;
  audit_.append(c, {.actor = audit::Actor::of(caller),
                    .action = std::string(action_name(action)),
                    .entity = "warning",
                    .entity_id = std::to_string(saved.id),
                    .before = audit_json(current),
                    .after = std::move(after),
                    .reason = reason});
  return saved;
}

Result<Warning> WarningService::update(const Caller& caller, std::int64_t id, const WarningPatch& patch) {
  return db_.write([&](db::Conn& c) -> Result<Warning> {
    auto current = repo_.get(c, id);
    if (!current) return Error::not_found("warnings.warning_not_found");
    if (!current->active()) return Error::conflict("warnings.not_active");
    if (current->version != patch.version) return Error::conflict("common.version_conflict");
    const std::string reason = trimmed(patch.reason);
    ANXIN_TRY(check_reason(reason, true));
    Warning next = *current;
    if (patch.title) next.title = trimmed(*patch.title);
    if (patch.category) next.category = *patch.category;
    if (patch.areas) {
      ANXIN_ASSIGN_OR_RETURN(next.areas, resolve_areas(c, *patch.areas));
    }
    if (patch.expected_at) next.expected_at = *patch.expected_at;
    if (patch.expires_at) next.expires_at = *patch.expires_at;
    if (patch.scope) next.scope = *patch.scope;
    if (patch.measures) next.measures = *patch.measures;
    if (patch.description) next.description = *patch.description;
    if (patch.channels) {
      next.channels.clear();
      std::set<std::int64_t> seen;
      for (auto ch : *patch.channels) {
        if (seen.insert(ch).second) next.channels.push_back(ch);
      }
    }
    if (patch.customer_contacts) {
      ANXIN_ASSIGN_OR_RETURN(next.customer_contacts, normalised_contacts(*patch.customer_contacts));
    }
    const bool same = next.title == current->title && next.category == current->category &&
                      next.areas == current->areas && next.expected_at == current->expected_at &&
                      next.expires_at == current->expires_at && next.scope == current->scope &&
                      next.measures == current->measures && next.description == current->description &&
                      next.channels == current->channels && next.customer_contacts == current->customer_contacts;
    if (same) return Error::conflict("warnings.no_change");
    return save_change(c, caller, *current, std::move(next), Action::kUpdate, reason);
  });
}

Result<Warning> WarningService::change_level(const Caller& caller, std::int64_t id, std::int64_t version, Level level,
                                             const std::string& reason_in, Action action) {
  return db_.write([&](db::Conn& c) -> Result<Warning> {
    auto current = repo_.get(c, id);
    if (!current) return Error::not_found("warnings.warning_not_found");
    if (!current->active()) return Error::conflict("warnings.not_active");
    if (current->version != version) return Error::conflict("common.version_conflict");
    const std::string reason = trimmed(reason_in);
    ANXIN_TRY(check_reason(reason, true));
    if (level == current->level) return Error::conflict("warnings.no_change");
    const nlohmann::json details = {{"level", level_name(level)}, {"current", level_name(current->level)}};
    if (action == Action::kEscalate && !more_severe(level, current->level)) {
      return Error::conflict("warnings.not_higher", details);
    }
    if (action == Action::kDowngrade && !more_severe(current->level, level)) {
      return Error::conflict("warnings.not_lower", details);
    }
    Warning next = *current;
    next.level = level;
    return save_change(c, caller, *current, std::move(next), action, reason);
  });
}

Result<Warning> WarningService::escalate(const Caller& caller, std::int64_t id, std::int64_t version, Level level,
                                         const std::string& reason) {
  return change_level(caller, id, version, level, reason, Action::kEscalate);
}

Result<Warning> WarningService::downgrade(const Caller& caller, std::int64_t id, std::int64_t version, Level level,
                                          const std::string& reason) {
  return change_level(caller, id, version, level, reason, Action::kDowngrade);
}

Result<Warning> WarningService::lift(const Caller& caller, std::int64_t id, std::int64_t version,
                                     const std::string& reason_in) {
  return db_.write([&](db::Conn& c) -> Result<Warning> {
    auto current = repo_.get(c, id);
    if (!current) return Error::not_found("warnings.warning_not_found");
    if (!current->active()) return Error::conflict("warnings.not_active");
    if (current->version != version) return Error::conflict("common.version_conflict");
    const std::string reason = trimmed(reason_in);
    ANXIN_TRY(check_reason(reason, true));
    Warning next = *current;
    next.status = "lifted";
    next.lifted_at = clock_.now_ms();
    return save_change(c, caller, *current, std::move(next), Action::kLift, reason);
  });
}

Result<std::vector<WarningVersion>> WarningService::history(std::int64_t id) {
  return db_.read([&](db::Conn& c) -> Result<std::vector<WarningVersion>> {
    if (!repo_.get(c, id)) return Error::not_found("warnings.warning_not_found");
    return repo_.versions(c, id);
  });
}

Result<std::vector<ChecklistItem>> WarningService::checklist(std::int64_t warning_id) {
  return db_.read([&](db::Conn& c) -> Result<std::vector<ChecklistItem>> {
    if (!repo_.get(c, warning_id)) return Error::not_found("warnings.warning_not_found");
    return repo_.checklist(c, warning_id);
  });
}

Result<ChecklistItem> WarningService::update_checklist_item(const Caller& caller, std::int64_t warning_id,
                                                            std::int64_t item_id, const ChecklistChange& change) {
  return db_.write([&](db::Conn& c) -> Result<ChecklistItem> {
    auto w = repo_.get(c, warning_id);
    if (!w) return Error::not_found("warnings.warning_not_found");
    auto current = repo_.checklist_item(c, warning_id, item_id);
    if (!current) return Error::not_found("warnings.checklist_item_not_found");
    if (!w->active()) return Error::conflict("warnings.not_active");
    ChecklistItem next = *current;
    const TimestampMs now = clock_.now_ms();
    if (change.owner_id) {
      if (*change.owner_id && !repo_.user_active(c, **change.owner_id)) {
        return Error::invalid("warnings.owner_invalid", {{"id", **change.owner_id}});
      }
      next.owner_id = *change.owner_id;
    }
    if (change.done && *change.done != current->done) {
      next.done = *change.done;
      next.done_by = next.done ? user_of(caller) : std::nullopt;
      next.done_at = next.done ? std::optional<TimestampMs>(now) : std::nullopt;
    }
    // Ticking a ticked item again changes nothing: the first tick keeps who and when.
    if (next.owner_id == current->owner_id && next.done == current->done) return *current;
    repo_.update_checklist_item(c, next, now);
    ChecklistItem saved = *repo_.checklist_item(c, warning_id, item_id);
    audit_.append(c, {.actor = audit::Actor::of(caller),
                      .action = "update",
                      .entity = "warning_checklist_item",
                      .entity_id = std::to_string(item_id),
                      .before = checklist_audit_json(*current),
                      .after = checklist_audit_json(saved)});
    return saved;
  });
}

Status WarningService::load_demo(const Caller& system) {
  const std::string title = "暴雨黄色预警";
  auto ids = db_.read([&](db::Conn& c) -> std::optional<std::vector<std::int64_t>> {
    if (repo_.active_by_title(c, title)) return std::nullopt;
    std::vector<std::int64_t> out;
    for (const char* code : {"BR-CHAOYANG", "BR-HAIDIAN"}) {
      if (auto d = repo_.department_by_code(c, code)) out.push_back(d->id);
    }
    return out;
  });
  if (!ids) return ok_status();  // loaded before
  if (ids->empty()) return Error::invalid("warnings.department_invalid", {{"id", 0}});
  const TimestampMs now = clock_.now_ms();
  NewWarning w;
  w.level = Level::kYellow;
  w.category = Category::kWeather;
  w.title = title;
  for (auto id : *ids) w.areas.push_back({.department_id = id});
  w.areas.push_back({.text = std::string("北京市朝阳区、海淀区")});
  // The next full hour in six hours' time, Beijing time; the warning runs for a day.
  const TimestampMs hour = 3600LL * 1000;
  w.expected_at = ((now + kChinaOffsetMs + 6 * hour) / hour) * hour - kChinaOffsetMs;
  w.expires_at = w.expected_at + 24 * hour;
  w.measures =
      "1. 暂停受影响区域的户外作业，非必要上门服务改期或错开强降雨时段；\n"
      "2. 服务人员出发前与客户确认路况，途中避开积水路段、下穿隧道和地下通道；\n"
      "3. 各服务站检查排水设施和应急物资（雨具、手电、急救包），保持通讯畅通；\n"
      "4. 遇险情立即报告服务站负责人，必要时拨打110、119或120。";
  w.description = "市气象台预计未来6小时内朝阳区、海淀区将出现50毫米以上降雨，局地伴有雷电和短时大风。";
  w.reason = "气象台发布暴雨黄色预警信号";
  auto r = issue(system, w);
  if (!r.ok()) return std::move(r).error();
  return ok_status();
}

}  // namespace anxin::warnings
