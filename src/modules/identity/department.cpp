#include "modules/identity/department.hpp"

namespace anxin::identity {

nlohmann::json to_json(const Department& d) {
  return {{"id", d.id},
          {"parent_id", d.parent_id ? nlohmann::json(*d.parent_id) : nlohmann::json(nullptr)},
          {"name", d.name},
          {"code", d.code},
          {"kind", d.kind},
          {"path", d.path},
          {"sort_order", d.sort_order},
          {"phone", d.phone ? nlohmann::json(*d.phone) : nlohmann::json(nullptr)},
          {"active", d.active},
          {"created_at", format_rfc3339(d.created_at)},
          {"updated_at", format_rfc3339(d.updated_at)},
          {"version", d.version}};
}

nlohmann::json to_json(const DepartmentNode& n) {
  nlohmann::json out = to_json(n.department);
  out["children"] = nlohmann::json::array();
  for (const auto& c : n.children) out["children"].push_back(to_json(c));
  return out;
}

namespace {
const nlohmann::json kName = {{"type", "string"}, {"minLength", 1}, {"maxLength", 64}};
const nlohmann::json kCode = {{"type", "string"}, {"minLength", 1}, {"maxLength", 32}};
const nlohmann::json kPhone = {{"type", {"string", "null"}}, {"maxLength", 32}};
const nlohmann::json kSort = {{"type", "integer"}, {"minimum", -100000}, {"maximum", 100000}};
}  // namespace

nlohmann::json department_schema() {
  return {{"type", "object"},
          {"required",
           {"id", "parent_id", "name", "code", "kind", "path", "sort_order", "phone", "active", "created_at",
            "updated_at", "version"}},
          {"properties",
           {{"id", {{"type", "integer"}}},
            {"parent_id", {{"type", {"integer", "null"}}}},
            {"name", kName},
            {"code", kCode},
            {"kind", {{"type", "string"}, {"enum", department_kinds()}}},
            {"path", {{"type", "string"}}},
            {"sort_order", {{"type", "integer"}}},
            {"phone", kPhone},
            {"active", {{"type", "boolean"}}},
            {"created_at", {{"type", "string"}, {"format", "date-time"}}},
            {"updated_at", {{"type", "string"}, {"format", "date-time"}}},
            {"version", {{"type", "integer"}}}}}};
}

nlohmann::json new_department_schema() {
  return {{"type", "object"},
          {"required", {"name", "code", "kind"}},
          {"properties",
           {{"parent_id", {{"type", {"integer", "null"}}, {"minimum", 1}}},
            {"name", kName},
            {"code", kCode},
            {"kind", {{"type", "string"}, {"enum", department_kinds()}}},
            {"sort_order", kSort},
            {"phone", kPhone}}}};
}

nlohmann::json department_patch_schema() {
  return {{"type", "object"},
          {"required", {"version"}},
          {"properties",
           {{"version", {{"type", "integer"}, {"minimum", 1}}},
            {"parent_id", {{"type", {"integer", "null"}}, {"minimum", 1}}},
            {"name", kName},
            {"code", kCode},
            {"sort_order", kSort},
            {"phone", kPhone},
            {"active", {{"type", "boolean"}}}}}};
}

}  // namespace anxin::identity
