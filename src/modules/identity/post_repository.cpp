#include "modules/identity/post_repository.hpp"

#include "modules/identity/post_service.hpp"

namespace anxin::identity {

std::string_view identity_sql(std::string_view name);  // embedded queries/*.sql

namespace {

Post from_row(const db::Row& r) {
  return {r.int64("id"),         r.text("code"),        r.text("name"),    r.int64("sort_order"),
          r.int64("created_at"), r.int64("updated_at"), r.int64("version")};
}

}  // namespace

std::optional<Post> PostRepository::get(db::Conn& c, std::int64_t id) {
  auto row = c.query_one(identity_sql("post_get"), id);
  if (!row) return std::nullopt;
  return from_row(*row);
}

PageOf<Post> PostRepository::list(db::Conn& c, const PageRequest& page) {
  PageOf<Post> out;
  for (const auto& r : c.query(identity_sql("post_list"), page.page_size, page.offset()))
    out.items.push_back(from_row(r));
  out.total = c.query_one(identity_sql("post_count"))->int64("n");
  return out;
}

bool PostRepository::code_taken(db::Conn& c, const std::string& code, std::int64_t except_id) {
  return c.query_one(identity_sql("post_by_code"), code, except_id).has_value();
}

std::int64_t PostRepository::insert(db::Conn& c, const std::string& code, const std::string& name,
                                    std::int64_t sort_order, TimestampMs now) {
  return c.query_one(identity_sql("post_insert"), code, name, sort_order, now)->int64("id");
}

bool PostRepository::update(db::Conn& c, const Post& p, std::int64_t expected_version, TimestampMs now) {
  return c.exec(identity_sql("post_update"), p.id, p.code, p.name, p.sort_order, now, expected_version) == 1;
}

std::int64_t PostRepository::user_count(db::Conn& c, std::int64_t id) {
  return c.query_one(identity_sql("post_user_count"), id)->int64("n");
}

void PostRepository::remove(db::Conn& c, std::int64_t id) { c.exec(identity_sql("post_delete"), id); }

}  // namespace anxin::identity
