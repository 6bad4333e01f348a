#pragma once

#include <string>

namespace anxin::text {

/// Classification of a field (SEC-1), from least to most protected.
enum class DataClass : int { kPublic = 1, kGeneral = 2, kSensitive = 3, kCore = 4 };

/// Which kind of personal data a field holds; decides how it is masked.
enum class PiiKind { kNone, kName, kResidentId, kMobile, kBankCard, kAddress, kEmail, kHealth, kFreeText };

/// Declares the class and personal-data kind of one field of a resource.
struct FieldSpec {
  std::string name;
  DataClass data_class;
  PiiKind kind = PiiKind::kNone;
};

/// Sensitive and core fields are stored encrypted (crypto::KeyRing).
constexpr bool encrypted_at_rest(DataClass c) { return c >= DataClass::kSensitive; }

}  // namespace anxin::text
