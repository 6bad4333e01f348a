#include "modules/workforce/worker_repository.hpp"

#include <sstream>

#include "platform/crypto/crypto.hpp"

namespace anxin::workforce {

std::string_view workforce_sql(std::string_view name);  // embedded queries/*.sql

namespace {
constexpr const char* kTable = "workers";
}  // namespace

std::string encode_job_types(const std::vector<std::string>& types) {
  std::string out = ",";
  for (const auto& t : types) out += t + ",";
  return out;
}

std::vector<std::string> decode_job_types(const std::string& stored) {
  std::vector<std::string> out;
  std::stringstream in(stored);
  for (std::string item; std::getline(in, item, ',');) {
    if (!item.empty()) out.push_back(item);
  }
  return out;
}

std::string WorkerRepository::blind(const std::string& kind, const std::string& normalized) const {
  return keys_.blind_index("worker." + kind, normalized);
}

std::int64_t WorkerRepository::insert(db::Conn& c, const NewWorker& w, std::optional<std::int64_t> actor,
                                      TimestampMs now) {
  const auto id =
      c.query_one(workforce_sql("worker_insert"), w.department_id, w.name, db::Blob{}, blind("id_number", w.id_number),
                  encode_job_types(w.job_types), w.employment, w.agency_name, now)
          ->int64("id");
  Worker stored;
  stored.id = id;
  stored.id_number = w.id_number;
  stored.phone = w.phone;
  stored.address = w.address;
  stored.bank_account = w.bank_account;
  stored.emergency_contact = w.emergency_contact;
  set_personal(c, stored);
  c.exec(workforce_sql("status_event_insert"), id, std::optional<std::string>(), "applicant", "registered", actor, now);
  return id;
}

void WorkerRepository::set_personal(db::Conn& c, const Worker& w) {
  const auto seal = [&](const char* column, const std::optional<std::string>& v) {
    return keys_.seal(kTable, column, w.id, v);
  };
  const std::optional<std::string> phone_bidx = w.phone ? std::optional(blind("phone", *w.phone)) : std::nullopt;
  c.exec(workforce_sql("worker_set_personal"), w.id, seal("id_number_enc", w.id_number), seal("phone_enc", w.phone),
         phone_bidx, seal("address_enc", w.address), seal("bank_account_enc", w.bank_account),
         seal("emergency_contact_enc", w.emergency_contact));
}

Worker WorkerRepository::from_row(const db::Row& r) const {
  Worker w;
  w.id = r.int64("id");
  const auto open = [&](const char* column) { return keys_.open(kTable, column, w.id, r); };
  w.department_id = r.int64("department_id");
  w.name = r.text("name");
  w.id_number = open("id_number_enc").value_or("");
  w.phone = open("phone_enc");
  w.address = open("address_enc");
  w.bank_account = open("bank_account_enc");
  w.emergency_contact = open("emergency_contact_enc");
  w.job_types = decode_job_types(r.text("job_types"));
  w.employment = r.text("employment");
  w.agency_name = r.opt_text("agency_name");
  w.user_id = r.opt_int64("user_id");
  w.status = r.text("status");
  w.status_reason = r.opt_text("status_reason");
  w.status_changed_at = r.int64("status_changed_at");
  w.created_at = r.int64("created_at");
  w.updated_at = r.int64("updated_at");
  w.version = r.int64("version");
  return w;
}

std::optional<Worker> WorkerRepository::get(db::Conn& c, std::int64_t id) const {
  auto r = c.query_one(workforce_sql("worker_get"), id);
  if (!r) return std::nullopt;
  return from_row(*r);
}

std::optional<std::int64_t> WorkerRepository::id_by_id_number(db::Conn& c, const std::string& id_number) const {
  auto r = c.query_one(workforce_sql("worker_by_id_number"), blind("id_number", id_number));
  if (!r) return std::nullopt;
  return r->int64("id");
}

std::optional<std::int64_t> WorkerRepository::id_by_user(db::Conn& c, std::int64_t user_id) const {
  auto r = c.query_one(workforce_sql("worker_by_user"), user_id);
  if (!r) return std::nullopt;
  return r->int64("id");
}

PageOf<Worker> WorkerRepository::list(db::Conn& c, const WorkerFilter& f, const std::optional<std::string>& subtree,
                                      const identity::ScopeFilter& s, const std::string& today,
                                      const PageRequest& page) const {
  const std::optional<std::string> id_bidx =
      f.id_number ? std::optional(blind("id_number", *f.id_number)) : std::nullopt;
  const std::optional<std::string> phone_bidx = f.phone ? std::optional(blind("phone", *f.phone)) : std::nullopt;
  std::optional<std::string> from, until;
  if (f.expiring_within_days) {
    from = today;
    until = add_days(today, *f.expiring_within_days);
  }
  PageOf<Worker> out;
  for (const auto& r :
       c.query(workforce_sql("worker_list"), f.q, f.status, f.job_type, f.department_id, id_bidx, phone_bidx, from,
               until, subtree, s.department_id, s.user_id, page.page_size, page.offset())) {
    out.items.push_back(from_row(r));
  }
  out.total = c.query_one(workforce_sql("worker_count"), f.q, f.status, f.job_type, f.department_id, id_bidx,
                          phone_bidx, from, until, subtree, s.department_id, s.user_id)
                  ->int64("n");
  return out;
}

bool WorkerRepository::update(db::Conn& c, const Worker& w, std::int64_t expected_version, TimestampMs now) {
  if (c.exec(workforce_sql("worker_update"), w.id, w.department_id, w.name, encode_job_types(w.job_types), w.employment,
             w.agency_name, now, expected_version) != 1) {
    return false;
  }
  set_personal(c, w);
  return true;
}

bool WorkerRepository::set_status(db::Conn& c, const Worker& w, const std::string& status, const std::string& reason,
                                  std::optional<std::int64_t> actor, TimestampMs now) {
  if (c.exec(workforce_sql("worker_set_status"), w.id, status, reason, now, w.version) != 1) return false;
  c.exec(workforce_sql("status_event_insert"), w.id, w.status, status, reason, actor, now);
  return true;
}

bool WorkerRepository::link_user(db::Conn& c, std::int64_t id, std::optional<std::int64_t> user_id,
                                 std::int64_t expected_version, TimestampMs now) {
  return c.exec(workforce_sql("worker_link_user"), id, user_id, now, expected_version) == 1;
}

void WorkerRepository::set_safety_token(db::Conn& c, std::int64_t id, const std::optional<std::string>& token,
                                        TimestampMs now) {
  const std::optional<std::string> hash = token ? std::optional(crypto::sha256_hex(*token)) : std::nullopt;
  c.exec(workforce_sql("worker_set_safety_token"), id, hash, keys_.seal(kTable, "safety_token_enc", id, token),
         token ? std::optional(now) : std::nullopt);
}

std::optional<std::pair<std::string, TimestampMs>> WorkerRepository::safety_token(db::Conn& c, std::int64_t id) const {
  auto r = c.query_one(workforce_sql("worker_safety_token"), id);
  if (!r) return std::nullopt;
  auto token = keys_.open(kTable, "safety_token_enc", id, *r);
  if (!token) return std::nullopt;
  return std::make_pair(*token, r->int64("safety_token_issued_at"));
}

std::optional<std::int64_t> WorkerRepository::id_by_safety_token(db::Conn& c, const std::string& token) const {
  auto r = c.query_one(workforce_sql("worker_by_safety_token"), crypto::sha256_hex(token));
  if (!r) return std::nullopt;
  return r->int64("id");
}

std::vector<StatusEvent> WorkerRepository::history(db::Conn& c, std::int64_t id) const {
  std::vector<StatusEvent> out;
  for (const auto& r : c.query(workforce_sql("status_events_of"), id)) {
    out.push_back({.from_status = r.opt_text("from_status"),
                   .to_status = r.text("to_status"),
                   .reason = r.text("reason"),
                   .actor_id = r.opt_int64("actor_id"),
                   .at = r.int64("at")});
  }
  return out;
}

}  // namespace anxin::workforce
