#pragma once

#include "core/clock.hpp"
#include "core/result.hpp"
#include "modules/workforce/worker_service.hpp"
#include "platform/db/database.hpp"
#include "platform/extend/registry.hpp"

namespace anxin::workforce {

class WorkerRecordsService;

/// About forty demo workers covering every outcome of the dispatch gate (all clear; health check expired;
/// certificate ending in ten days; suspended; vetting pending or flagged; unfit; restrictions; credit check missing;
/// applicant; left), with dates relative to today. Left alone once workers exist.
Status load_demo(db::Database& db, const Clock& clock, WorkerService& workers, extend::DemoContext& ctx);

/// Integrity, pay, social-insurance and case records for the demo workers: one refused by violation points, one
/// close to the limit (a warning), commendations and complaints, two months of pay, every case kind open or closed.
/// Left alone once any integrity entry exists.
Status load_records_demo(const Clock& clock, WorkerService& workers, WorkerRecordsService& records,
                         extend::DemoContext& ctx);

}  // namespace anxin::workforce
