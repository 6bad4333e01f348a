#pragma once

#include <cassert>
#include <optional>
#include <utility>
#include <variant>

#include "core/error.hpp"

namespace anxin {

/// Either a value or an Error: the return type of every operation that can fail expectedly.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}      // NOLINT(google-explicit-constructor)
  Result(Error error) : v_(std::move(error)) {}  // NOLINT(google-explicit-constructor)

  bool ok() const noexcept { return v_.index() == 0; }
  explicit operator bool() const noexcept { return ok(); }

  T& value() & {
    assert(ok());
    return std::get<0>(v_);
  }
  const T& value() const& {
    assert(ok());
    return std::get<0>(v_);
  }
  T&& value() && {
    assert(ok());
    return std::get<0>(std::move(v_));
  }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }

  const Error& error() const& {
    assert(!ok());
    return std::get<1>(v_);
  }
  Error&& error() && {
    assert(!ok());
    return std::get<1>(std::move(v_));
  }

 private:
  std::variant<T, Error> v_;
};

/// Result of an operation that yields nothing but can fail.
struct Unit {};
using Status = Result<Unit>;
inline Status ok_status() { return Unit{}; }

}  // namespace anxin

/// Propagates the error of a Result-returning expression out of the enclosing function.
#define ANXIN_TRY(expr)                            \
  do {                                             \
    auto anxin_try_result_ = (expr);               \
    if (!anxin_try_result_.ok()) {                 \
      return std::move(anxin_try_result_).error(); \
    }                                              \
  } while (false)

#define ANXIN_CONCAT_INNER(a, b) a##b
#define ANXIN_CONCAT(a, b) ANXIN_CONCAT_INNER(a, b)
/// Declares `lhs` from the value of a Result-returning expression, or returns its error.
#define ANXIN_ASSIGN_OR_RETURN(lhs, expr) ANXIN_ASSIGN_OR_RETURN_IMPL(ANXIN_CONCAT(anxin_r_, __LINE__), lhs, expr)
#define ANXIN_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                                \
  if (!tmp.ok()) return std::move(tmp).error();     \
  lhs = std::move(tmp).value()
