#include "platform/metrics/metrics.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace anxin::metrics {

namespace {

std::string escape_label(const std::string& v) {
  std::string out;
  out.reserve(v.size());
  for (char c : v) {
    if (c == '\\' || c == '"') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

std::string render_labels(const Labels& labels, const std::string& extra_name = {}, const std::string& extra = {}) {
  if (labels.empty() && extra_name.empty()) return {};
  std::string out = "{";
  bool first = true;
  for (const auto& [k, v] : labels) {
    if (!first) out += ',';
    first = false;
    out += fmt::format("{}=\"{}\"", k, escape_label(v));
  }
  if (!extra_name.empty()) {
    if (!first) out += ',';
    out += fmt::format("{}=\"{}\"", extra_name, extra);
  }
  out += '}';
  return out;
}

std::string number(double v) {
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  if (v == std::floor(v) && std::fabs(v) < 1e15) return fmt::format("{}", static_cast<long long>(v));
  return fmt::format("{}", v);
}

}  // namespace

void Registry::inc_counter(const std::string& name, const Labels& labels, double delta) {
  std::lock_guard lock(mu_);
  auto& f = families_[name];
  if (f.type.empty()) f.type = "counter";
  f.values[labels] += delta;
}

void Registry::set_gauge(const std::string& name, const Labels& labels, double value) {
  std::lock_guard lock(mu_);
  auto& f = families_[name];
  if (f.type.empty()) f.type = "gauge";
  f.values[labels] = value;
}

void Registry::observe(const std::string& name, const Labels& labels, double value,
                       const std::vector<double>& buckets) {
  std::lock_guard lock(mu_);
  auto& f = families_[name];
  if (f.type.empty()) f.type = "histogram";
  auto& h = f.histograms[labels];
  if (h.bounds.empty()) {
    h.bounds = buckets;
    h.counts.assign(buckets.size(), 0);
  }
  auto it = std::lower_bound(h.bounds.begin(), h.bounds.end(), value);
  if (it != h.bounds.end()) h.counts[static_cast<std::size_t>(it - h.bounds.begin())]++;
  h.sum += value;
  h.count++;
}

void Registry::describe(const std::string& name, const std::string& type, const std::string& help) {
  std::lock_guard lock(mu_);
  auto& f = families_[name];
  f.type = type;
  f.help = help;
}

std::string Registry::render() const {
  std::lock_guard lock(mu_);
  std::string out;
  for (const auto& [name, f] : families_) {
    if (!f.help.empty()) out += fmt::format("# HELP {} {}\n", name, f.help);
    out += fmt::format("# TYPE {} {}\n", name, f.type);
    for (const auto& [labels, v] : f.values) out += fmt::format("{}{} {}\n", name, render_labels(labels), number(v));
    for (const auto& [labels, h] : f.histograms) {
      std::uint64_t cumulative = 0;
      for (std::size_t i = 0; i < h.bounds.size(); ++i) {
        cumulative += h.counts[i];
        out += fmt::format("{}_bucket{} {}\n", name, render_labels(labels, "le", number(h.bounds[i])), cumulative);
      }
      out += fmt::format("{}_bucket{} {}\n", name, render_labels(labels, "le", "+Inf"), h.count);
      out += fmt::format("{}_sum{} {}\n", name, render_labels(labels), number(h.sum));
      out += fmt::format("{}_count{} {}\n", name, render_labels(labels), h.count);
    }
  }
  return out;
}

const std::vector<double>& Registry::latency_buckets() {
  static const std::vector<double> kBuckets{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                            0.1,    0.25,  0.5,    1,     2.5,  5,     10};
  return kBuckets;
}

const std::vector<double>& Registry::size_buckets() {
  static const std::vector<double> kBuckets{1, 2, 4, 8, 16, 32, 64, 128, 256, 512};
  return kBuckets;
}

Registry& global() {
  static Registry registry;
  return registry;
}

}  // namespace anxin::metrics
