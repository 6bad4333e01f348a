#include "modules/workforce/worker_import.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "modules/identity/scope.hpp"
#include "platform/http/i18n.hpp"
#include "platform/report/xlsx_table.hpp"
#include "platform/text/csv.hpp"
#include "platform/text/identifiers.hpp"
#include "platform/text/masking.hpp"
#include "platform/text/utf8.hpp"

namespace anxin::workforce {

namespace {

/// The columns of an import file: the field, its header in the template, the other headers accepted.
struct Column {
  const char* field;
  const char* header;
  std::vector<std::string> aliases;
  bool required;
};

const std::vector<Column>& columns() {
  static const std::vector<Column> kColumns = {
      {"name", "姓名", {"name"}, true},
      {"id_number", "身份证号", {"身份证号码", "id_number"}, true},
      {"phone", "手机号", {"手机", "手机号码", "phone"}, false},
      {"address", "住址", {"地址", "address"}, false},
      {"bank_account", "银行账号", {"银行卡号", "bank_account"}, false},
      {"emergency_contact", "紧急联系人", {"emergency_contact"}, false},
      {"job_types", "服务类型", {"工种", "job_types"}, true},
      {"department_code", "部门编码", {"department_code"}, true},
      {"employment", "用工方式", {"employment"}, false},
      {"agency_name", "合作机构", {"agency_name"}, false},
  };
  return kColumns;
}

/// How a value of a column may be shown in a problem report: personal values masked.
std::string shown(const std::string& field, const std::string& value) {
  if (const auto* spec = worker_field(field); spec != nullptr && spec->kind != text::PiiKind::kNone) {
    return text::mask_value(spec->kind, value);
  }
  return value;
}

/// Splits "保姆、保洁" / "nanny;cleaning" into items.
std::vector<std::string> split_list(const std::string& value) {
  std::vector<std::string> out;
  std::string item;
  const auto flush = [&] {
    const auto trimmed = std::string(text::trim_ascii(item));
    if (!trimmed.empty()) out.push_back(trimmed);
    item.clear();
  };
  const auto chars = text::utf8_chars(value);
  if (!chars) return out;
  for (const auto ch : *chars) {
    if (ch == "、" || ch == "，" || ch == "；" || ch == "," || ch == ";" || ch == "|" || ch == "/") {
      flush();
    } else {
      item += ch;
    }
  }
  flush();
  return out;
}

/// The row as a registration, with the problems of each cell; `col` maps a field to its index in the row.
struct ParsedRow {
  NewWorker worker;
  std::string department_code;
  std::vector<ImportProblem> problems;
};

}  // namespace

std::string WorkerImport::template_csv() {
  std::string out = "\xEF\xBB\xBF";
  bool first = true;
  for (const auto& c : columns()) {
    out += (first ? "" : ",") + std::string(c.header);
    first = false;
  }
  out += "\r\n";
  out +=
      "王秀英,110105198503011234,13912345678,北京市朝阳区安心路 1 号,6222021234567890123,家属 13800000000,保姆、保洁,"
      "NANNY,自有,\r\n";
  return out;
}

Result<ImportResult> WorkerImport::run(const Caller& caller, std::string_view bytes, bool dry_run,
                                       const std::function<void(std::int64_t, std::int64_t)>& progress) {
  text::CsvTable table;
  if (auto problem = text::parse_csv(bytes, table)) {
    return Error::unprocessable("workforce.import_unreadable", {{"problem", problem->key}, {"line", problem->line}});
  }
  if (table.rows.size() < 2) return Error::unprocessable("workforce.import_empty");
  ImportResult result{.rows = static_cast<std::int64_t>(table.rows.size() - 1), .dry_run = dry_run};

  // The header names the columns, in any order.
  std::map<std::string, std::size_t> index;  // field -> column
  const auto& header = table.rows.front();
  for (std::size_t i = 0; i < header.size(); ++i) {
    const std::string name(text::trim_ascii(header[i]));
    const auto c = std::find_if(columns().begin(), columns().end(), [&](const Column& col) {
      return name == col.header || std::find(col.aliases.begin(), col.aliases.end(), name) != col.aliases.end();
    });
    if (c == columns().end()) {
      if (!name.empty()) result.problems.push_back({1, name, name, "workforce.import_column_unknown", {}});
      continue;
    }
    index[c->field] = i;
  }
  for (const auto& c : columns()) {
    if (c.required && !index.count(c.field)) {
      result.problems.push_back({1, c.header, "", "workforce.import_column_missing", {{"column", c.header}}});
    }
  }
  if (!result.problems.empty()) return result;

  const auto types = workers_.service_types();
  const auto type_code = [&](const std::string& name) -> std::optional<std::string> {
    for (const auto& t : types) {
      if (t.active && (name == t.code || name == t.name_zh || name == t.name_en)) return t.code;
    }
    // "月嫂" and "育婴" are written apart as often as together.
    for (const auto& t : types) {
      if (t.active && t.name_zh.find(name) != std::string::npos && name.size() >= 6) return t.code;
    }
    return std::nullopt;
  };
  const auto header_of = [&](const char* field) {
    for (const auto& c : columns()) {
      if (std::string_view(c.field) == field) return std::string(c.header);
    }
    return std::string(field);
  };

  std::vector<ParsedRow> parsed;
  parsed.reserve(table.rows.size() - 1);
  std::map<std::string, std::int64_t> first_row_of;  // normalised ID number -> row
  std::map<std::string, std::optional<std::int64_t>> departments;
  const std::int64_t total = result.rows;
  db_.read([&](db::Conn& c) {
    for (std::size_t r = 1; r < table.rows.size(); ++r) {
      const auto& cells = table.rows[r];
      const std::int64_t row = static_cast<std::int64_t>(r) + 1;
      const auto cell = [&](const char* field) -> std::optional<std::string> {
        const auto it = index.find(field);
        if (it == index.end() || it->second >= cells.size()) return std::nullopt;
        std::string v(text::trim_ascii(cells[it->second]));
        if (v.empty()) return std::nullopt;
        return v;
      };
      ParsedRow p;
      const auto problem = [&](const char* field, const std::string& value, std::string key,
                               nlohmann::json params = nlohmann::json::object()) {
        p.problems.push_back({row, header_of(field), shown(field, value), std::move(key), std::move(params)});
      };
      p.worker.name = cell("name").value_or("");
      if (p.worker.name.empty()) problem("name", "", "common.field_required");
      if (text::utf8_chars(p.worker.name).value_or(std::vector<std::string_view>{}).size() > 64) {
        problem("name", p.worker.name, "common.field_too_long", {{"max", 64}});
      }
      p.worker.id_number = text::normalize_resident_id(cell("id_number").value_or(""));
      if (p.worker.id_number.empty()) {
        problem("id_number", "", "common.field_required");
      } else if (!text::valid_resident_id(p.worker.id_number, clock_.now_ms())) {
        problem("id_number", p.worker.id_number, "workforce.id_number_invalid");
      } else if (auto [it, fresh] = first_row_of.try_emplace(p.worker.id_number, row); !fresh) {
        problem("id_number", p.worker.id_number, "workforce.import_duplicate_in_file", {{"first_row", it->second}});
      } else if (workers_.workers().id_by_id_number(c, p.worker.id_number)) {
        problem("id_number", p.worker.id_number, "workforce.id_number_taken");
      }
      p.worker.phone = cell("phone");
      if (p.worker.phone && !text::normalize_mobile(*p.worker.phone)) {
        problem("phone", *p.worker.phone, "workforce.phone_invalid");
      }
      p.worker.address = cell("address");
      p.worker.bank_account = cell("bank_account");
      if (p.worker.bank_account && !text::normalize_bank_card(*p.worker.bank_account)) {
        problem("bank_account", *p.worker.bank_account, "workforce.bank_account_invalid");
      }
      p.worker.emergency_contact = cell("emergency_contact");
      for (const auto& name : split_list(cell("job_types").value_or(""))) {
        if (auto code = type_code(name)) {
          p.worker.job_types.push_back(*code);
        } else {
          problem("job_types", name, "workforce.service_type_unknown", {{"code", name}});
        }
      }
      if (!cell("job_types")) problem("job_types", "", "common.field_required");
      const std::string employment = cell("employment").value_or("own");
      if (employment == "own" || employment == "自有" || employment == "自有员工") {
        p.worker.employment = "own";
      } else if (employment == "agency" || employment == "合作机构" || employment == "机构") {
        p.worker.employment = "agency";
      } else {
        problem("employment", employment, "workforce.import_employment_invalid");
      }
      p.worker.agency_name = cell("agency_name");
      p.department_code = cell("department_code").value_or("");
      auto [dept, fresh] = departments.try_emplace(p.department_code);
      if (fresh && !p.department_code.empty()) {
        if (auto d = workers_.directory().department_by_code(c, p.department_code);
            d && workers_.check_department(c, caller, d->id).ok()) {
          dept->second = d->id;
        }
      }
      if (!dept->second) {
        problem("department_code", p.department_code,
                p.department_code.empty() ? "common.field_required" : "workforce.department_invalid");
      } else {
        p.worker.department_id = *dept->second;
      }
      // The remaining checks are the registration's own (age, mobile number, bank card, agency).
      if (p.problems.empty()) {
        Worker w{.name = p.worker.name,
                 .id_number = p.worker.id_number,
                 .phone = p.worker.phone,
                 .address = p.worker.address,
                 .bank_account = p.worker.bank_account,
                 .emergency_contact = p.worker.emergency_contact,
                 .job_types = p.worker.job_types,
                 .employment = p.worker.employment,
                 .agency_name = p.worker.agency_name};
        if (auto e = workers_.normalise(w, types)) {
          const std::string field = e->details.value("field", "name");
          const auto* spec = worker_field(field);
          std::string value = field == "phone"          ? w.phone.value_or("")
                              : field == "bank_account" ? w.bank_account.value_or("")
                              : field == "id_number"    ? w.id_number
                                                        : "";
          if (spec == nullptr) value.clear();
          nlohmann::json params = e->details;
          params.erase("field");
          problem(field == "agency_name" ? "agency_name" : field.c_str(), value, e->message_key, params);
        } else {
          p.worker.id_number = w.id_number;
          p.worker.phone = w.phone;
          p.worker.bank_account = w.bank_account;
          p.worker.job_types = w.job_types;
          p.worker.agency_name = w.agency_name;
        }
      }
      for (auto& pr : p.problems) result.problems.push_back(std::move(pr));
      p.problems.clear();
      parsed.push_back(std::move(p));
      if (progress && ((row - 1) % 1000 == 0 || row - 1 == total)) progress(row - 1, total);
    }
    return 0;
  });
  if (!result.problems.empty() || dry_run) return result;

  // All rows or none: one transaction. A person another writer registered since the check hits the unique blind
  // index, which rolls the whole file back (a conflict).
  ANXIN_TRY(db_.write([&](db::Conn& c) -> Status {
    const std::optional<std::int64_t> actor = caller.user_id ? std::optional(caller.user_id) : std::nullopt;
    const TimestampMs now = clock_.now_ms();
    std::int64_t done = 0;
    for (const auto& p : parsed) {
      workers_.workers().insert(c, p.worker, actor, now);
      ++done;
      if (progress && (done % 1000 == 0 || done == total)) progress(done, total);
    }
    audit_.append(c, {.actor = audit::Actor::of(caller),
                      .action = "import",
                      .entity = "worker",
                      .entity_id = "import",
                      .after = {{"rows", done}, {"encoding", table.encoding}}});
    return ok_status();
  }));
  result.imported = result.rows;
  return result;
}

nlohmann::json WorkerImport::problems_json(const ImportResult& result, const std::string& lang, std::size_t limit) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& p : result.problems) {
    if (out.size() >= limit) break;
    nlohmann::json params = p.params;
    params["field"] = p.column;
    out.push_back({{"row", p.row},
                   {"column", p.column},
                   {"value", p.value},
                   {"key", p.key},
                   {"message", http::translate(lang, p.key, params)}});
  }
  return out;
}

std::string WorkerImport::problem_report(const ImportResult& result, const std::string& lang) {
  const bool en = lang == "en-US";
  report::XlsxTable t(
      {.sheet = en ? "Problems" : "导入错误", .title = en ? "Worker import problems" : "服务人员导入错误"},
      {{en ? "Row" : "行", 8}, {en ? "Column" : "列", 14}, {en ? "Value" : "值", 24}, {en ? "Problem" : "原因", 60}});
  for (const auto& p : problems_json(result, lang, result.problems.size())) {
    t.add_row({p["row"].get<std::int64_t>(), p["column"].get<std::string>(), p["value"].get<std::string>(),
               p["message"].get<std::string>()});
  }
  return t.render();
}

}  // namespace anxin::workforce
