#include <fmt/format.h>

#include "platform/db/database.hpp"

namespace anxin::db {

const Value& Row::at(std::string_view name) const {
  for (std::size_t i = 0; i < names_->size(); ++i) {
    if ((*names_)[i] == name) return values_[i];
  }
  throw DbError(DbErrorKind::kOther, fmt::format("no column named '{}' in result", name));
}

std::int64_t Row::int64(std::string_view name) const {
  const Value& v = at(name);
  if (const auto* i = std::get_if<std::int64_t>(&v)) return *i;
  if (const auto* d = std::get_if<double>(&v)) return static_cast<std::int64_t>(*d);
  if (const auto* s = std::get_if<std::string>(&v)) return std::stoll(*s);
  throw DbError(DbErrorKind::kOther, fmt::format("column '{}' is not an integer", name));
}

std::optional<std::int64_t> Row::opt_int64(std::string_view name) const {
  if (is_null(name)) return std::nullopt;
  return int64(name);
}

double Row::real(std::string_view name) const {
  const Value& v = at(name);
  if (const auto* d = std::get_if<double>(&v)) return *d;
  if (const auto* i = std::get_if<std::int64_t>(&v)) return static_cast<double>(*i);
  throw DbError(DbErrorKind::kOther, fmt::format("column '{}' is not a number", name));
}

std::string Row::text(std::string_view name) const {
  const Value& v = at(name);
  if (const auto* s = std::get_if<std::string>(&v)) return *s;
  if (const auto* i = std::get_if<std::int64_t>(&v)) return std::to_string(*i);
  if (std::holds_alternative<std::monostate>(v)) return {};
  throw DbError(DbErrorKind::kOther, fmt::format("column '{}' is not text", name));
}

std::optional<std::string> Row::opt_text(std::string_view name) const {
  if (is_null(name)) return std::nullopt;
  return text(name);
}

Blob Row::blob(std::string_view name) const {
  const Value& v = at(name);
  if (const auto* b = std::get_if<Blob>(&v)) return *b;
  if (const auto* s = std::get_if<std::string>(&v)) return Blob(s->begin(), s->end());
  if (std::holds_alternative<std::monostate>(v)) return {};
  throw DbError(DbErrorKind::kOther, fmt::format("column '{}' is not binary", name));
}

std::string id_list(std::span<const std::int64_t> ids) {
  std::string out = ",";
  for (auto id : ids) {
    out += std::to_string(id);
    out += ',';
  }
  return out;
}

std::string like_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char ch : text) {
    if (ch == '%' || ch == '_' || ch == '\\') out += '\\';
    out += ch;
  }
  return out;
}

Error error_from_db(const DbError& e) {
  switch (e.kind()) {
    case DbErrorKind::kUniqueViolation: return Error::conflict("common.duplicate");
    case DbErrorKind::kForeignKeyViolation: return Error::invalid("common.reference_invalid");
    case DbErrorKind::kCheckViolation: return Error::invalid("common.constraint_violated");
    case DbErrorKind::kBusy:
    case DbErrorKind::kConnection: return Error::unavailable("common.db_unavailable");
    case DbErrorKind::kOther: break;
  }
  return Error::internal();
}

}  // namespace anxin::db

namespace anxin::db {
namespace {
thread_local std::function<void(Conn&)> t_hook;
thread_local bool t_hook_active = false;
thread_local bool t_hook_consumed = false;
}  // namespace

ScopedFirstWriteHook::ScopedFirstWriteHook(std::function<void(Conn&)> hook) {
  t_hook = std::move(hook);
  t_hook_active = true;
  t_hook_consumed = false;
}
ScopedFirstWriteHook::~ScopedFirstWriteHook() {
  t_hook = nullptr;
  t_hook_active = false;
}
bool ScopedFirstWriteHook::consumed() const { return t_hook_consumed; }

std::function<void(Conn&)> take_first_write_hook() {
  if (!t_hook_active || t_hook_consumed) return {};
  t_hook_consumed = true;
  return t_hook;
}

}  // namespace anxin::db
