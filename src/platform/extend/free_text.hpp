#pragma once

#include <string>
#include <vector>

namespace anxin::extend {

/// A column that holds free text people type (descriptions, notes, follow-ups): such text may carry ID numbers,
/// phones or bank cards whatever the form intended, so the personal-information detector and masking must find
/// every one of them.
struct FreeTextField {
  /// Module that owns the table.
  std::string module;
  std::string table;
  std::string column;
  /// Data class (SEC-1) of what the field is meant to hold, 1–4.
  int data_class = 3;
  /// True when the column holds key-ring ciphertext (it is then also registered for key rotation).
  bool encrypted = true;
  /// Translation key of the field's name, e.g. "fields.description".
  std::string label_key;
};

/// Every registered free-text column.
class FreeTextFields {
 public:
  /// Adds a field; throws std::logic_error for a second registration of the same table and column.
  void add(FreeTextField field);
  const std::vector<FreeTextField>& all() const { return fields_; }
  /// The fields of one table.
  std::vector<FreeTextField> of_table(const std::string& table) const;

 private:
  std::vector<FreeTextField> fields_;
};

}  // namespace anxin::extend
