#include "modules/incidents/incident.hpp"

#include "platform/text/masking.hpp"

namespace anxin::incidents {
namespace {

nlohmann::json opt(const std::optional<std::int64_t>& v) { return v ? nlohmann::json(*v) : nlohmann::json(nullptr); }
nlohmann::json opt_time(const std::optional<TimestampMs>& v) {
  return v ? nlohmann::json(format_rfc3339(*v)) : nlohmann::json(nullptr);
}
nlohmann::json text(const std::optional<std::string>& v, bool show) {
  if (!v) return nullptr;
  return show ? nlohmann::json(*v) : nlohmann::json("******");
}

}  // namespace

const std::vector<std::string>& incident_types() {
  static const std::vector<std::string> kTypes = {
      "customer_injury",  "worker_injury", "property_damage",  "theft",         "group_complaint",
      "violence",         "fire",          "natural_disaster", "public_health", "system_failure",
      "information_leak", "other"};
  return kTypes;
}

const char* level_name(int level) {
  switch (level) {
    case 1: return "I";
    case 2: return "II";
    case 3: return "III";
    default: return "IV";
  }
}

nlohmann::json to_json(const Incident& i, int clearance, std::int64_t viewer_id) {
  const bool show = clearance >= 3 || viewer_id == i.reporter_id;
  nlohmann::json people = nlohmann::json::array();
  for (const auto& p : i.people) {
    nlohmann::json name = nullptr;
    if (p.name) name = show ? nlohmann::json(*p.name) : nlohmann::json(text::mask_name(*p.name));
    people.push_back({{"id", p.id},
                      {"role", p.role},
                      {"user_id", opt(p.user_id)},
                      {"name", name},
                      {"order_ref", p.order_ref ? nlohmann::json(*p.order_ref) : nlohmann::json(nullptr)},
                      {"injured", p.injured}});
  }
  return {{"id", i.id},
          {"number", i.number},
          {"type", i.type},
          {"title", i.title},
          {"occurred_at", format_rfc3339(i.occurred_at)},
          {"reported_at", format_rfc3339(i.reported_at)},
          {"department_id", i.department_id},
          {"reporter_id", i.reporter_id},
          {"place", text(i.place, show)},
          {"nature", i.nature},
          {"scope", i.scope},
          {"deaths", i.deaths},
          {"injuries", i.injuries},
          {"description", text(i.description, show)},
          {"measures", text(i.measures, show)},
          {"level", i.level},
          {"level_name", level_name(i.level)},
          {"commander_id", opt(i.commander_id)},
          {"commander_rule", i.commander_rule ? nlohmann::json(*i.commander_rule) : nlohmann::json(nullptr)},
          {"status", i.status},
          {"ended_at", opt_time(i.ended_at)},
          {"ended_by", opt(i.ended_by)},
          {"loss_fen", opt(i.loss_fen)},
          {"loss_assessment", text(i.loss_assessment, show)},
          {"people", people},
          {"masked", !show},
          {"version", i.version}};
}

nlohmann::json to_json(const Step& s) {
  return {{"id", s.id},
          {"seq", s.seq},
          {"stage", s.stage},
          {"assignee_id", opt(s.assignee_id)},
          {"due_at", format_rfc3339(s.due_at)},
          {"status", s.status},
          {"done_at", opt_time(s.done_at)},
          {"done_by", opt(s.done_by)},
          {"escalated_at", opt_time(s.escalated_at)},
          {"escalated_to", opt(s.escalated_to)}};
}

nlohmann::json to_json(const Task& t) {
  return {{"id", t.id},
          {"group_code", t.group_code},
          {"title", t.title},
          {"owner_id", opt(t.owner_id)},
          {"due_at", opt_time(t.due_at)},
          {"status", t.status},
          {"version", t.version}};
}

nlohmann::json to_json(const Event& e, bool show_note) {
  return {{"id", e.id},     {"at", format_rfc3339(e.at)}, {"actor_id", opt(e.actor_id)},
          {"kind", e.kind}, {"summary", e.summary},       {"note", text(e.note, show_note)}};
}

}  // namespace anxin::incidents
