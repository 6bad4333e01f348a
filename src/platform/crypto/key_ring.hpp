#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "platform/crypto/cipher_suite.hpp"
#include "platform/crypto/secret_key.hpp"
#include "platform/db/database.hpp"

namespace anxin::crypto {

/// How a KeyRing finds its master key and which suite it encrypts with.
struct KeyRingOptions {
  /// The master key file is `<data_dir>/keys/master.key` unless ANXIN_MASTER_KEY is in `env`.
  std::string data_dir;
  /// Create the master key file when it is absent and the database has no data keys yet. (The
  /// first data keys are created on any first open of an empty data_keys table.)
  bool create_if_missing = true;
  CipherSuite suite = CipherSuite::kXChaCha20Poly1305;
  /// Environment seen by the key ring (only ANXIN_MASTER_KEY is read); passed in for testability.
  std::map<std::string, std::string> env;
};

/// A column holding KeyRing ciphertexts, walked by re-encryption and by retire_key(). Names must be
/// plain SQL identifiers ([A-Za-z_][A-Za-z0-9_]*).
struct EncryptedColumn {
  std::string table;
  std::string column;
  std::string id_column = "id";
  /// Most rows re-encryption and key retirement hold in memory at once for this column; 0: the
  /// batch of the call. Columns of large values (files) set a small one.
  std::size_t batch_size = 0;
};

/// Reported after each committed batch of reencrypt_all().
struct RotationProgress {
  std::string table, column;
  std::int64_t rows_done;
  std::int64_t rows_total;
};

/// The process's field-encryption keys (SEC-2). Data keys are random 32-byte keys stored in table
/// data_keys wrapped by the master key; the master key never enters the database. Ciphertexts are
/// [suite][key version, 4 bytes big endian][nonce][ciphertext + tag], bound by associated data
/// "table|column|row_id|key_version" to the cell they belong to. Thread-safe; register columns at
/// startup, before other threads use the ring.
class KeyRing {
 public:
  /// Loads the master key and the data keys, creating both on first use (an empty data_keys table).
  /// Throws std::runtime_error when the master key is missing, malformed, too widely readable, or
  /// does not unwrap this database's data keys ("master key does not match this database").
  static std::unique_ptr<KeyRing> open(db::Database& db, const KeyRingOptions& options);
  ~KeyRing();
  KeyRing(const KeyRing&) = delete;
  KeyRing& operator=(const KeyRing&) = delete;

  /// Encrypts one cell with the active field key and a random nonce.
  db::Blob encrypt(std::string_view table, std::string_view column, std::int64_t row_id,
                   std::string_view plaintext) const;
  /// Decrypts one cell; fails with internal error "crypto.decrypt_failed" when the ciphertext was
  /// altered, belongs to another cell, or names an unknown key version. Never returns garbage.
  Result<std::string> decrypt(std::string_view table, std::string_view column, std::int64_t row_id,
                              const db::Blob& ciphertext) const;
  /// A cell to store: the ciphertext of `plaintext`, or NULL when there is no value. The one way repositories seal
  /// an optional personal value.
  db::Value seal(std::string_view table, std::string_view column, std::int64_t row_id,
                 const std::optional<std::string>& plaintext) const;
  /// The plaintext of the cell `field` of `row` (ciphertext of table.column for `row_id`; `field` names the result
  /// column, which a query may alias): nullopt for NULL, and for a value that does not decrypt (tampered, or moved
  /// from another row), which is logged and never shown.
  std::optional<std::string> open(std::string_view table, std::string_view column, std::int64_t row_id,
                                  const db::Row& row, std::string_view field) const;
  std::optional<std::string> open(std::string_view table, std::string_view column, std::int64_t row_id,
                                  const db::Row& row) const {
    return open(table, column, row_id, row, column);
  }
  /// The key version a ciphertext was made with; 0 when it is too short to carry one.
  static std::uint32_t key_version_of(const db::Blob& ciphertext);
  /// Version of the field key new ciphertexts use.
  std::uint32_t active_version() const;

  /// Keyed equality-search token for an encrypted identifier: hex HMAC-SHA-256 under the
  /// blind-index key of "kind|normalized_value". Normalise the value first (e.g. normalize_mobile).
  std::string blind_index(std::string_view kind, std::string_view normalized_value) const;

  /// Creates a new field key that becomes the active one; returns its version. Throws ErrorException
  /// when the database write fails.
  std::uint32_t add_field_key();
  /// Marks a field key retired (kept, still decrypts, never encrypts). Refuses the active key and
  /// any key still found on a registered column with conflict "crypto.key_still_in_use";
  /// "crypto.key_not_found" for an unknown version.
  Status retire_key(std::uint32_t version);

  /// Adds a column to the registry (idempotent). Throws std::invalid_argument for names that are
  /// not plain identifiers.
  void register_column(EncryptedColumn column);
  const std::vector<EncryptedColumn>& columns() const { return columns_; }

  /// Re-encrypts every registered cell not on the active version, in batches of `batch` rows by id
  /// (fewer for a column with a smaller EncryptedColumn::batch_size), one Database::write per batch that also records
  /// the progress, so that a later call resumes where an interrupted one stopped. NULL cells are skipped. `on_progress`
  /// runs after each committed batch; an exception it throws aborts the run (the committed batches stay done).
  Status reencrypt_all(const std::function<void(const RotationProgress&)>& on_progress, std::size_t batch = 200);

 private:
  struct DataKey {
    std::uint32_t version;
    bool field;  // false: blind-index key
    SecretKey key;
    bool retired;
  };

  KeyRing(db::Database& db, SecretKey master, CipherSuite suite);
  /// Writes the first field and blind-index keys unless another process did.
  void create_initial_keys();
  /// Reads data_keys and unwraps versions not yet known; throws when one does not unwrap.
  void load_keys() const;
  /// Field key of `version` (reloading once from the database when unknown); nullopt if none.
  std::optional<SecretKey> field_key(std::uint32_t version) const;

  db::Database& db_;
  SecretKey master_;
  CipherSuite suite_;
  mutable std::shared_mutex mu_;
  // Refreshed from the database when a ciphertext names a version this process has not seen (another
  // process added it).
  mutable std::map<std::uint32_t, DataKey> keys_;
  mutable std::uint32_t active_ = 0;
  mutable std::uint32_t blind_ = 0;
  std::vector<EncryptedColumn> columns_;
};

}  // namespace anxin::crypto
