#include "modules/orders/orders_demo.hpp"

#include <fmt/format.h>

#include "modules/identity/directory.hpp"

namespace anxin::orders {

namespace {

constexpr std::int64_t kHourMs = 60 * 60 * 1000;

const char* const kSurnames[] = {"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "周", "吴",
                                 "徐", "孙", "马", "朱", "胡", "郭", "何", "林", "罗", "高",
                                 "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹"};
const char* const kGiven[] = {"先生", "女士"};
const char* const kHousehold[] = {"家有一只金毛犬，性格温顺", "独居老人，行动不便，需防跌倒",
                                  "新生儿家庭，注意消毒",     "家中有两只猫",
                                  "老人有糖尿病，饮食需控制", "",
                                  "客厅有名贵字画，请勿触碰", "家有三岁幼儿"};

struct ServiceKind {
  const char* code;
  const char* department;
  const char* schedule;
  std::int64_t hours;
};

const ServiceKind kKinds[] = {
    {"cleaning", "CLEANING", "one_off", 4},           {"nanny", "NANNY", "live_in", 24 * 13},
    {"hourly", "CLEANING", "recurring", 3},           {"maternity", "NANNY", "live_in", 24 * 12},
    {"appliance_cleaning", "CLEANING", "one_off", 3}, {"elderly_care", "NANNY", "recurring", 8},
};

Caller as_user(const Caller& system, std::optional<std::int64_t> id, const char* name) {
  Caller c = system;
  c.user_id = id.value_or(0);
  c.username = name;
  c.display_name = name;
  return c;
}

}  // namespace

Status load_demo(const Clock& clock, OrderService& orders, workforce::WorkerService& workers,
                 identity::UserService& users, db::Database& db, extend::DemoContext& ctx) {
  const Caller& system = ctx.system;
  if (db.read([&](db::Conn& c) { return orders.repository().count(c); }) > 0) return ok_status();
  const auto dispatch_id = users.id_of("dispatch");
  const auto head_id = users.id_of("svc_head");
  const auto gm_id = users.id_of("gm_chen");
  if (!dispatch_id || !head_id || !gm_id) return Error::not_found("identity.user_not_found");
  const Caller dispatch = as_user(system, dispatch_id, "dispatch");
  const Caller head = as_user(system, head_id, "svc_head");
  const Caller gm = as_user(system, gm_id, "gm_chen");
  const identity::Directory directory;
  const auto department = [&](const char* code) -> std::int64_t {
    auto d = db.read([&](db::Conn& c) { return directory.department_by_code(c, code); });
    return d ? d->id : 0;
  };

  // Workers by name, to tell the stories below.
  auto all = workers.list(system, {}, {.page = 1, .page_size = 100});
  if (!all.ok()) return all.error();
  const auto worker = [&](const char* name) -> std::int64_t {
    for (const auto& w : all->items) {
      if (w.name == name) return w.id;
    }
    return 0;
  };

  std::vector<std::int64_t> customers;
  for (int i = 0; i < 30; ++i) {
    Customer c{.department_id = department(i % 2 == 0 ? "NANNY" : "CLEANING"),
               .name = fmt::format("{}{}", kSurnames[i], kGiven[i % 2]),
               .phone = fmt::format("136{:08}", 20001234 + i * 4321),
               .address = fmt::format("北京市朝阳区幸福里{}号院{}号楼{}0{}室", 1 + i, 1 + i % 7, 1 + i % 6, 1 + i % 4)};
    if (const std::string notes = kHousehold[i % 8]; !notes.empty()) c.household_notes = notes;
    auto made = orders.create_customer(dispatch, c);
    if (!made.ok()) return made.error();
    customers.push_back(made->id);
  }

  const TimestampMs now = clock.now_ms();
  const TimestampMs today = *china_day_start(china_date(now));
  const auto make = [&](int i, TimestampMs starts, std::int64_t hours, const ServiceKind& k) -> Result<Order> {
    NewOrder n{.department_id = department(k.department),
               .customer_id = customers[static_cast<std::size_t>(i % 30)],
               .service_type = k.code,
               .schedule = k.schedule,
               .starts_at = starts,
               .ends_at = starts + hours * kHourMs};
    if (std::string(k.schedule) == "recurring") n.recurrence = "每周一、三、五";
    if (i % 5 == 0) n.notes = "客户要求提前电话联系";
    return orders.create(dispatch, n);
  };
  // Assigns the first worker of the list the gate allows.
  const auto assign_any = [&](const Order& o, std::size_t offset) -> Result<Order> {
    for (std::size_t k = 0; k < all->items.size(); ++k) {
      const auto& w = all->items[(k + offset) % all->items.size()];
      if (w.status != "active" ||
          std::find(w.job_types.begin(), w.job_types.end(), o.service_type) == w.job_types.end()) {
        continue;
      }
      auto r = orders.assign(dispatch, o.id, o.version, w.id, nullptr);
      if (r.ok()) return r;
    }
    return o;
  };
  const auto link = [&](const Order& o) -> Result<CustomerLink> { return orders.issue_link(dispatch, o.id); };

  // The stories every state of an order is seen in.
  const ServiceKind& cleaning = kKinds[0];
  std::vector<std::string> printed;
  // 0: in service now, after a low-risk premises check.
  {
    ANXIN_ASSIGN_OR_RETURN(auto o, make(0, now - kHourMs, 4, cleaning));
    ANXIN_ASSIGN_OR_RETURN(o, assign_any(o, 0));
    ANXIN_TRY(orders.fill_premises(dispatch, o.id, {{"pets", true}, {"wet_floor", false}}));
    ANXIN_TRY(orders.check_in(dispatch, o.id, nullptr));
    ANXIN_ASSIGN_OR_RETURN(auto l, link(o));
    printed.push_back(fmt::format("  {} 服务中 (in service; the customer can confirm arrival): {}", o.number, l.path));
  }
  // 1–3: completed this morning: awaiting the customer's sign-off, confirmed, disputed with an incident.
  for (int i = 1; i <= 3; ++i) {
    ANXIN_ASSIGN_OR_RETURN(auto o, make(i, now - 6 * kHourMs, 4, cleaning));
    ANXIN_ASSIGN_OR_RETURN(o, assign_any(o, static_cast<std::size_t>(i)));
    ANXIN_TRY(orders.fill_premises(dispatch, o.id, {{"valuables", i == 3}}));
    if (i == 3) ANXIN_TRY(orders.add_valuable(dispatch, o.id, "客厅青花瓷花瓶一只（约 40 cm）"));
    ANXIN_TRY(orders.add_consent(dispatch, o.id,
                                 {.operation = "移动客厅家具进行清洁", .method = "tick", .given_by = "客户本人"}));
    ANXIN_TRY(orders.check_in(dispatch, o.id, nullptr));
    ANXIN_TRY(orders.check_out(dispatch, o.id));
    ANXIN_ASSIGN_OR_RETURN(auto l, link(o));
    if (i == 1) {
      printed.push_back(
          fmt::format("  {} 已完成，待客户确认 (awaiting the customer's sign-off): {}", o.number, l.path));
    } else if (i == 2) {
      ANXIN_TRY(
          orders.sign_off(l.token, "no_damage", std::nullopt, 5, std::string("阿姨很细心，厨房打扫得很干净"), "zh-CN"));
    } else {
      ANXIN_TRY(
          orders.sign_off(l.token, "damage", std::string("清洁后发现客厅花瓶底座有裂痕"), 2, std::nullopt, "zh-CN"));
    }
  }
  // 4: tomorrow, window cleaning at height with exposed wiring: acknowledged, waiting for the supervisor.
  {
    ANXIN_ASSIGN_OR_RETURN(auto o, make(4, today + 24 * kHourMs + 9 * kHourMs, 4, cleaning));
    ANXIN_ASSIGN_OR_RETURN(o, assign_any(o, 4));
    ANXIN_TRY(orders.fill_premises(dispatch, o.id, {{"work_at_height", true}, {"exposed_wiring", true}}));
    ANXIN_TRY(orders.acknowledge_premises(dispatch, o.id));
  }
  // 5: a nanny whose health check has expired, sent on a four-eyes override (the agency's replacement is late).
  {
    const ServiceKind nanny{"nanny", "NANNY", "one_off", 8};
    ANXIN_ASSIGN_OR_RETURN(auto o, make(5, today + 2 * 24 * kHourMs + 8 * kHourMs, 8, nanny));
    const auto w = worker("谢春梅");
    if (w != 0) {
      ANXIN_ASSIGN_OR_RETURN(
          auto g, orders.request_override(head, o.id, w, "体检报告已预约复查，客户同意由原服务人员继续服务一天",
                                          gm.user_id, o.ends_at));
      ANXIN_TRY(orders.approve_override(gm, o.id, g.id));
      ANXIN_TRY(orders.assign(dispatch, o.id, o.version, w, nullptr));
    }
  }
  // 6: cancelled by the customer.
  {
    ANXIN_ASSIGN_OR_RETURN(auto o, make(6, today + 3 * 24 * kHourMs + 14 * kHourMs, 3, kKinds[2]));
    ANXIN_TRY(orders.cancel(dispatch, o.id, "客户行程变更，取消本次服务"));
  }
  // 7: assigned, then the worker was suspended: the daily re-check flags it and tells the dispatcher.
  std::int64_t suspended_order = 0;
  {
    ANXIN_ASSIGN_OR_RETURN(auto o, make(7, today + 4 * 24 * kHourMs + 9 * kHourMs, 4, cleaning));
    const auto w = worker("彭玉凤");
    if (w != 0 && orders.assign(dispatch, o.id, o.version, w, nullptr).ok()) {
      auto current = workers.get(system, w);
      if (current.ok()) {
        ANXIN_TRY(workers.set_status(system, w, current->version, "suspended", "客户投诉待调查，暂停派单"));
      }
      suspended_order = o.id;
    }
  }
  // The rest of the next two weeks: most assigned, some still drafts for the dispatcher.
  for (int i = 8; i < 60; ++i) {
    const ServiceKind& k = kKinds[static_cast<std::size_t>(i) % std::size(kKinds)];
    const TimestampMs starts = today + (1 + (i % 14)) * 24 * kHourMs + (8 + i % 5) * kHourMs;
    ANXIN_ASSIGN_OR_RETURN(auto o, make(i, starts, k.hours, k));
    if (i % 7 == 3) continue;
    ANXIN_TRY(assign_any(o, static_cast<std::size_t>(i * 3)));
  }
  const auto checked = db.write([&](db::Conn& c) -> Result<RecheckResult> { return orders.recheck(c, now); });
  if (!checked.ok()) return checked.error();
  ctx.out << "Demo orders: 30 customers and 60 orders over the next two weeks (" << checked->newly_failing
          << " assignment(s) no longer passing the gate" << (suspended_order != 0 ? ", the dispatcher is notified" : "")
          << "). Customer links to try:\n";
  for (const auto& line : printed) ctx.out << line << "\n";
  return ok_status();
}

}  // namespace anxin::orders
