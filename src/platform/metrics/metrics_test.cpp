#include "platform/metrics/metrics.hpp"

#include <gtest/gtest.h>

namespace anxin::metrics {
namespace {

TEST(Metrics, RendersCountersAndCumulativeHistograms) {
  Registry r;
  r.describe("anxin_http_requests_total", "counter", "Requests served.");
  r.inc_counter("anxin_http_requests_total", {{"route", "/a"}, {"status", "200"}});
  r.inc_counter("anxin_http_requests_total", {{"route", "/a"}, {"status", "200"}});
  r.observe("anxin_lat_seconds", {{"route", "/a"}}, 0.003, {0.001, 0.005, 0.01});
  r.observe("anxin_lat_seconds", {{"route", "/a"}}, 0.02, {0.001, 0.005, 0.01});
  const std::string out = r.render();
  EXPECT_NE(out.find("# HELP anxin_http_requests_total Requests served.\n"), std::string::npos);
  EXPECT_NE(out.find("anxin_http_requests_total{route=\"/a\",status=\"200\"} 2\n"), std::string::npos);
  EXPECT_NE(out.find("anxin_lat_seconds_bucket{route=\"/a\",le=\"0.001\"} 0\n"), std::string::npos);
  EXPECT_NE(out.find("anxin_lat_seconds_bucket{route=\"/a\",le=\"0.005\"} 1\n"), std::string::npos);
  EXPECT_NE(out.find("anxin_lat_seconds_bucket{route=\"/a\",le=\"+Inf\"} 2\n"), std::string::npos);
  EXPECT_NE(out.find("anxin_lat_seconds_count{route=\"/a\"} 2\n"), std::string::npos);
}

TEST(Metrics, EscapesLabelValues) {
  Registry r;
  r.set_gauge("g", {{"k", "a\"b\\c"}}, 3);
  EXPECT_NE(r.render().find("g{k=\"a\\\"b\\\\c\"} 3\n"), std::string::npos);
}

}  // namespace
}  // namespace anxin::metrics
