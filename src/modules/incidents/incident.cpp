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

nlohmann::json str() { return {{"type", "string"}}; }
nlohmann::json str_or_null() { return {{"type", {"string", "null"}}}; }
nlohmann::json int_() { return {{"type", "integer"}}; }
nlohmann::json int_or_null() { return {{"type", {"integer", "null"}}}; }
nlohmann::json time() { return {{"type", "string"}, {"format", "date-time"}}; }
nlohmann::json time_or_null() { return {{"type", {"string", "null"}}, {"format", "date-time"}}; }
nlohmann::json one_of(const std::vector<std::string>& values) { return {{"type", "string"}, {"enum", values}}; }
nlohmann::json level() { return {{"type", "integer"}, {"minimum", 1}, {"maximum", 4}}; }
nlohmann::json array_of(nlohmann::json items) { return {{"type", "array"}, {"items", std::move(items)}}; }

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
                      {"injured", p.injured},
                      {"worker_id", opt(p.worker_id)},
                      {"customer_id", opt(p.customer_id)},
                      {"order_id", opt(p.order_id)}});
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

nlohmann::json incident_schema() {
  const nlohmann::json person = {
      {"type", "object"},
      {"required", {"id", "role", "user_id", "name", "order_ref", "injured"}},
      {"properties",
       {{"id", int_()},
        {"role", one_of({"worker", "customer", "other"})},
        {"user_id", int_or_null()},
        {"name", {{"type", {"string", "null"}}, {"description", "Masked unless the viewer may see names."}}},
        {"order_ref", str_or_null()},
        {"injured", {{"type", "boolean"}}},
        {"worker_id", int_or_null()},
        {"customer_id", int_or_null()},
        {"order_id", int_or_null()}}}};
  const nlohmann::json masked_text = {{"type", {"string", "null"}},
                                      {"description", "\"******\" unless the viewer may see free text."}};
  return {{"type", "object"},
          {"required", {"id",          "number",        "type",         "title",           "occurred_at",
                        "reported_at", "department_id", "reporter_id",  "place",           "nature",
                        "scope",       "deaths",        "injuries",     "description",     "measures",
                        "level",       "level_name",    "commander_id", "commander_rule",  "status",
                        "ended_at",    "ended_by",      "loss_fen",     "loss_assessment", "people",
                        "masked",      "version"}},
          {"properties",
           {{"id", int_()},
            {"number", str()},
            {"type", one_of(incident_types())},
            {"title", str()},
            {"occurred_at", time()},
            {"reported_at", time()},
            {"department_id", int_()},
            {"reporter_id", int_()},
            {"place", masked_text},
            {"nature", str()},
            {"scope", str()},
            {"deaths", int_()},
            {"injuries", int_()},
            {"description", masked_text},
            {"measures", masked_text},
            {"level", level()},
            {"level_name", one_of({"I", "II", "III", "IV"})},
            {"commander_id", int_or_null()},
            {"commander_rule",
             {{"type", {"string", "null"}},
              {"description", "leader, deputy_leader, safety_department_head, department_head or override"}}},
            {"status", one_of({"responding", "ended", "closed"})},
            {"ended_at", time_or_null()},
            {"ended_by", int_or_null()},
            {"loss_fen", {{"type", {"integer", "null"}}, {"description", "Loss in fen (0.01 yuan)."}}},
            {"loss_assessment", masked_text},
            {"people", array_of(person)},
            {"masked", {{"type", "boolean"}}},
            {"version", int_()}}}};
}

nlohmann::json incident_detail_schema() {
  nlohmann::json s = incident_schema();
  s["properties"]["steps"] = array_of(step_schema());
  s["properties"]["tasks"] = array_of(task_schema());
  s["properties"]["levels"] = array_of(level_change_schema());
  for (const char* key : {"steps", "tasks", "levels"}) s["required"].push_back(key);
  return s;
}

nlohmann::json step_schema() {
  return {
      {"type", "object"},
      {"required",
       {"id", "seq", "stage", "assignee_id", "due_at", "status", "done_at", "done_by", "escalated_at", "escalated_to"}},
      {"properties",
       {{"id", int_()},
        {"seq", int_()},
        {"stage", one_of({"onsite", "department_head", "leadership", "authorities"})},
        {"assignee_id", int_or_null()},
        {"due_at", time()},
        {"status", one_of({"pending", "done", "escalated"})},
        {"done_at", time_or_null()},
        {"done_by", int_or_null()},
        {"escalated_at", time_or_null()},
        {"escalated_to", int_or_null()}}}};
}

nlohmann::json task_schema() {
  return {{"type", "object"},
          {"required", {"id", "group_code", "title", "owner_id", "due_at", "status", "version"}},
          {"properties",
           {{"id", int_()},
            {"group_code", str()},
            {"title", str()},
            {"owner_id", int_or_null()},
            {"due_at", time_or_null()},
            {"status", one_of({"open", "in_progress", "done", "cancelled"})},
            {"version", int_()}}}};
}

nlohmann::json event_schema() {
  return {
      {"type", "object"},
      {"required", {"id", "at", "actor_id", "kind", "summary", "note"}},
      {"properties",
       {{"id", int_()},
        {"at", time()},
        {"actor_id", int_or_null()},
        {"kind", {{"type", "string"}, {"description", "report, follow_up, step, level, commander, task, end, …"}}},
        {"summary", str()},
        {"note", {{"type", {"string", "null"}}, {"description", "\"******\" unless the viewer may see free text."}}}}}};
}

nlohmann::json level_change_schema() {
  return {{"type", "object"},
          {"required", {"at", "by_id", "from_level", "to_level", "commander_id", "commander_rule", "reason"}},
          {"properties",
           {{"at", time()},
            {"by_id", int_()},
            {"from_level", {{"type", {"integer", "null"}}, {"minimum", 1}, {"maximum", 4}}},
            {"to_level", level()},
            {"commander_id", int_or_null()},
            {"commander_rule", str()},
            {"reason", str()}}}};
}

nlohmann::json deadline_schema() {
  return {
      {"type", "object"},
      {"required", {"level", "stage", "minutes"}},
      {"properties",
       {{"level", level()}, {"stage", one_of({"department_head", "leadership", "authorities"})}, {"minutes", int_()}}}};
}

}  // namespace anxin::incidents
