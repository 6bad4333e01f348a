#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "core/caller.hpp"
#include "core/clock.hpp"

namespace anxin::incidents {

/// A file attached to an incident (photos of the scene or of injuries, documents, short videos). The
/// bytes are personal data, stored encrypted; this is the metadata.
struct Attachment {
  std::int64_t id = 0;
  std::int64_t incident_id = 0;
  std::string name;
  /// What the bytes are, as recognised when they were uploaded.
  std::string media_type;
  std::int64_t size_bytes = 0;
  /// Lower-case hex SHA-256 of the bytes.
  std::string sha256;
  std::int64_t uploaded_by = 0;
  TimestampMs uploaded_at = 0;
};

/// Largest attachment: 10 MiB.
inline constexpr std::size_t kMaxAttachmentBytes = 10 * 1024 * 1024;
/// Longest file name, in characters.
inline constexpr std::size_t kMaxAttachmentName = 120;

/// Media types accepted as attachments: photos (JPEG, PNG, WebP, HEIC/HEIF), PDF and MP4 video.
const std::vector<std::string>& attachment_media_types();

/// True when the declared and the detected media type name the same format (HEIC pictures are
/// often reported as HEIF and the other way round).
bool same_media_type(std::string_view declared, std::string_view detected);

/// True for a usable file name: 1–120 characters of valid UTF-8, no path separators, no control
/// characters, not "." or "..".
bool valid_attachment_name(std::string_view name);

/// Who may see an attachment's name and download it: clearance 3 and above, or whoever uploaded it
/// (the rule of the incident's class-3 text).
bool may_open(const Attachment& a, const Caller& viewer);

/// JSON of the metadata for `viewer`; the name is masked for those who may not open the file.
nlohmann::json to_json(const Attachment& a, const Caller& viewer);

}  // namespace anxin::incidents
