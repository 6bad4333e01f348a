#include "modules/audit/audit_chain.hpp"

#include <sodium.h>

#include <array>
#include <stdexcept>

#include "modules/audit/audit_repository.hpp"

namespace anxin::audit {

namespace {

/// Version tag of the canonical form; a new layout gets a new tag.
constexpr std::string_view kFormatTag = "anxin-audit-v1";

void put(std::string& out, std::string_view field) {
  out += std::to_string(field.size());
  out += ':';
  out += field;
}
void put(std::string& out, const std::string& field) { put(out, std::string_view(field)); }
void put(std::string& out, std::int64_t v) { put(out, std::to_string(v)); }
void put(std::string& out, const std::optional<std::string>& v) {
  if (v) {
    put(out, *v);
  } else {
    out += '~';
  }
}
void put(std::string& out, const std::optional<std::int64_t>& v) {
  if (v) {
    put(out, *v);
  } else {
    out += '~';
  }
}

}  // namespace

std::string sha256_hex(std::string_view data) {
  if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
  std::array<unsigned char, crypto_hash_sha256_BYTES> digest{};
  crypto_hash_sha256(digest.data(), reinterpret_cast<const unsigned char*>(data.data()), data.size());
  std::string out(digest.size() * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), digest.data(), digest.size());
  out.resize(digest.size() * 2);
  return out;
}

std::string canonical_form(const ChainRow& r) {
  std::string out;
  out.reserve(256 + r.before_json.value_or("").size() + r.after_json.value_or("").size());
  put(out, kFormatTag);
  put(out, r.seq);
  put(out, r.at);
  put(out, r.actor_user_id);
  put(out, r.actor_username);
  put(out, r.ip);
  put(out, r.request_id);
  put(out, r.action);
  put(out, r.entity);
  put(out, r.entity_id);
  put(out, r.department_id);
  put(out, r.before_json);
  put(out, r.after_json);
  put(out, r.outcome);
  put(out, r.reason);
  put(out, r.prev_hash);
  return out;
}

std::string chain_hash(const ChainRow& r) { return sha256_hex(canonical_form(r)); }

ChainRow chain_row_from(const db::Row& row) {
  ChainRow r;
  r.seq = row.int64("seq");
  r.at = row.int64("at");
  r.actor_user_id = row.opt_int64("actor_user_id");
  r.actor_username = row.opt_text("actor_username");
  r.ip = row.opt_text("ip");
  r.request_id = row.opt_text("request_id");
  r.action = row.text("action");
  r.entity = row.text("entity");
  r.entity_id = row.opt_text("entity_id");
  r.department_id = row.opt_int64("department_id");
  r.before_json = row.opt_text("before_json");
  r.after_json = row.opt_text("after_json");
  r.outcome = row.text("outcome");
  r.reason = row.opt_text("reason");
  r.prev_hash = row.text("prev_hash");
  r.hash = row.text("hash");
  return r;
}

void insert_chain_row(db::Conn& c, const ChainRow& r) { AuditRepository().insert_record(c, r); }

}  // namespace anxin::audit
