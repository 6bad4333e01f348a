#include "platform/crypto/key_ring.hpp"

#include <fmt/format.h>
#include <sodium.h>

#include <algorithm>
#include <limits>
#include <mutex>
#include <stdexcept>

#include "core/clock.hpp"
#include "platform/crypto/crypto.hpp"
#include "platform/crypto/master_key.hpp"
#include "platform/log/log.hpp"

namespace anxin::crypto {

std::string_view crypto_sql(std::string_view name);  // embedded queries/*.sql

namespace {

constexpr std::string_view kField = "field";
constexpr std::string_view kBlindIndex = "blind_index";
constexpr std::size_t kWrapNonce = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
constexpr std::size_t kWrapTag = crypto_aead_xchacha20poly1305_ietf_ABYTES;
constexpr std::size_t kScanBatch = 1000;

std::string wrap_ad(std::string_view purpose, std::uint32_t version) {
  return fmt::format("anxin-data-key|{}|{}", purpose, version);
}

/// Data keys are always wrapped with XChaCha20-Poly1305, whatever suite encrypts the fields.
db::Blob wrap(const SecretKey& master, const SecretKey& key, std::string_view purpose, std::uint32_t version) {
  const std::string ad = wrap_ad(purpose, version);
  db::Blob out(kWrapNonce + SecretKey::kSize + kWrapTag);
  randombytes_buf(out.data(), kWrapNonce);
  unsigned long long len = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(out.data() + kWrapNonce, &len, key.data(), key.size(),
                                             reinterpret_cast<const unsigned char*>(ad.data()), ad.size(), nullptr,
                                             out.data(), master.data());
  return out;
}

std::optional<SecretKey> unwrap(const SecretKey& master, const db::Blob& wrapped, std::string_view purpose,
                                std::uint32_t version) {
  if (wrapped.size() != kWrapNonce + SecretKey::kSize + kWrapTag) return std::nullopt;
  const std::string ad = wrap_ad(purpose, version);
  SecretKey key;
  unsigned long long len = 0;
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(
          key.data(), &len, nullptr, wrapped.data() + kWrapNonce, wrapped.size() - kWrapNonce,
          reinterpret_cast<const unsigned char*>(ad.data()), ad.size(), wrapped.data(), master.data()) != 0 ||
      len != SecretKey::kSize) {
    return std::nullopt;
  }
  return key;
}

/// Associated data binding a ciphertext to its cell and key version.
std::string cell_ad(std::string_view table, std::string_view column, std::int64_t row_id, std::uint32_t version) {
  return fmt::format("{}|{}|{}|{}", table, column, row_id, version);
}

Error decrypt_failed(nlohmann::json details = nlohmann::json::object()) {
  return Error{ErrorCode::kInternal, "crypto.decrypt_failed", std::move(details)};
}

/// Lower-case SQL identifiers only: they are spliced into statements (quoted) below.
bool plain_identifier(std::string_view s) {
  if (s.empty() || s.size() > 63 || (s[0] >= '0' && s[0] <= '9')) return false;
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; });
}

/// Statements over one registered column. Table and column names come from the registry, so these
/// are built here instead of living in queries/*.sql: the one allowed exception to that rule. The
/// names were checked by plain_identifier() and are quoted; values are always bound parameters.
struct ColumnSql {
  std::string batch, update, count, count_upto;

  explicit ColumnSql(const EncryptedColumn& c) {
    const std::string t = fmt::format("\"{}\"", c.table);
    const std::string col = fmt::format("\"{}\"", c.column);
    const std::string id = fmt::format("\"{}\"", c.id_column);
    batch = fmt::format(
        "SELECT {0} AS rid, {1} AS val FROM {2} WHERE {0} > $1 AND {1} IS NOT NULL ORDER BY {0} LIMIT $2", id, col, t);
    update = fmt::format("UPDATE {2} SET {1} = $1 WHERE {0} = $2 AND {1} = $3", id, col, t);
    count = fmt::format("SELECT COUNT(*) AS n FROM {1} WHERE {0} IS NOT NULL", col, t);
    count_upto = fmt::format("SELECT COUNT(*) AS n FROM {2} WHERE {1} IS NOT NULL AND {0} <= $1", id, col, t);
  }
};

TimestampMs now_ms() { return SystemClock().now_ms(); }

}  // namespace

KeyRing::KeyRing(db::Database& db, SecretKey master, CipherSuite suite)
    : db_(db), master_(std::move(master)), suite_(suite) {}

KeyRing::~KeyRing() = default;

std::unique_ptr<KeyRing> KeyRing::open(db::Database& db, const KeyRingOptions& options) {
  init();
  const std::int64_t existing =
      db.read([](db::Conn& c) { return c.query_one(crypto_sql("data_keys_stats"))->int64("n"); });
  std::optional<SecretKey> master = load_master_key(options.data_dir, options.env);
  if (!master) {
    const std::string where = options.data_dir.empty() ? std::string("a master key file (no data directory is set)")
                                                       : master_key_path(options.data_dir).string();
    if (existing > 0) {
      throw std::runtime_error(
          "master key not found: this database's data keys are wrapped by an existing master key; "
          "set ANXIN_MASTER_KEY or restore " +
          where);
    }
    if (!options.create_if_missing) {
      throw std::runtime_error("master key not found: set ANXIN_MASTER_KEY or create " + where);
    }
    master = create_master_key(options.data_dir);
  }
  std::unique_ptr<KeyRing> ring(new KeyRing(db, std::move(*master), options.suite));
  if (existing == 0) ring->create_initial_keys();
  ring->load_keys();
  if (ring->active_ == 0 || ring->blind_ == 0) {
    throw std::runtime_error("data_keys holds no usable field key or no blind-index key");
  }
  return ring;
}

void KeyRing::create_initial_keys() {
  const SecretKey field = SecretKey::random();
  const SecretKey blind = SecretKey::random();
  auto r = db_.write([&](db::Conn& c) -> Status {
    if (c.query_one(crypto_sql("data_keys_stats"))->int64("n") > 0) return ok_status();
    const TimestampMs now = now_ms();
    c.exec(crypto_sql("data_key_insert"), std::int64_t{1}, kField, wrap(master_, field, kField, 1), now);
    c.exec(crypto_sql("data_key_insert"), std::int64_t{2}, kBlindIndex, wrap(master_, blind, kBlindIndex, 2), now);
    return ok_status();
  });
  // A conflict means another process created them first; load_keys() checks they fit our master key.
  if (!r && r.error().code != ErrorCode::kConflict) {
    throw std::runtime_error("cannot create the first data keys: " + r.error().message_key);
  }
  if (r) log::info("crypto.data_keys_created", {{"field_version", 1}, {"blind_index_version", 2}});
}

void KeyRing::load_keys() const {
  const auto rows = db_.read([](db::Conn& c) { return c.query(crypto_sql("data_keys_all")); });
  std::unique_lock lock(mu_);
  for (const auto& row : rows) {
    const auto version = static_cast<std::uint32_t>(row.int64("version"));
    const bool retired = !row.is_null("retired_at");
    if (auto it = keys_.find(version); it != keys_.end()) {
      it->second.retired = retired;
      continue;
    }
    const std::string purpose = row.text("purpose");
    auto key = unwrap(master_, row.blob("wrapped_key"), purpose, version);
    if (!key) {
      throw std::runtime_error(fmt::format(
          "master key does not match this database (data key version {} cannot be unwrapped); use the master key "
          "this database was created with",
          version));
    }
    keys_.emplace(version, DataKey{version, purpose == kField, std::move(*key), retired});
  }
  std::uint32_t active = 0;
  std::uint32_t blind = 0;
  for (const auto& [version, k] : keys_) {
    if (k.field && !k.retired) active = std::max(active, version);
    if (!k.field && blind == 0) blind = version;
  }
  active_ = active;
  blind_ = blind;
}

std::optional<SecretKey> KeyRing::field_key(std::uint32_t version) const {
  {
    std::shared_lock lock(mu_);
    if (auto it = keys_.find(version); it != keys_.end()) {
      if (!it->second.field) return std::nullopt;
      return it->second.key;
    }
    // Only a version newer than all known ones can have been added by another process since.
    if (!keys_.empty() && version <= keys_.rbegin()->first) return std::nullopt;
  }
  try {
    load_keys();
  } catch (const std::exception& e) {
    log::error("crypto.key_reload_failed", {{"version", version}, {"error", e.what()}});
    return std::nullopt;
  }
  std::shared_lock lock(mu_);
  auto it = keys_.find(version);
  if (it == keys_.end() || !it->second.field) return std::nullopt;
  return it->second.key;
}

db::Blob KeyRing::encrypt(std::string_view table, std::string_view column, std::int64_t row_id,
                          std::string_view plaintext) const {
  std::shared_lock lock(mu_);
  const DataKey& k = keys_.at(active_);
  return detail::seal(detail::wire_suite_for(suite_), active_, k.key, cell_ad(table, column, row_id, active_),
                      plaintext);
}

db::Value KeyRing::seal(std::string_view table, std::string_view column, std::int64_t row_id,
                        const std::optional<std::string>& plaintext) const {
  if (!plaintext) return db::Value{};
  return encrypt(table, column, row_id, *plaintext);
}

std::optional<std::string> KeyRing::open(std::string_view table, std::string_view column, std::int64_t row_id,
                                         const db::Row& row, std::string_view field) const {
  if (row.is_null(field)) return std::nullopt;
  auto plain = decrypt(table, column, row_id, row.blob(field));  // logs crypto.decrypt_failed
  if (!plain.ok()) return std::nullopt;
  return std::move(plain.value());
}

Result<std::string> KeyRing::decrypt(std::string_view table, std::string_view column, std::int64_t row_id,
                                     const db::Blob& ciphertext) const {
  const std::uint32_t version = key_version_of(ciphertext);
  const auto key = version == 0 ? std::nullopt : field_key(version);
  std::optional<std::string> plain;
  if (key) plain = detail::open(*key, cell_ad(table, column, row_id, version), ciphertext);
  if (!plain) {
    log::warn("crypto.decrypt_failed",
              {{"table", table}, {"column", column}, {"row_id", row_id}, {"key_version", version}});
    return decrypt_failed();
  }
  return std::move(*plain);
}

std::uint32_t KeyRing::key_version_of(const db::Blob& ciphertext) {
  if (ciphertext.size() < detail::kHeaderSize) return 0;
  return (std::uint32_t{ciphertext[1]} << 24) | (std::uint32_t{ciphertext[2]} << 16) |
         (std::uint32_t{ciphertext[3]} << 8) | std::uint32_t{ciphertext[4]};
}

std::uint32_t KeyRing::active_version() const {
  std::shared_lock lock(mu_);
  return active_;
}

std::string KeyRing::blind_index(std::string_view kind, std::string_view normalized_value) const {
  std::string message;
  message.reserve(kind.size() + 1 + normalized_value.size());
  message.append(kind).append("|").append(normalized_value);
  std::shared_lock lock(mu_);
  const SecretKey& key = keys_.at(blind_).key;
  return hmac_sha256_hex(std::string_view(reinterpret_cast<const char*>(key.data()), key.size()), message);
}

std::uint32_t KeyRing::add_field_key() {
  const SecretKey key = SecretKey::random();
  auto r = db_.write([&](db::Conn& c) -> Result<std::uint32_t> {
    const auto version =
        static_cast<std::uint32_t>(c.query_one(crypto_sql("data_keys_stats"))->int64("max_version") + 1);
    c.exec(crypto_sql("data_key_insert"), static_cast<std::int64_t>(version), kField,
           wrap(master_, key, kField, version), now_ms());
    return version;
  });
  if (!r) throw ErrorException(r.error());
  const std::uint32_t version = *r;
  {
    std::unique_lock lock(mu_);
    keys_.emplace(version, DataKey{version, true, key, false});
    active_ = std::max(active_, version);
  }
  log::info("crypto.field_key_added", {{"version", version}});
  return version;
}

Status KeyRing::retire_key(std::uint32_t version) {
  {
    std::shared_lock lock(mu_);
    auto it = keys_.find(version);
    if (it == keys_.end() || !it->second.field) return Error::not_found("crypto.key_not_found", {{"version", version}});
    if (it->second.retired) return ok_status();
    if (version == active_) return Error::conflict("crypto.key_still_in_use", {{"version", version}});
  }
  for (const EncryptedColumn& col : columns_) {
    const ColumnSql sql(col);
    const std::size_t scan = col.batch_size != 0 ? std::min(col.batch_size, kScanBatch) : kScanBatch;
    std::int64_t last_id = std::numeric_limits<std::int64_t>::min();
    for (;;) {
      const auto rows =
          db_.read([&](db::Conn& c) { return c.query(sql.batch, last_id, static_cast<std::int64_t>(scan)); });
      for (const auto& row : rows) {
        if (key_version_of(row.blob("val")) == version) {
          return Error::conflict("crypto.key_still_in_use",
                                 {{"version", version}, {"table", col.table}, {"column", col.column}});
        }
      }
      if (rows.size() < scan) break;
      last_id = rows.back().int64("rid");
    }
  }
  auto r = db_.write([&](db::Conn& c) -> Status {
    c.exec(crypto_sql("data_key_retire"), static_cast<std::int64_t>(version), now_ms());
    return ok_status();
  });
  if (!r) return r;
  {
    std::unique_lock lock(mu_);
    keys_.at(version).retired = true;
  }
  log::info("crypto.field_key_retired", {{"version", version}});
  return ok_status();
}

void KeyRing::register_column(EncryptedColumn column) {
  if (!plain_identifier(column.table) || !plain_identifier(column.column) || !plain_identifier(column.id_column)) {
    throw std::invalid_argument("encrypted column names must be lower-case SQL identifiers: " + column.table + "." +
                                column.column);
  }
  for (const auto& c : columns_) {
    if (c.table == column.table && c.column == column.column) return;
  }
  columns_.push_back(std::move(column));
}

namespace {
// key_rotation_progress.last_id of a column whose every value uses the target key.
constexpr std::int64_t kColumnDone = std::numeric_limits<std::int64_t>::max();
}  // namespace

Status KeyRing::reencrypt_all(const std::function<void(const RotationProgress&)>& on_progress, std::size_t call_batch) {
  call_batch = std::max<std::size_t>(call_batch, 1);
  const std::uint32_t target = active_version();
  for (const EncryptedColumn& col : columns_) {
    const ColumnSql sql(col);
    const std::size_t batch = col.batch_size != 0 ? std::min(col.batch_size, call_batch) : call_batch;
    // Resume after the last committed batch when the interrupted run aimed at the same key.
    const auto saved =
        db_.read([&](db::Conn& c) { return c.query_one(crypto_sql("rotation_progress_get"), col.table, col.column); });
    std::int64_t last_id = std::numeric_limits<std::int64_t>::min();
    if (saved && saved->int64("target_version") == target) last_id = saved->int64("last_id");
    // A column finished for this key keeps a done marker, so a run interrupted in a later column
    // does not rescan it: rows written since then were encrypted under the active key anyway.
    if (last_id == kColumnDone) continue;
    const std::int64_t total = db_.read([&](db::Conn& c) { return c.query_one(sql.count)->int64("n"); });
    std::int64_t done = last_id == std::numeric_limits<std::int64_t>::min()
                            ? 0
                            : db_.read([&](db::Conn& c) { return c.query_one(sql.count_upto, last_id)->int64("n"); });
    if (last_id != std::numeric_limits<std::int64_t>::min()) {
      log::info("crypto.reencrypt_resumed", {{"table", col.table}, {"column", col.column}, {"last_id", last_id}});
    }

    struct Outcome {
      std::int64_t rows = 0;
      std::int64_t last_id = 0;
      bool finished = false;
    };
    for (;;) {
      auto r = db_.write([&](db::Conn& c) -> Result<Outcome> {
        Outcome out{.last_id = last_id};
        const auto rows = c.query(sql.batch, last_id, static_cast<std::int64_t>(batch));
        for (const auto& row : rows) {
          const std::int64_t id = row.int64("rid");
          const db::Blob old = row.blob("val");
          if (key_version_of(old) != target) {
            auto plain = decrypt(col.table, col.column, id, old);
            if (!plain) return decrypt_failed({{"table", col.table}, {"column", col.column}, {"id", id}});
            c.exec(sql.update, encrypt(col.table, col.column, id, *plain), id, old);
            sodium_memzero(plain->data(), plain->size());
          }
          out.last_id = id;
        }
        out.rows = static_cast<std::int64_t>(rows.size());
        out.finished = rows.size() < batch;
        c.exec(crypto_sql("rotation_progress_save"), col.table, col.column, static_cast<std::int64_t>(target),
               out.finished ? kColumnDone : out.last_id, now_ms());
        return out;
      });
      if (!r) return std::move(r).error();
      done += r->rows;
      last_id = r->last_id;
      if (r->rows > 0 && on_progress) {
        on_progress({.table = col.table, .column = col.column, .rows_done = done, .rows_total = std::max(total, done)});
      }
      if (r->finished) break;
    }
    log::info("crypto.reencrypt_done", {{"table", col.table}, {"column", col.column}, {"version", target}});
  }
  return ok_status();
}

}  // namespace anxin::crypto
