#pragma once

#include <cstdint>
#include <vector>

namespace anxin {

/// A requested page of a list, 1-based.
struct PageRequest {
  std::int64_t page = 1;
  std::int64_t page_size = 20;
  std::int64_t offset() const { return (page - 1) * page_size; }
};

/// One page of results and the total across all pages.
template <typename T>
struct PageOf {
  std::vector<T> items;
  std::int64_t total = 0;
};

}  // namespace anxin
