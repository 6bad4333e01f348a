#include "modules/identity/post_service.hpp"

namespace anxin::identity {

namespace {

nlohmann::json audit_json(const Post& p) { return {{"code", p.code}, {"name", p.name}, {"sort_order", p.sort_order}}; }

}  // namespace

PageOf<Post> PostService::list(const PageRequest& page) {
  return db_.read([&](db::Conn& c) { return repo_.list(c, page); });
}

Result<Post> PostService::create(const Caller& caller, const std::string& code, const std::string& name,
                                 std::int64_t sort_order) {
  return db_.write([&](db::Conn& c) -> Result<Post> {
    if (repo_.code_taken(c, code, 0)) return Error::conflict("identity.post_code_taken", {{"code", code}});
    const auto id = repo_.insert(c, code, name, sort_order, clock_.now_ms());
    Post p = *repo_.get(c, id);
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
    auto current = repo_.get(c, id);
    if (!current) return Error::not_found("identity.post_not_found");
    if (current->version != version) return Error::conflict("common.version_conflict");
    Post next = *current;
    if (code) next.code = *code;
    if (name) next.name = *name;
    if (sort_order) next.sort_order = *sort_order;
    if (next.code != current->code && repo_.code_taken(c, next.code, id)) {
      return Error::conflict("identity.post_code_taken", {{"code", next.code}});
    }
    if (!repo_.update(c, next, version, clock_.now_ms())) return Error::conflict("common.version_conflict");
    Post saved = *repo_.get(c, id);
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
    auto current = repo_.get(c, id);
    if (!current) return Error::not_found("identity.post_not_found");
    if (repo_.user_count(c, id) > 0) return Error::conflict("identity.post_in_use");
    repo_.remove(c, id);
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
