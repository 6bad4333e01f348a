#include "modules/incidents/attachment.hpp"

#include <algorithm>

#include "platform/http/schema.hpp"

namespace anxin::incidents {

const std::vector<std::string>& attachment_media_types() {
  static const std::vector<std::string> kTypes = {"image/jpeg", "image/png",       "image/webp", "image/heic",
                                                  "image/heif", "application/pdf", "video/mp4"};
  return kTypes;
}

bool same_media_type(std::string_view declared, std::string_view detected) {
  if (declared == detected) return true;
  auto heif = [](std::string_view t) { return t == "image/heic" || t == "image/heif"; };
  return heif(declared) && heif(detected);
}

bool valid_attachment_name(std::string_view name) {
  if (name.empty() || name == "." || name == ".." || !http::is_valid_utf8(name)) return false;
  if (http::utf8_length(name) > kMaxAttachmentName) return false;
  return std::none_of(name.begin(), name.end(), [](char ch) {
    const auto c = static_cast<unsigned char>(ch);
    return c < 0x20 || c == 0x7f || c == '/' || c == '\\';
  });
}

bool may_open(const Attachment& a, const Caller& viewer) {
  return viewer.clearance >= 3 || viewer.user_id == a.uploaded_by;
}

nlohmann::json to_json(const Attachment& a, const Caller& viewer) {
  const bool open = may_open(a, viewer);
  return {{"id", a.id},
          {"incident_id", a.incident_id},
          {"name", open ? a.name : std::string("******")},
          {"media_type", a.media_type},
          {"size_bytes", a.size_bytes},
          {"sha256", open ? nlohmann::json(a.sha256) : nlohmann::json(nullptr)},
          {"uploaded_by", a.uploaded_by},
          {"uploaded_at", format_rfc3339(a.uploaded_at)},
          {"downloadable", open}};
}

}  // namespace anxin::incidents
