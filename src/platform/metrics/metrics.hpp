#pragma once

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace anxin::metrics {

/// Label set as ordered name/value pairs, e.g. {{"route","/api/v1/x"},{"status","200"}}.
using Labels = std::vector<std::pair<std::string, std::string>>;

/// A Prometheus registry of counters, gauges and histograms, rendered in the text exposition format.
/// Thread-safe; the hot path takes one short lock per observation.
class Registry {
 public:
  /// Adds `delta` to the counter `name` with `labels`.
  void inc_counter(const std::string& name, const Labels& labels, double delta = 1);
  /// Sets the gauge `name` with `labels`.
  void set_gauge(const std::string& name, const Labels& labels, double value);
  /// Records `value` into the histogram `name` (buckets fixed at first use).
  void observe(const std::string& name, const Labels& labels, double value, const std::vector<double>& buckets);
  /// Declares HELP text and TYPE for a metric family.
  void describe(const std::string& name, const std::string& type, const std::string& help);
  /// Renders every family in the Prometheus text format (version 0.0.4).
  std::string render() const;

  /// Latency buckets in seconds suited to HTTP and commit timings.
  static const std::vector<double>& latency_buckets();
  /// Buckets for batch sizes.
  static const std::vector<double>& size_buckets();

 private:
  struct Histogram {
    std::vector<double> bounds;
    std::vector<std::uint64_t> counts;  // cumulative at render time
    double sum = 0;
    std::uint64_t count = 0;
  };
  struct Family {
    std::string type;
    std::string help;
    std::map<Labels, double> values;
    std::map<Labels, Histogram> histograms;
  };
  mutable std::mutex mu_;
  std::map<std::string, Family> families_;
};

/// The process-wide registry served at /metrics.
Registry& global();

}  // namespace anxin::metrics
