#include "modules/identity/password_policy.hpp"

#include <algorithm>
#include <cctype>
#include <sstream>
#include <unordered_set>

namespace anxin::identity {

std::string_view breached_passwords_list(std::string_view name);  // embedded data/breached_passwords.txt

namespace {

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

std::size_t utf8_chars(const std::string& s) {
  std::size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80 ? 1 : 0;
  return n;
}

}  // namespace

bool is_breached_password(const std::string& password) {
  static const std::unordered_set<std::string> kList = [] {
    std::unordered_set<std::string> out;
    std::istringstream in{std::string(breached_passwords_list("breached_passwords"))};
    for (std::string line; std::getline(in, line);) {
      if (!line.empty() && line.front() != '#') out.insert(lower(line));
    }
    return out;
  }();
  return kList.count(lower(password)) != 0;
}

std::optional<Error> PasswordPolicy::check(const std::string& password, const std::string& username) const {
  if (utf8_chars(password) < min_length) {
    return Error::invalid("auth.password_too_short", {{"field", "new_password"}, {"min", min_length}});
  }
  if (utf8_chars(password) > 128)
    return Error::invalid("auth.password_too_long", {{"field", "new_password"}, {"max", 128}});
  if (!username.empty() && lower(password).find(lower(username)) != std::string::npos) {
    return Error::invalid("auth.password_contains_username", {{"field", "new_password"}});
  }
  if (profile == "gb") {
    bool upper = false, low = false, digit = false, symbol = false;
    for (unsigned char c : password) {
      if (std::isupper(c))
        upper = true;
      else if (std::islower(c))
        low = true;
      else if (std::isdigit(c))
        digit = true;
      else if (c >= 0x21 && c < 0x7f)
        symbol = true;
    }
    if (!(upper && low && digit && symbol)) {
      return Error::invalid("auth.password_composition", {{"field", "new_password"}});
    }
  }
  if (is_breached_password(password)) return Error::invalid("auth.password_breached", {{"field", "new_password"}});
  return std::nullopt;
}

}  // namespace anxin::identity
