#include "platform/text/csv.hpp"

#include <iconv.h>

#include <cerrno>
#include <memory>

#include "platform/text/utf8.hpp"

namespace anxin::text {

std::optional<std::string> gb18030_to_utf8(std::string_view text) {
  iconv_t cd = iconv_open("UTF-8", "GB18030");
  if (cd == reinterpret_cast<iconv_t>(-1)) return std::nullopt;
  const std::unique_ptr<void, int (*)(iconv_t)> close(cd, iconv_close);
  std::string out(text.size() * 2 + 16, '\0');
  char* in = const_cast<char*>(text.data());
  std::size_t in_left = text.size();
  char* dst = out.data();
  std::size_t out_left = out.size();
  while (in_left > 0) {
    if (iconv(cd, &in, &in_left, &dst, &out_left) == static_cast<std::size_t>(-1)) {
      if (errno != E2BIG) return std::nullopt;
      const std::size_t used = static_cast<std::size_t>(dst - out.data());
      out.resize(out.size() * 2);
      dst = out.data() + used;
      out_left = out.size() - used;
    }
  }
  out.resize(static_cast<std::size_t>(dst - out.data()));
  return out;
}

std::optional<CsvProblem> parse_csv(std::string_view bytes, CsvTable& out) {
  out = {};
  std::string converted;
  if (bytes.starts_with("\xEF\xBB\xBF")) bytes.remove_prefix(3);
  if (valid_utf8(bytes)) {
    out.encoding = "utf-8";
  } else if (auto gbk = gb18030_to_utf8(bytes)) {
    converted = std::move(*gbk);
    bytes = converted;
    out.encoding = "gbk";
  } else {
    return CsvProblem{"csv.encoding", 1};
  }

  std::vector<std::string> record;
  std::string field;
  std::size_t line = 1;
  bool quoted = false;      // inside a quoted field
  bool was_quoted = false;  // the current field was quoted (only a separator may follow its closing quote)
  std::size_t quote_line = 0;
  const auto end_record = [&] {
    record.push_back(std::move(field));
    field.clear();
    const bool blank = record.size() == 1 && record[0].empty() && !was_quoted;
    if (!blank) out.rows.push_back(std::move(record));
    record.clear();
    was_quoted = false;
  };
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    const char ch = bytes[i];
    if (quoted) {
      if (ch == '"') {
        if (i + 1 < bytes.size() && bytes[i + 1] == '"') {
          field += '"';
          ++i;
        } else {
          quoted = false;
        }
      } else {
        if (ch == '\n') ++line;
        field += ch;
      }
      continue;
    }
    switch (ch) {
      case ',':
        record.push_back(std::move(field));
        field.clear();
        was_quoted = false;
        break;
      case '\r':
        if (i + 1 < bytes.size() && bytes[i + 1] == '\n') ++i;
        [[fallthrough]];
      case '\n':
        end_record();
        ++line;
        break;
      case '"':
        if (!field.empty() || was_quoted) return CsvProblem{"csv.stray_quote", line};
        quoted = true;
        was_quoted = true;
        quote_line = line;
        break;
      default:
        if (was_quoted) return CsvProblem{"csv.stray_quote", line};
        field += ch;
    }
  }
  if (quoted) return CsvProblem{"csv.unterminated_quote", quote_line};
  if (!field.empty() || !record.empty() || was_quoted) end_record();
  return std::nullopt;
}

std::string csv_field(std::string_view value) {
  if (value.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(value);
  std::string out = "\"";
  for (char ch : value) {
    if (ch == '"') out += '"';
    out += ch;
  }
  return out + "\"";
}

}  // namespace anxin::text
