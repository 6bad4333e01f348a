#pragma once

#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/caller.hpp"
#include "core/clock.hpp"

namespace anxin::extend {

/// One figure as the dashboard shows it.
struct FigureValue {
  /// A number, or an object of named numbers for a breakdown (e.g. {"1":0,"2":1,"3":4,"4":2} by level).
  nlohmann::json value;
  /// The target it is measured against, when the seeds set one (e.g. 0 accidents, ≥ 95 % coverage).
  std::optional<double> target;
  /// Whether the target is met; absent without a target.
  std::optional<bool> met;
};

/// A dashboard figure, contributed by the module that records what it counts.
struct Figure {
  /// Stable key, e.g. "incidents.by_level_month".
  std::string key;
  /// Translation key of its title.
  std::string label_key;
  /// "count", "percent", "fen" …
  std::string unit = "count";
  /// Route of the web UI that lists what the figure counts (drill-down), e.g. "/incidents".
  std::string drill_down;
  /// The permission a caller needs to see it.
  std::string permission;
  /// Computes the figure for the caller's data scope at `now`.
  std::function<FigureValue(const Caller& caller, TimestampMs now)> compute;
};

/// Every registered dashboard figure, in registration order.
class Figures {
 public:
  /// Adds a figure; throws std::logic_error when the key is taken.
  void add(Figure figure);
  const std::vector<Figure>& all() const { return figures_; }
  /// The figures `caller` may see, computed: [{key,label_key,unit,drill_down,value,target?,met?}].
  nlohmann::json compute_for(const Caller& caller, TimestampMs now) const;

 private:
  std::vector<Figure> figures_;
};

}  // namespace anxin::extend
