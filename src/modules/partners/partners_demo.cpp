#include "modules/partners/partners_demo.hpp"

namespace anxin::partners {

Status load_demo(const Clock& clock, PartnerService& partners, identity::UserService& users, extend::DemoContext& ctx) {
  const Caller& system = ctx.system;
  auto existing = partners.list(system, {}, {.page = 1, .page_size = 1});
  if (!existing.ok()) return existing.error();
  if (existing->total > 0) return ok_status();
  Caller gm = system;
  if (auto id = users.id_of("gm_chen")) {
    gm.user_id = *id;
    gm.username = "gm_chen";
    gm.display_name = "陈国强";
  }
  const std::string today = china_date(clock.now_ms());
  const auto day = [&](std::int64_t offset) { return *add_days(today, offset); };

  struct Demo {
    const char* name;
    const char* kind;
    const char* services;
    const char* contact;
    const char* phone;
    std::int64_t months;
    /// When the last evaluation was, and its four criteria; nullopt: none yet.
    std::optional<std::string> evaluated_on;
    std::int64_t q, s, t, c;
    const char* notes;
  };
  const Demo demo[] = {
      {"安居家政合作社", "agency", "育婴员、保洁员派遣", "李经理", "13810001001", 6, day(-30), 22, 21, 20, 22,
       "人员背景审查材料齐全"},
      {"洁净达清洁用品有限公司", "supplier", "清洁剂、消毒用品、防滑垫", "王女士", "13810001002", 12, day(-40), 20, 23,
       18, 21, "按时供货，安全技术说明书齐全"},
      {"安心劳保用品商行", "supplier", "手套、护目镜、安全带", "赵先生", "13810001003", 6, add_months(day(-17), -6), 18,
       20, 17, 19, "安全带检验报告需补交"},
      {"快修家电维修服务部", "repairer", "空调、热水器、燃气灶维修", "周师傅", "13810001004", 6,
       add_months(day(10), -6), 17, 16, 18, 17, "维修后回访及时"},
      {"顺心管道疏通队", "repairer", "管道疏通、防水维修", "吴师傅", "13810001005", 6, day(-12), 12, 9, 15, 14,
       "两次上门未持证作业，客户投诉"},
      {"康护医疗器械租赁", "other", "护理床、轮椅租赁", "郑女士", "13810001006", 12, std::nullopt, 0, 0, 0, 0, ""},
  };
  for (const auto& d : demo) {
    ANXIN_ASSIGN_OR_RETURN(auto p, partners.create(gm,
                                                   {.name = d.name,
                                                    .kind = d.kind,
                                                    .services = d.services,
                                                    .contact_name = std::string(d.contact),
                                                    .contact_phone = std::string(d.phone),
                                                    .evaluation_months = d.months},
                                                   std::nullopt));
    if (!d.evaluated_on) continue;
    ANXIN_TRY(partners.evaluate(gm, p.id,
                                {.evaluated_on = *d.evaluated_on,
                                 .quality = d.q,
                                 .safety = d.s,
                                 .timeliness = d.t,
                                 .compliance = d.c,
                                 .notes = std::string(d.notes)}));
  }
  ctx.out << "Demo data: 6 partners (one evaluation overdue, one due in 10 days, one failed and suspended).\n";
  return ok_status();
}

}  // namespace anxin::partners
