#pragma once

// The hash chain of the audit log: the canonical form of a stored record and its SHA-256. Used by
// AuditLog and by the tests that forge records the way an attacker with database access would.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "platform/db/database.hpp"

namespace anxin::audit {

/// Hash of the (absent) record before the first one: 64 zeros.
inline constexpr std::string_view kGenesisHash = "0000000000000000000000000000000000000000000000000000000000000000";

/// One audit_log row exactly as stored (NULLs as nullopt), which is what the hash covers.
struct ChainRow {
  std::int64_t seq = 0;
  std::int64_t at = 0;
  std::optional<std::int64_t> actor_user_id;
  std::optional<std::string> actor_username;
  std::optional<std::string> ip;
  std::optional<std::string> request_id;
  std::string action;
  std::string entity;
  std::optional<std::string> entity_id;
  std::optional<std::int64_t> department_id;
  std::optional<std::string> before_json;
  std::optional<std::string> after_json;
  std::string outcome;
  std::optional<std::string> reason;
  std::string prev_hash;
  std::string hash;
};

/// SHA-256 of `data` as 64 lowercase hex digits.
std::string sha256_hex(std::string_view data);

/// The canonical serialization of every field except `hash`: a version tag, then each field in a
/// fixed order as "<byte length>:<bytes>" (integers in decimal), or "~" for NULL, so no two
/// different rows serialize the same.
std::string canonical_form(const ChainRow& r);

/// SHA-256 hex of canonical_form(r).
std::string chain_hash(const ChainRow& r);

/// Reads a row selected with all audit_log columns.
ChainRow chain_row_from(const db::Row& row);

/// Inserts `r` as it is (no hashing, no head update).
void insert_chain_row(db::Conn& c, const ChainRow& r);

}  // namespace anxin::audit
