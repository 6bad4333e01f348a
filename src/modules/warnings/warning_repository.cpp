#include "modules/warnings/warning_repository.hpp"

#include "platform/log/log.hpp"

namespace anxin::warnings {

std::string_view warnings_sql(std::string_view name);  // embedded queries/*.sql

namespace {

nlohmann::json opt(const std::optional<std::int64_t>& v) { return v ? nlohmann::json(*v) : nlohmann::json(); }

std::optional<std::int64_t> opt_of(const nlohmann::json& j, const char* key) {
  if (!j.contains(key) || !j[key].is_number_integer()) return std::nullopt;
  return j[key].get<std::int64_t>();
}

std::vector<std::int64_t> ids_of(const std::string& text) {
  std::vector<std::int64_t> out;
  const auto j = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!j.is_array()) return out;
  for (const auto& v : j) {
    if (v.is_number_integer()) out.push_back(v.get<std::int64_t>());
  }
  return out;
}

/// The readable fields of a warning as stored in a version's snapshot column.
std::string snapshot_json(const Warning& w) {
  nlohmann::json areas = nlohmann::json::array();
  for (const auto& a : w.areas) areas.push_back({{"department_id", opt(a.department_id)}, {"name", a.name}});
  return nlohmann::json{{"title", w.title},
                        {"category", category_name(w.category)},
                        {"level", static_cast<int>(w.level)},
                        {"status", w.status},
                        {"scope", scope_name(w.scope)},
                        {"expected_at", w.expected_at},
                        {"expires_at", opt(w.expires_at)},
                        {"areas", areas},
                        {"channels", w.channels},
                        {"issued_by", opt(w.issued_by)},
                        {"issued_at", w.issued_at},
                        {"lifted_at", opt(w.lifted_at)}}
      .dump();
}

}  // namespace

std::vector<crypto::EncryptedColumn> encrypted_columns() {
  return {{.table = WarningRepository::kWarningTable, .column = WarningRepository::kCustomerContactsColumn}};
}

std::vector<crypto::EncryptedColumn> free_text_columns() {
  std::vector<crypto::EncryptedColumn> out;
  for (const char* table : {WarningRepository::kWarningTable, WarningRepository::kVersionTable}) {
    out.push_back({.table = table, .column = WarningRepository::kMeasuresColumn});
    out.push_back({.table = table, .column = WarningRepository::kDescriptionColumn});
  }
  return out;
}

std::string WarningRepository::open(const db::Row& r, const char* table, const char* column, std::int64_t id) const {
  return keys_.open(table, column, id, r).value_or(std::string());
}

db::Value WarningRepository::seal(const char* table, const char* column, std::int64_t id,
                                  const std::string& plain) const {
  return keys_.seal(table, column, id, plain.empty() ? std::nullopt : std::optional<std::string>(plain));
}

db::Value WarningRepository::contacts_sealed(std::int64_t id, const std::vector<std::string>& contacts) const {
  if (contacts.empty()) return db::Value{};
  return seal(kWarningTable, kCustomerContactsColumn, id, nlohmann::json(contacts).dump());
}

Warning WarningRepository::from_row(db::Conn& c, identity::NameLookup& names, const db::Row& r) const {
  Warning w;
  w.id = r.int64("id");
  w.level = level_from_number(r.int64("level")).value_or(Level::kBlue);
  w.category = parse_category(r.text("category")).value_or(Category::kOther);
  w.title = r.text("title");
  w.expected_at = r.int64("expected_at");
  w.expires_at = r.opt_int64("expires_at");
  w.scope = parse_scope(r.text("scope")).value_or(Scope::kPublic);
  w.measures = open(r, kWarningTable, kMeasuresColumn, w.id);
  w.description = open(r, kWarningTable, kDescriptionColumn, w.id);
  w.channels = ids_of(r.text("channels"));
  if (const auto contacts = open(r, kWarningTable, kCustomerContactsColumn, w.id); !contacts.empty()) {
    const auto list = nlohmann::json::parse(contacts, nullptr, false);
    if (list.is_array()) {
      for (const auto& x : list) {
        if (x.is_string()) w.customer_contacts.push_back(x.get<std::string>());
      }
    }
  }
  w.status = r.text("status");
  w.issued_by = r.opt_int64("issued_by");
  w.issued_by_name = names.user(w.issued_by).value_or("");
  w.issued_at = r.int64("issued_at");
  w.lifted_at = r.opt_int64("lifted_at");
  w.created_at = r.int64("created_at");
  w.updated_at = r.int64("updated_at");
  w.version = r.int64("version");
  for (const auto& a : c.query(warnings_sql("area_list"), w.id)) {
    const auto department_id = a.opt_int64("department_id");
    auto name = names.department(department_id);
    if (!name) name = a.opt_text("label");
    w.areas.push_back({department_id, name.value_or("")});
  }
  return w;
}

void WarningRepository::write_areas(db::Conn& c, std::int64_t warning_id, const std::vector<Area>& areas) {
  c.exec(warnings_sql("area_delete"), warning_id);
  std::int64_t position = 0;
  for (const auto& a : areas) {
    std::optional<std::string> label;
    if (!a.department_id) label = a.name;
    c.exec(warnings_sql("area_insert"), warning_id, position++, a.department_id, label);
  }
}

std::int64_t WarningRepository::insert(db::Conn& c, const Warning& w, TimestampMs now) {
  const auto id = c.query_one(warnings_sql("warning_insert"), static_cast<std::int64_t>(w.level),
                              category_name(w.category), w.title, w.expected_at, w.expires_at, scope_name(w.scope),
                              nlohmann::json(w.channels).dump(), w.issued_by, now)
                      ->int64("id");
  c.exec(warnings_sql("warning_set_secrets"), id, seal(kWarningTable, kMeasuresColumn, id, w.measures),
         seal(kWarningTable, kDescriptionColumn, id, w.description), contacts_sealed(id, w.customer_contacts));
  write_areas(c, id, w.areas);
  return id;
}

bool WarningRepository::update(db::Conn& c, const Warning& w, std::int64_t expected_version, TimestampMs now) {
  const std::vector<db::Value> values{w.id,
                                      static_cast<std::int64_t>(w.level),
                                      std::string(category_name(w.category)),
                                      w.title,
                                      w.expected_at,
                                      db::Conn::to_value(w.expires_at),
                                      std::string(scope_name(w.scope)),
                                      nlohmann::json(w.channels).dump(),
                                      w.status,
                                      db::Conn::to_value(w.lifted_at),
                                      now,
                                      expected_version};
  if (c.exec(warnings_sql("warning_update"), std::span<const db::Value>(values)) != 1) return false;
  c.exec(warnings_sql("warning_set_secrets"), w.id, seal(kWarningTable, kMeasuresColumn, w.id, w.measures),
         seal(kWarningTable, kDescriptionColumn, w.id, w.description), contacts_sealed(w.id, w.customer_contacts));
  write_areas(c, w.id, w.areas);
  return true;
}

std::optional<Warning> WarningRepository::get(db::Conn& c, std::int64_t id) {
  auto row = c.query_one(warnings_sql("warning_get"), id);
  if (!row) return std::nullopt;
  identity::NameLookup names(directory_, c);
  return from_row(c, names, *row);
}

PageOf<Warning> WarningRepository::list(db::Conn& c, const WarningFilter& f, const PageRequest& page) {
  std::optional<std::int64_t> level;
  if (f.level) level = static_cast<std::int64_t>(*f.level);
  PageOf<Warning> out;
  identity::NameLookup names(directory_, c);
  for (const auto& r : c.query(warnings_sql("warning_list"), f.status, level, page.page_size, page.offset())) {
    out.items.push_back(from_row(c, names, r));
  }
  out.total = c.query_one(warnings_sql("warning_count"), f.status, level)->int64("n");
  return out;
}

std::vector<std::int64_t> WarningRepository::feed_ids(db::Conn& c, TimestampMs lifted_since, std::int64_t limit) {
  std::vector<std::int64_t> out;
  for (const auto& r : c.query(warnings_sql("warning_feed_ids"), lifted_since, limit)) out.push_back(r.int64("id"));
  return out;
}

std::optional<std::int64_t> WarningRepository::active_by_title(db::Conn& c, const std::string& title) {
  auto row = c.query_one(warnings_sql("warning_active_by_title"), title);
  if (!row) return std::nullopt;
  return row->int64("id");
}

void WarningRepository::insert_version(db::Conn& c, const Warning& w, Action action, const std::string& reason,
                                       std::optional<std::int64_t> changed_by, TimestampMs at) {
  const std::vector<db::Value> values{w.id,
                                      w.version,
                                      std::string(action_name(action)),
                                      static_cast<std::int64_t>(w.level),
                                      w.status,
                                      snapshot_json(w),
                                      reason,
                                      db::Conn::to_value(changed_by),
                                      at};
  const auto id = c.query(warnings_sql("version_insert"), std::span<const db::Value>(values)).front().int64("id");
  c.exec(warnings_sql("version_set_secrets"), id, seal(kVersionTable, kMeasuresColumn, id, w.measures),
         seal(kVersionTable, kDescriptionColumn, id, w.description));
}

std::vector<WarningVersion> WarningRepository::versions(db::Conn& c, std::int64_t warning_id) {
  std::vector<WarningVersion> out;
  identity::NameLookup names(directory_, c);
  for (const auto& r : c.query(warnings_sql("version_list"), warning_id)) {
    const std::int64_t row_id = r.int64("id");
    WarningVersion v;
    v.warning_id = r.int64("warning_id");
    v.version = r.int64("version");
    v.action = parse_action(r.text("action")).value_or(Action::kUpdate);
    v.changed_by = r.opt_int64("changed_by");
    v.changed_by_name = names.user(v.changed_by).value_or("");
    v.changed_at = r.int64("changed_at");
    v.reason = r.text("reason");
    const auto s = nlohmann::json::parse(r.text("snapshot"), nullptr, /*allow_exceptions=*/false);
    Warning& w = v.snapshot;
    w.id = v.warning_id;
    w.version = v.version;
    w.level = level_from_number(r.int64("level")).value_or(Level::kBlue);
    w.status = r.text("status");
    if (s.is_object()) {
      w.title = s.value("title", "");
      w.category = parse_category(s.value("category", "other")).value_or(Category::kOther);
      w.scope = parse_scope(s.value("scope", "public")).value_or(Scope::kPublic);
      w.expected_at = s.value("expected_at", std::int64_t{0});
      w.expires_at = opt_of(s, "expires_at");
      for (const auto& a : s.value("areas", nlohmann::json::array())) {
        w.areas.push_back({opt_of(a, "department_id"), a.value("name", "")});
      }
      for (const auto& ch : s.value("channels", nlohmann::json::array())) {
        if (ch.is_number_integer()) w.channels.push_back(ch.get<std::int64_t>());
      }
      w.issued_by = opt_of(s, "issued_by");
      w.issued_at = s.value("issued_at", std::int64_t{0});
      w.lifted_at = opt_of(s, "lifted_at");
    }
    w.created_at = w.issued_at;
    w.updated_at = v.changed_at;
    w.measures = open(r, kVersionTable, kMeasuresColumn, row_id);
    w.description = open(r, kVersionTable, kDescriptionColumn, row_id);
    out.push_back(std::move(v));
  }
  // Version 1 was made by the issuer: its name is the issuer's name.
  for (auto& v : out) {
    if (v.snapshot.issued_by && v.snapshot.issued_by == out.front().changed_by) {
      v.snapshot.issued_by_name = out.front().changed_by_name;
    }
  }
  return out;
}

int WarningRepository::add_checklist_items(db::Conn& c, std::int64_t warning_id, Level level, TimestampMs now) {
  int added = 0;
  std::int64_t order = 0;
  for (const auto& item : checklist_plan()) {
    ++order;
    // An item applies when the warning is at least as severe as the item's least severe level.
    if (more_severe(item.min_level, level)) continue;
    const std::vector<db::Value> values{warning_id,
                                        std::string(item.group),
                                        std::string(item.code),
                                        std::string(item.title_zh),
                                        std::string(item.title_en),
                                        static_cast<std::int64_t>(item.min_level),
                                        order,
                                        now};
    added += static_cast<int>(c.exec(warnings_sql("checklist_insert"), std::span<const db::Value>(values)));
  }
  return added;
}

namespace {
ChecklistItem item_from_row(identity::NameLookup& names, const db::Row& r) {
  ChecklistItem i;
  i.id = r.int64("id");
  i.warning_id = r.int64("warning_id");
  i.group = r.text("group_code");
  i.code = r.text("code");
  i.title_zh = r.text("title_zh");
  i.title_en = r.text("title_en");
  i.min_level = level_from_number(r.int64("min_level")).value_or(Level::kBlue);
  i.sort_order = r.int64("sort_order");
  i.owner_id = r.opt_int64("owner_id");
  i.owner_name = names.user(i.owner_id).value_or("");
  i.done = r.int64("done") != 0;
  i.done_by = r.opt_int64("done_by");
  i.done_by_name = names.user(i.done_by).value_or("");
  i.done_at = r.opt_int64("done_at");
  i.created_at = r.int64("created_at");
  i.updated_at = r.int64("updated_at");
  i.version = r.int64("version");
  return i;
}

std::optional<DepartmentRef> department_ref(const std::optional<identity::Department>& d) {
  if (!d) return std::nullopt;
  return DepartmentRef{d->id, d->name, d->path, d->active};
}
}  // namespace

std::vector<ChecklistItem> WarningRepository::checklist(db::Conn& c, std::int64_t warning_id) {
  std::vector<ChecklistItem> out;
  identity::NameLookup names(directory_, c);
  for (const auto& r : c.query(warnings_sql("checklist_list"), warning_id)) out.push_back(item_from_row(names, r));
  return out;
}

std::optional<ChecklistItem> WarningRepository::checklist_item(db::Conn& c, std::int64_t warning_id,
                                                               std::int64_t item_id) {
  auto row = c.query_one(warnings_sql("checklist_get"), warning_id, item_id);
  if (!row) return std::nullopt;
  identity::NameLookup names(directory_, c);
  return item_from_row(names, *row);
}

void WarningRepository::update_checklist_item(db::Conn& c, const ChecklistItem& item, TimestampMs now) {
  const std::vector<db::Value> values{item.warning_id,
                                      item.id,
                                      db::Conn::to_value(item.owner_id),
                                      std::int64_t{item.done ? 1 : 0},
                                      db::Conn::to_value(item.done_by),
                                      db::Conn::to_value(item.done_at),
                                      now};
  c.exec(warnings_sql("checklist_update"), std::span<const db::Value>(values));
}

std::optional<DepartmentRef> WarningRepository::department(db::Conn& c, std::int64_t id) {
  return department_ref(directory_.department(c, id));
}

std::optional<DepartmentRef> WarningRepository::department_by_code(db::Conn& c, const std::string& code) {
  return department_ref(directory_.department_by_code(c, code));
}

std::optional<std::string> WarningRepository::company_name(db::Conn& c) { return directory_.company_name(c); }

std::vector<std::int64_t> WarningRepository::users_under(db::Conn& c, const std::string& path) {
  return directory_.active_people_under(c, path);
}

bool WarningRepository::user_active(db::Conn& c, std::int64_t id) { return directory_.user_active(c, id); }

}  // namespace anxin::warnings
