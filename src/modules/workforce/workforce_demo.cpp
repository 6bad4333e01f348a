#include "modules/workforce/workforce_demo.hpp"

#include <fmt/format.h>

#include "modules/identity/directory.hpp"
#include "modules/workforce/worker_records_service.hpp"
#include "platform/text/identifiers.hpp"

namespace anxin::workforce {

namespace {

/// What is wrong with a demo worker's file, if anything.
enum class Case {
  kClear,
  kHealthExpired,
  kCertificateEndsIn10Days,
  kSuspended,
  kVettingPending,
  kCriminalRecordFlagged,
  kNoHealthCheck,
  kUnfit,
  kRestrictions,
  kNoCreditCheck,
  kApplicant,
  kLeft,
  kCertificateEndsIn5Days,
};

struct DemoWorker {
  const char* name;
  const char* department;
  std::vector<std::string> job_types;
  Case state;
};

const char* certificate_for(const std::string& job_type) {
  if (job_type == "nanny") return "housekeeper";
  if (job_type == "maternity") return "maternity_nurse";
  if (job_type == "elderly_care") return "elderly_carer";
  return nullptr;
}

/// A valid resident ID number: an area code, a birth date and a sequence number, with its MOD 11-2 check character.
std::string id_number(int i) {
  static const char* kAreas[] = {"110105", "310104", "330203", "420106", "510107", "410523", "130682", "370102"};
  const std::string first17 =
      fmt::format("{}{:04}{:02}{:02}{:03}", kAreas[i % 8], 1968 + (i * 7) % 30, 1 + i % 12, 1 + (i * 3) % 28, 100 + i);
  return first17 + *text::resident_id_check_char(first17);
}

}  // namespace

Status load_demo(db::Database& db, const Clock& clock, WorkerService& workers, extend::DemoContext& ctx) {
  const Caller& system = ctx.system;
  if (workers.list(system, {}, {.page = 1, .page_size = 1}).value().total > 0) return ok_status();
  const identity::Directory directory;
  const auto department = [&](const char* code) {
    return db.read([&](db::Conn& c) { return directory.department_by_code(c, code); });
  };
  const std::string today = china_date(clock.now_ms());
  const auto day = [&](std::int64_t offset) { return *add_days(today, offset); };

  const std::vector<DemoWorker> demo = {
      {"张秀英", "NANNY", {"nanny"}, Case::kClear},
      {"王桂兰", "NANNY", {"nanny", "cleaning"}, Case::kClear},
      {"李淑珍", "NANNY", {"maternity"}, Case::kClear},
      {"刘玉梅", "NANNY", {"maternity", "nanny"}, Case::kClear},
      {"陈凤英", "NANNY", {"elderly_care"}, Case::kClear},
      {"杨丽华", "NANNY", {"elderly_care", "hourly"}, Case::kClear},
      {"赵春燕", "CLEANING", {"cleaning"}, Case::kClear},
      {"黄建国", "CLEANING", {"appliance_cleaning"}, Case::kClear},
      {"周红梅", "CLEANING", {"cleaning", "hourly"}, Case::kClear},
      {"吴志强", "CLEANING", {"appliance_cleaning", "cleaning"}, Case::kClear},
      {"徐美玲", "CLEANING", {"hourly"}, Case::kClear},
      {"孙海燕", "NANNY", {"nanny"}, Case::kClear},
      {"马秀兰", "NANNY", {"maternity"}, Case::kClear},
      {"朱晓红", "CLEANING", {"cleaning"}, Case::kClear},
      {"胡玉兰", "NANNY", {"elderly_care"}, Case::kClear},
      {"郭丽娟", "NANNY", {"nanny"}, Case::kClear},
      {"何桂芳", "CLEANING", {"cleaning"}, Case::kClear},
      {"高文静", "NANNY", {"maternity"}, Case::kClear},
      {"林志华", "CLEANING", {"appliance_cleaning"}, Case::kClear},
      {"罗小琴", "NANNY", {"nanny", "hourly"}, Case::kClear},
      {"郑丽萍", "NANNY", {"elderly_care"}, Case::kClear},
      {"梁淑芬", "CLEANING", {"cleaning"}, Case::kClear},
      {"谢春梅", "NANNY", {"nanny"}, Case::kHealthExpired},
      {"宋丽君", "NANNY", {"maternity"}, Case::kHealthExpired},
      {"唐秀梅", "NANNY", {"nanny"}, Case::kCertificateEndsIn10Days},
      {"韩美华", "NANNY", {"elderly_care"}, Case::kCertificateEndsIn10Days},
      {"冯玉珍", "NANNY", {"maternity"}, Case::kCertificateEndsIn5Days},
      {"于桂香", "CLEANING", {"cleaning"}, Case::kSuspended},
      {"董建军", "CLEANING", {"appliance_cleaning"}, Case::kSuspended},
      {"萧丽", "NANNY", {"nanny"}, Case::kVettingPending},
      {"程大伟", "CLEANING", {"cleaning"}, Case::kCriminalRecordFlagged},
      {"曹秀珍", "NANNY", {"elderly_care"}, Case::kNoHealthCheck},
      {"袁翠花", "NANNY", {"nanny"}, Case::kUnfit},
      {"邓慧敏", "NANNY", {"maternity"}, Case::kRestrictions},
      {"许丽芳", "CLEANING", {"hourly"}, Case::kNoCreditCheck},
      {"傅晓燕", "NANNY", {"nanny"}, Case::kApplicant},
      {"沈秀云", "CLEANING", {"cleaning"}, Case::kApplicant},
      {"曾凤霞", "NANNY", {"maternity"}, Case::kLeft},
      {"彭玉凤", "CLEANING", {"cleaning"}, Case::kClear},
      {"吕春兰", "NANNY", {"nanny"}, Case::kClear},
  };

  int made = 0;
  for (std::size_t i = 0; i < demo.size(); ++i) {
    const DemoWorker& d = demo[i];
    const auto dept = department(d.department);
    if (!dept) return Error::not_found("identity.department_not_found", {{"code", d.department}});
    const int n = static_cast<int>(i);
    NewWorker in{.department_id = dept->id,
                 .name = d.name,
                 .id_number = id_number(n),
                 .phone = fmt::format("139{:08}", 10005678 + n * 1111),
                 .address = fmt::format("北京市朝阳区安心路{}号院{}号楼{}单元", 10 + n, 1 + n % 9, 1 + n % 4),
                 .bank_account = fmt::format("6222021{:012}", 100000000 + n * 7919),
                 .emergency_contact = fmt::format("家属 138{:08}", 20003456 + n * 1313),
                 .job_types = d.job_types,
                 .employment = n % 5 == 4 ? "agency" : "own",
                 .agency_name = n % 5 == 4 ? std::optional<std::string>("安居家政合作社") : std::nullopt};
    auto w = workers.create(system, in);
    if (!w.ok()) return w.error();
    const std::int64_t id = w.value().id;
    ++made;

    // Vetting: the no-criminal-record certificate and the mental-health declaration, valid for three years.
    const std::string criminal = d.state == Case::kVettingPending          ? "pending"
                                 : d.state == Case::kCriminalRecordFlagged ? "flagged"
                                                                           : "clear";
    ANXIN_TRY(workers.add_background_check(
        system, id,
        {.kind = "criminal_record",
         .result = criminal,
         .checked_on = day(-120 - n),
         .valid_until = day(975 - n),
         .note = criminal == "flagged" ? std::optional<std::string>("2019年盗窃案记录，待核实") : std::nullopt}));
    ANXIN_TRY(workers.add_background_check(
        system, id,
        {.kind = "mental_health", .result = "clear", .checked_on = day(-120 - n), .valid_until = day(975 - n)}));
    if (d.state != Case::kNoCreditCheck) {
      ANXIN_TRY(
          workers.add_background_check(system, id, {.kind = "credit", .result = "clear", .checked_on = day(-119 - n)}));
    }

    // Certificates: the health certificate for all, the job type's qualification where one is required.
    const std::int64_t ends = d.state == Case::kCertificateEndsIn10Days  ? 10
                              : d.state == Case::kCertificateEndsIn5Days ? 5
                                                                         : 300 + n * 11;
    ANXIN_TRY(workers.add_certificate(system, id,
                                      {.kind = "health_certificate",
                                       .number = fmt::format("JK{}{:05}", today.substr(0, 4), 1000 + n),
                                       .issuer = "北京市朝阳区疾病预防控制中心",
                                       .issued_on = day(-65 - n),
                                       .expires_on = day(300 + n)}));
    for (const auto& type : d.job_types) {
      if (const char* kind = certificate_for(type)) {
        ANXIN_TRY(workers.add_certificate(system, id,
                                          {.kind = kind,
                                           .number = fmt::format("ZG{:08}", 20190000 + n * 37),
                                           .issuer = "北京市人力资源和社会保障局",
                                           .issued_on = day(-700 - n),
                                           .expires_on = day(ends)}));
      }
    }
    if (std::find(d.job_types.begin(), d.job_types.end(), "appliance_cleaning") != d.job_types.end()) {
      ANXIN_TRY(workers.add_certificate(system, id,
                                        {.kind = "electrician",
                                         .number = fmt::format("T{:012}", 110105000000 + n),
                                         .issuer = "北京市应急管理局",
                                         .issued_on = day(-400 - n),
                                         .expires_on = day(1400)}));
    }

    // Health: consent first, then the latest check.
    if (d.state != Case::kNoHealthCheck) {
      ANXIN_TRY(workers.record_health_consent(system, id, kHealthConsentText));
      const std::int64_t checked = d.state == Case::kHealthExpired ? -200 : -30 - n;
      const std::string result = d.state == Case::kUnfit          ? "unfit"
                                 : d.state == Case::kRestrictions ? "fit_with_restrictions"
                                                                  : "fit";
      ANXIN_TRY(workers.add_health_check(
          system, id,
          {.kind = "periodic",
           .checked_on = day(checked),
           .result = result,
           .restrictions = result == "fit_with_restrictions" ? std::optional<std::string>("腰椎间盘突出，避免搬运重物")
                                                             : std::nullopt,
           .next_due_on = day(checked + 365)}));
    }

    // Status: applicants stay applicants; the others start work, and some stop.
    if (d.state == Case::kApplicant) continue;
    auto active = workers.set_status(system, id, w.value().version, "active", "入职审查完成，准予上岗");
    if (!active.ok()) return active.error();
    if (d.state == Case::kSuspended) {
      ANXIN_TRY(workers.set_status(system, id, active.value().version, "suspended", "客户投诉待调查，暂停派单"));
    } else if (d.state == Case::kLeft) {
      ANXIN_TRY(workers.set_status(system, id, active.value().version, "left", "本人申请离职"));
    }
  }
  ctx.out << "Demo data: " << made << " workers (服务人员) with background checks, certificates and health checks.\n";
  return ok_status();
}

Status load_records_demo(const Clock& clock, WorkerService& workers, WorkerRecordsService& records,
                         extend::DemoContext& ctx) {
  const Caller& system = ctx.system;
  auto all = workers.list(system, {}, {.page = 1, .page_size = 100});
  if (!all.ok()) return all.error();
  const auto worker = [&](const char* name) -> std::int64_t {
    for (const auto& w : all->items) {
      if (w.name == name) return w.id;
    }
    return 0;
  };
  const std::int64_t first = worker("张秀英");
  if (first == 0) return ok_status();
  auto existing = records.records(system, first);
  if (!existing.ok()) return existing.error();
  if (!existing->integrity.empty()) return ok_status();
  const std::string today = china_date(clock.now_ms());
  const auto day = [&](std::int64_t offset) { return *add_days(today, offset); };

  struct Entry {
    const char* name;
    const char* kind;
    std::int64_t days_ago;
    std::int64_t points;
    const char* summary;
  };
  const Entry entries[] = {
      {"张秀英", "commendation", 20, 0, "客户送来锦旗，表扬照顾老人细致耐心"},
      {"李淑珍", "commendation", 45, 0, "月子期间护理专业，客户续约三个月"},
      {"王桂兰", "complaint", 12, 0, "客户反映厨房油污清洁不够彻底，已回访并返工"},
      // Twelve points within the year: the gate refuses.
      {"吕春兰", "violation", 40, 6, "服务期间长时间使用手机，未照看幼儿，客户投诉属实"},
      {"吕春兰", "violation", 10, 6, "未经客户同意将客户物品带离服务场所"},
      {"吕春兰", "complaint", 10, 0, "客户投诉服务态度差"},
      // Nine points: close to the limit, a warning.
      {"罗小琴", "violation", 60, 5, "连续两次无故迟到超过一小时"},
      {"罗小琴", "violation", 15, 4, "未按预检要求使用防滑垫"},
      // Points older than a year no longer count.
      {"孙海燕", "violation", 400, 6, "未按规定穿戴工作服（一年前）"},
  };
  for (const auto& e : entries) {
    ANXIN_TRY(records.add_integrity(
        system, worker(e.name),
        {.kind = e.kind, .occurred_on = day(-e.days_ago), .points = e.points, .summary = std::string(e.summary)}));
  }

  // Pay for the last two months and the social-insurance status of the first twelve workers.
  const std::string this_month = today.substr(0, 7);
  const std::string last_month = day(-static_cast<std::int64_t>(std::stoi(today.substr(8, 2)))).substr(0, 7);
  for (std::size_t i = 0; i < all->items.size() && i < 12; ++i) {
    const auto& w = all->items[i];
    if (w.status != "active") continue;
    const std::int64_t gross = 650000 + static_cast<std::int64_t>(i) * 23500;
    ANXIN_TRY(records.add_pay(
        system, w.id,
        {.period = last_month, .gross_fen = gross, .deductions_fen = gross / 10, .paid_on = last_month + "-15"}));
    if (today.substr(8, 2) >= "16") {
      ANXIN_TRY(
          records.add_pay(system, w.id, {.period = this_month, .gross_fen = gross, .deductions_fen = gross / 10}));
    }
    ANXIN_TRY(records.set_social_insurance(system, w.id,
                                           {.status = w.employment == "agency" ? "commercial_only" : "enrolled",
                                            .since = day(-300 - 10 * static_cast<std::int64_t>(i))}));
  }

  // The cases handled for workers, open and closed.
  ANXIN_TRY(records.open_case(system, worker("杨丽华"),
                              {.kind = "grievance",
                               .opened_on = day(-5),
                               .parties = std::string("杨丽华；客户刘先生"),
                               .summary = std::string("反映客户连续两周要求延时服务且未支付加班费")}));
  ANXIN_ASSIGN_OR_RETURN(
      auto mediation,
      records.open_case(system, worker("陈凤英"),
                        {.kind = "mediation",
                         .opened_on = day(-30),
                         .parties = std::string("陈凤英；客户家属王女士；公司客服部"),
                         .summary = std::string("客户家属认为护理不到位要求退还服务费，服务人员不认可")}));
  ANXIN_TRY(records.close_case(system, worker("陈凤英"), mediation.id, day(-18),
                               "三方协商一致：退还一周服务费的 30%，公司承担；服务人员继续上岗"));
  ANXIN_TRY(records.open_case(system, worker("赵春燕"),
                              {.kind = "legal_aid",
                               .opened_on = day(-8),
                               .parties = std::string("赵春燕；区法律援助中心"),
                               .summary = std::string("服务途中交通事故，协助申请法律援助处理赔偿")}));
  ANXIN_TRY(records.open_case(system, worker("周红梅"),
                              {.kind = "psych_support",
                               .opened_on = day(-3),
                               .summary = std::string("服务中遭遇客户家属辱骂，情绪低落，已安排两次心理疏导")}));
  ctx.out << "Demo data: integrity records (one worker refused at 12 points, one warned at 9), pay, social insurance "
             "and worker cases.\n";
  return ok_status();
}

}  // namespace anxin::workforce
