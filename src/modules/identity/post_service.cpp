#include "modules/identity/post_service.hpp"

namespace anxin::identity {

std::string_view identity_sql(std::string_view name);  // embedded queries/*.sql

namespace {

Post from_row(const db::Row& r) {
  return {r.int64("id"),         r.text("code"),        r.text("name"),    r.int64("sort_order"),
          r.int64("created_at"), r.int64("updated_at"), r.int64("version")};
}

nlohmann::json audit_json(const Post& p) { return {{"code", p.code}, {"name", p.name}, {"sort_order", p.sort_order}}; }

std::optional<Post> load(db::Conn& c, std::int64_t id) {
  auto row = c.query_one(identity_sql("post_get"), id);
  if (!row) return std::nullopt;
  return from_row(*row);
}

}  // namespace

PageOf<Post> PostService::list(const PageRequest& page) {
  return db_.read([&](db::Conn& c) {
    PageOf<Post> out;
    for (const auto& r : c.query(identity_sql("post_list"), page.page_size, page.offset()))
      out.items.push_back(from_row(r));
    out.total = c.query_one(identity_sql("post_count"))->int64("n");
    return out;
  });
}

Result<Post> PostService::create(const Caller& caller, const std::string& code, const std::string& name,
                                 std::int64_t sort_order) {
  return db_.write([&](db::Conn& c) -> Result<Post> {
    if (c.query_one(identity_sql("post_by_code"), code, std::int64_t{0})) {
      return Error::conflict("identity.post_code_taken", {{"code", code}});
    }
    const auto id = c.query_one(identity_sql("post_insert"), code, name, sort_order, clock_.now_ms())->int64("id");
    Post p = *load(c, id);
    audit_.append(c, {.actor = audit::Actor::of(caller),
                      .action = "create",
                      .entity = "post",
                      .entity_id = std::to_string(id),
                      .after = audit_json(p)});
    return p;
  });
}

Result<Post> PostService::update(const Caller& caller, std::int64_t id, std::int64_t version,
                                 std::optional<std::string> code, std::optional<std::string> name,
                                 std::optional<std::int64_t> sort_order) {
  return db_.write([&](db::Conn& c) -> Result<Post> {
    auto current = load(c, id);
    if (!current) return Error::not_found("identity.post_not_found");
    if (current->version != version) return Error::conflict("common.version_conflict");
    Post next = *current;
    if (code) next.code = *code;
    if (name) next.name = *name;
    if (sort_order) next.sort_order = *sort_order;
    if (next.code != current->code && c.query_one(identity_sql("post_by_code"), next.code, id)) {
      return Error::conflict("identity.post_code_taken", {{"code", next.code}});
    }
    if (c.exec(identity_sql("post_update"), id, next.code, next.name, next.sort_order, clock_.now_ms(), version) != 1) {
      return Error::conflict("common.version_conflict");
    }
    Post saved = *load(c, id);
    audit_.append(c, {.actor = audit::Actor::of(caller),
                      .action = "update",
                      .entity = "post",
                      .entity_id = std::to_string(id),
                      .before = audit_json(*current),
                      .after = audit_json(saved)});
    return saved;
  });
}

Status PostService::remove(const Caller& caller, std::int64_t id) {
  return db_.write([&](db::Conn& c) -> Status {
    auto current = load(c, id);
    if (!current) return Error::not_found("identity.post_not_found");
    if (c.query_one(identity_sql("post_user_count"), id)->int64("n") > 0)
      return Error::conflict("identity.post_in_use");
    c.exec(identity_sql("post_delete"), id);
    audit_.append(c, {.actor = audit::Actor::of(caller),
                      .action = "delete",
                      .entity = "post",
                      .entity_id = std::to_string(id),
                      .before = audit_json(*current)});
    return ok_status();
  });
}

nlohmann::json to_json(const Post& p) {
  return {{"id", p.id},
          {"code", p.code},
          {"name", p.name},
          {"sort_order", p.sort_order},
          {"created_at", format_rfc3339(p.created_at)},
          {"updated_at", format_rfc3339(p.updated_at)},
          {"version", p.version}};
}

}  // namespace anxin::identity
