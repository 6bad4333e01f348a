#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/caller.hpp"
#include "platform/db/database.hpp"

namespace anxin::extend {

/// What a record another module names looks like from outside: a worker, a customer, a service order. For an
/// order, its number and the worker and customer it names.
struct LinkedRecord {
  std::string kind;
  std::int64_t id = 0;
  /// The display name (a person's name; an order's customer name).
  std::string name;
  std::optional<std::string> order_number;
  std::optional<std::int64_t> worker_id;
  std::optional<std::string> worker_name;
  std::optional<std::int64_t> customer_id;
};

/// Finds records of one kind ("worker", "customer", "order") for another module: contributed by the module that
/// owns them, asked on the caller's connection, within the caller's data scope (nullopt outside it or when the
/// record does not exist).
class RecordResolver {
 public:
  virtual ~RecordResolver() = default;
  virtual std::string kind() const = 0;
  virtual std::optional<LinkedRecord> resolve(db::Conn& c, const Caller& caller, std::int64_t id) const = 0;
};

/// The resolvers by kind: lets a module (incidents) name the records of modules registered after it (workers,
/// customers, orders) without depending on them.
class RecordLinks {
 public:
  void add(std::unique_ptr<RecordResolver> resolver);
  /// nullopt when no module resolves `kind`, or the record is unknown or outside the caller's scope.
  std::optional<LinkedRecord> resolve(db::Conn& c, const Caller& caller, const std::string& kind,
                                      std::int64_t id) const;
  bool knows(const std::string& kind) const;

 private:
  std::vector<std::unique_ptr<RecordResolver>> resolvers_;
};

}  // namespace anxin::extend
