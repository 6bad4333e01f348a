#pragma once

#include <optional>
#include <string>
#include <vector>

#include "modules/incidents/attachment.hpp"
#include "platform/crypto/key_ring.hpp"
#include "platform/db/database.hpp"

namespace anxin::incidents {

/// Persistence of attachments. The bytes are encrypted bound to their row; metadata reads never
/// load them.
class AttachmentRepository {
 public:
  explicit AttachmentRepository(const crypto::KeyRing& keys) : keys_(keys) {}

  /// Stores the metadata and the encrypted bytes; returns the new id.
  std::int64_t insert(db::Conn& c, const Attachment& a, std::string_view bytes);
  std::vector<Attachment> of_incident(db::Conn& c, std::int64_t incident_id);
  std::optional<Attachment> get(db::Conn& c, std::int64_t incident_id, std::int64_t id);
  /// The decrypted bytes; nullopt when the ciphertext does not open (altered or misplaced).
  std::optional<std::string> content(db::Conn& c, std::int64_t id);
  std::int64_t count(db::Conn& c, std::int64_t incident_id);

 private:
  const crypto::KeyRing& keys_;
};

}  // namespace anxin::incidents
