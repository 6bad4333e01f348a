#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"

namespace anxin::incidents {

/// Incident types (INC-1).
const std::vector<std::string>& incident_types();

/// A person involved: a worker (account), a customer or someone else. Names are personal data.
struct Person {
  std::int64_t id = 0;
  std::string role;  // worker | customer | other
  std::optional<std::int64_t> user_id;
  std::optional<std::string> name;
  std::optional<std::string> order_ref;
  bool injured = false;
  /// The records the person is, when picked from them (older reports carry only the name and order_ref).
  std::optional<std::int64_t> worker_id;
  std::optional<std::int64_t> customer_id;
  std::optional<std::int64_t> order_id;
};

struct Incident {
  std::int64_t id = 0;
  std::string number;
  std::string type;
  std::string title;
  TimestampMs occurred_at = 0;
  TimestampMs reported_at = 0;
  std::int64_t department_id = 0;
  std::string department_path;
  std::int64_t reporter_id = 0;
  std::optional<std::string> place;
  std::string nature;
  std::string scope;
  std::int64_t deaths = 0;
  std::int64_t injuries = 0;
  std::optional<std::string> description;
  std::optional<std::string> measures;
  int level = 4;
  std::optional<std::int64_t> commander_id;
  std::optional<std::string> commander_rule;
  /// responding → ended (declared by the leadership group) → closed (when its investigation closes).
  std::string status;
  std::optional<TimestampMs> ended_at;
  std::optional<std::int64_t> ended_by;
  std::optional<std::int64_t> loss_fen;
  std::optional<std::string> loss_assessment;
  std::vector<Person> people;
  std::int64_t version = 1;
};

struct NewIncident {
  std::string type;
  std::string title;
  TimestampMs occurred_at = 0;
  std::int64_t department_id = 0;
  std::optional<std::string> place;
  std::string nature;
  std::string scope;
  std::int64_t deaths = 0;
  std::int64_t injuries = 0;
  std::optional<std::string> description;
  std::optional<std::string> measures;
  int level = 4;
  std::vector<Person> people;
};

/// A step of the reporting chain (INC-3).
struct Step {
  std::int64_t id = 0;
  std::int64_t seq = 0;
  std::string stage;  // onsite | department_head | leadership | authorities
  std::optional<std::int64_t> assignee_id;
  TimestampMs due_at = 0;
  std::string status;  // pending | done | escalated
  std::optional<TimestampMs> done_at;
  std::optional<std::int64_t> done_by;
  std::optional<TimestampMs> escalated_at;
  std::optional<std::int64_t> escalated_to;
};

struct Task {
  std::int64_t id = 0;
  std::string group_code;
  std::string title;
  std::optional<std::int64_t> owner_id;
  std::optional<TimestampMs> due_at;
  std::string status;
  std::int64_t version = 1;
};

/// One line of the incident's timeline.
struct Event {
  std::int64_t id = 0;
  TimestampMs at = 0;
  std::optional<std::int64_t> actor_id;
  std::string kind;
  std::string summary;
  std::optional<std::string> note;
};

struct IncidentFilter {
  std::optional<std::string> type;
  std::optional<int> level;
  std::optional<std::string> status;
  std::optional<std::int64_t> department_id;
  std::optional<TimestampMs> from;
  std::optional<TimestampMs> to;
  bool overdue = false;
};

/// JSON for a viewer of `clearance`: free text and names (class 3) are shown to clearance ≥ 3 and
/// to the reporter; others see them masked.
nlohmann::json to_json(const Incident& i, int clearance, std::int64_t viewer_id);
nlohmann::json to_json(const Step& s);
nlohmann::json to_json(const Task& t);
nlohmann::json to_json(const Event& e, bool show_note);

/// JSON Schemas of the answers above, for the route table and the OpenAPI document.
nlohmann::json incident_schema();
/// An incident with its reporting chain (`steps`), `tasks` and level history (`levels`).
nlohmann::json incident_detail_schema();
nlohmann::json step_schema();
nlohmann::json task_schema();
nlohmann::json event_schema();
/// One change of response level or commander (IncidentRepository::levels).
nlohmann::json level_change_schema();
/// One reporting-chain deadline (IncidentRepository::deadlines).
nlohmann::json deadline_schema();

/// Roman numeral of a response level: 1 → "I".
const char* level_name(int level);

}  // namespace anxin::incidents
