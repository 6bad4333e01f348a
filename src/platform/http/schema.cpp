#include "platform/http/schema.hpp"

#include "core/clock.hpp"

namespace anxin::http {
namespace {

constexpr std::size_t kDefaultMaxLength = 10000;

std::string join(const std::string& base, const std::string& name) { return base.empty() ? name : base + "." + name; }

bool type_matches(const std::string& type, const nlohmann::json& v) {
  if (type == "string") return v.is_string();
  if (type == "integer") return v.is_number_integer();
  if (type == "number") return v.is_number();
  if (type == "boolean") return v.is_boolean();
  if (type == "object") return v.is_object();
  if (type == "array") return v.is_array();
  if (type == "null") return v.is_null();
  return false;
}

std::optional<Error> check(const nlohmann::json& schema, const nlohmann::json& v, const std::string& field) {
  if (schema.contains("type")) {
    const auto& t = schema["type"];
    bool ok = false;
    std::string expected;
    if (t.is_array()) {
      for (const auto& one : t) {
        ok = ok || type_matches(one.get<std::string>(), v);
        if (one != "null") expected = one.get<std::string>();
      }
    } else {
      expected = t.get<std::string>();
      ok = type_matches(expected, v);
    }
    if (!ok) {
      if (field.empty()) return Error::invalid("common.body_not_object");
      return Error::invalid("common.field_type", {{"field", field}, {"expected", expected}});
    }
  }
  if (v.is_null()) return std::nullopt;
  if (schema.contains("enum")) {
    bool found = false;
    for (const auto& e : schema["enum"]) found = found || e == v;
    if (!found) return Error::invalid("common.field_enum", {{"field", field}, {"allowed", schema["enum"]}});
  }
  if (v.is_string()) {
    const auto& s = v.get_ref<const std::string&>();
    for (unsigned char c : s) {
      if (c < 0x20 && c != '\n' && c != '\t' && c != '\r') {
        return Error::invalid("common.field_control_chars", {{"field", field}});
      }
    }
    const std::size_t len = utf8_length(s);
    const std::size_t max = schema.value("maxLength", kDefaultMaxLength);
    if (len > max) return Error::invalid("common.field_too_long", {{"field", field}, {"max", max}});
    if (schema.contains("minLength") && len < schema["minLength"].get<std::size_t>()) {
      if (len == 0) return Error::invalid("common.field_required", {{"field", field}});
      return Error::invalid("common.field_too_short", {{"field", field}, {"min", schema["minLength"]}});
    }
    if (schema.value("format", "") == "date-time" && !parse_rfc3339(s)) {
      return Error::invalid("common.field_format", {{"field", field}, {"format", "date-time"}});
    }
    if (schema.value("format", "") == "date" && !china_day_start(s)) {
      return Error::invalid("common.field_format", {{"field", field}, {"format", "date"}});
    }
  }
  if (v.is_number()) {
    const double d = v.get<double>();
    if (schema.contains("minimum") && d < schema["minimum"].get<double>()) {
      return Error::invalid("common.field_too_small", {{"field", field}, {"min", schema["minimum"]}});
    }
    if (schema.contains("maximum") && d > schema["maximum"].get<double>()) {
      return Error::invalid("common.field_too_large", {{"field", field}, {"max", schema["maximum"]}});
    }
  }
  if (v.is_array()) {
    if (schema.contains("maxItems") && v.size() > schema["maxItems"].get<std::size_t>()) {
      return Error::invalid("common.too_many_items", {{"field", field}, {"max", schema["maxItems"]}});
    }
    if (schema.contains("items")) {
      for (std::size_t i = 0; i < v.size(); ++i) {
        if (auto e = check(schema["items"], v[i], field + "[" + std::to_string(i) + "]")) return e;
      }
    }
  }
  if (v.is_object()) {
    const auto props = schema.value("properties", nlohmann::json::object());
    const bool additional = schema.value("additionalProperties", false);
    for (const auto& [k, child] : v.items()) {
      if (!props.contains(k)) {
        if (!additional) return Error::invalid("common.unknown_field", {{"field", join(field, k)}});
        continue;
      }
      if (auto e = check(props[k], child, join(field, k))) return e;
    }
    for (const auto& r : schema.value("required", nlohmann::json::array())) {
      const auto name = r.get<std::string>();
      if (!v.contains(name)) return Error::invalid("common.field_required", {{"field", join(field, name)}});
    }
  }
  return std::nullopt;
}

}  // namespace

std::optional<Error> validate(const nlohmann::json& schema, const nlohmann::json& value) {
  return check(schema, value, "");
}

bool is_valid_utf8(std::string_view s) {
  std::size_t i = 0;
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const std::size_t n = s.size();
  while (i < n) {
    const unsigned char c = p[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    std::size_t len = 0;
    std::uint32_t cp = 0;
    if ((c & 0xE0) == 0xC0) {
      len = 2;
      cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      len = 3;
      cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      len = 4;
      cp = c & 0x07;
    } else {
      return false;
    }
    if (i + len > n) return false;
    for (std::size_t k = 1; k < len; ++k) {
      if ((p[i + k] & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (p[i + k] & 0x3F);
    }
    if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000)) return false;
    if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    i += len;
  }
  return true;
}

std::size_t utf8_length(std::string_view s) {
  std::size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80 ? 1 : 0;
  return n;
}

namespace schema {
nlohmann::json text(int min, int max) { return {{"type", "string"}, {"minLength", min}, {"maxLength", max}}; }
nlohmann::json nullable_text(int max) { return {{"type", {"string", "null"}}, {"maxLength", max}}; }
nlohmann::json date() { return {{"type", "string"}, {"format", "date"}, {"maxLength", 10}}; }
nlohmann::json nullable_date() { return {{"type", {"string", "null"}}, {"format", "date"}, {"maxLength", 10}}; }
nlohmann::json one_of(const std::vector<std::string>& values) { return {{"type", "string"}, {"enum", values}}; }
nlohmann::json date_time() { return {{"type", "string"}, {"format", "date-time"}}; }
}  // namespace schema

}  // namespace anxin::http
