#include "platform/crypto/cipher_suite.hpp"

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/params.h>
#include <sodium.h>

#include <algorithm>
#include <array>
#include <limits>
#include <memory>
#include <stdexcept>

#include "platform/crypto/crypto.hpp"

// Suite 2 (SM4-CTR + HMAC-SM3) exists because OpenSSL 3.0 (Debian 12) implements SM4-CBC/CTR/ECB/
// OFB/CFB and SM3 but not SM4-GCM. CipherSuite::kSm4 writes suite 3 (SM4-GCM) only where the
// runtime OpenSSL provides SM4-GCM; both SM4 wire suites are always accepted by open() (suite 3
// needs SM4-GCM at runtime to decrypt). See docs/adr/0005-sm4-suite.md.

namespace anxin::crypto::detail {
namespace {

constexpr std::size_t kXChaChaNonce = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
constexpr std::size_t kXChaChaTag = crypto_aead_xchacha20poly1305_ietf_ABYTES;
constexpr std::size_t kCtrIv = 16;
constexpr std::size_t kSm3Size = 32;
constexpr std::size_t kSm4KeySize = 16;
constexpr std::size_t kGcmNonce = 12;
constexpr std::size_t kGcmTag = 16;

using Bytes = std::span<const std::uint8_t>;

Bytes bytes_of(std::string_view s) { return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()}; }

struct CipherCtxFree {
  void operator()(EVP_CIPHER_CTX* c) const { EVP_CIPHER_CTX_free(c); }
};
struct MacCtxFree {
  void operator()(EVP_MAC_CTX* c) const { EVP_MAC_CTX_free(c); }
};
using CipherCtx = std::unique_ptr<EVP_CIPHER_CTX, CipherCtxFree>;
using MacCtx = std::unique_ptr<EVP_MAC_CTX, MacCtxFree>;

/// Fetches an algorithm once per process; nullptr when the provider lacks it.
EVP_CIPHER* fetch_cipher(const char* name) {
  EVP_CIPHER* c = EVP_CIPHER_fetch(nullptr, name, nullptr);
  if (c == nullptr) ERR_clear_error();
  return c;
}
const EVP_CIPHER* sm4_ctr() {
  static EVP_CIPHER* c = fetch_cipher("SM4-CTR");
  return c;
}
const EVP_CIPHER* sm4_gcm() {
  static EVP_CIPHER* c = fetch_cipher("SM4-GCM");
  return c;
}
EVP_MAC* hmac_alg() {
  static EVP_MAC* m = [] {
    EVP_MAC* mac = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
    if (mac == nullptr) ERR_clear_error();
    return mac;
  }();
  return m;
}
const EVP_MD* sm3_alg() {
  static EVP_MD* md = [] {
    EVP_MD* m = EVP_MD_fetch(nullptr, "SM3", nullptr);
    if (m == nullptr) ERR_clear_error();
    return m;
  }();
  return md;
}

[[noreturn]] void openssl_failure(const char* what) {
  ERR_clear_error();
  throw std::runtime_error(std::string("OpenSSL failure: ") + what);
}

int int_size(std::size_t n) {
  if (n > static_cast<std::size_t>(std::numeric_limits<int>::max() / 2)) throw std::length_error("plaintext too large");
  return static_cast<int>(n);
}

/// Incremental HMAC-SM3.
class HmacSm3 {
 public:
  explicit HmacSm3(Bytes key) {
    if (hmac_alg() == nullptr || sm3_alg() == nullptr) openssl_failure("HMAC-SM3 unavailable");
    ctx_.reset(EVP_MAC_CTX_new(hmac_alg()));
    char digest[] = "SM3";
    const OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest, 0),
                                 OSSL_PARAM_construct_end()};
    if (!ctx_ || EVP_MAC_init(ctx_.get(), key.data(), key.size(), params) != 1) openssl_failure("HMAC-SM3 init");
  }
  HmacSm3& update(Bytes data) {
    if (!data.empty() && EVP_MAC_update(ctx_.get(), data.data(), data.size()) != 1) openssl_failure("HMAC-SM3");
    return *this;
  }
  std::array<std::uint8_t, kSm3Size> final() {
    std::array<std::uint8_t, kSm3Size> out{};
    std::size_t n = 0;
    if (EVP_MAC_final(ctx_.get(), out.data(), &n, out.size()) != 1 || n != out.size()) openssl_failure("HMAC-SM3");
    return out;
  }

 private:
  MacCtx ctx_;
};

/// A subkey of the data key for one purpose (HMAC-SM3 with a distinct label, i.e. one HKDF-Expand
/// block); wiped on destruction.
struct SubKey {
  std::array<std::uint8_t, kSm3Size> bytes;
  SubKey(const SecretKey& key, std::string_view label)
      : bytes(
            HmacSm3({key.data(), key.size()}).update(bytes_of(label)).update(std::array<std::uint8_t, 1>{1}).final()) {}
  ~SubKey() { OPENSSL_cleanse(bytes.data(), bytes.size()); }
  SubKey(const SubKey&) = delete;
  SubKey& operator=(const SubKey&) = delete;
};

void write_header(db::Blob& out, WireSuite suite, std::uint32_t version) {
  out.push_back(static_cast<std::uint8_t>(suite));
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<std::uint8_t>(version >> shift));
}

std::array<std::uint8_t, 8> be64(std::uint64_t n) {
  std::array<std::uint8_t, 8> out{};
  for (std::size_t i = 0; i < 8; ++i) out[i] = static_cast<std::uint8_t>(n >> (56 - 8 * i));
  return out;
}

std::array<std::uint8_t, kSm3Size> ctr_mac(const SubKey& mac_key, Bytes header_and_iv, std::string_view ad,
                                           Bytes ciphertext) {
  return HmacSm3(mac_key.bytes)
      .update(header_and_iv)
      .update(be64(ad.size()))
      .update(bytes_of(ad))
      .update(ciphertext)
      .final();
}

/// Runs SM4 (CTR, or GCM with `ad`) over `in` into `out`; for GCM `tag` is written (encrypt) or
/// checked (decrypt). Returns false when a GCM tag does not verify.
bool sm4_run(const EVP_CIPHER* cipher, bool encrypt, const SubKey& key, const std::uint8_t* iv, Bytes in,
             std::uint8_t* out, std::optional<std::string_view> ad, std::uint8_t* tag) {
  CipherCtx ctx(EVP_CIPHER_CTX_new());
  if (!ctx || EVP_CipherInit_ex2(ctx.get(), cipher, key.bytes.data(), iv, encrypt ? 1 : 0, nullptr) != 1) {
    openssl_failure("SM4 init");
  }
  int n = 0;
  if (ad && !ad->empty() && EVP_CipherUpdate(ctx.get(), nullptr, &n, bytes_of(*ad).data(), int_size(ad->size())) != 1) {
    openssl_failure("SM4 AAD");
  }
  int written = 0;
  if (!in.empty()) {
    if (EVP_CipherUpdate(ctx.get(), out, &written, in.data(), int_size(in.size())) != 1) openssl_failure("SM4");
  }
  if (tag != nullptr && !encrypt &&
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_AEAD_SET_TAG, static_cast<int>(kGcmTag), tag) != 1) {
    openssl_failure("SM4-GCM set tag");
  }
  std::uint8_t scratch[32];
  if (EVP_CipherFinal_ex(ctx.get(), in.empty() ? scratch : out + written, &n) != 1) {
    ERR_clear_error();
    return false;
  }
  if (tag != nullptr && encrypt &&
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_AEAD_GET_TAG, static_cast<int>(kGcmTag), tag) != 1) {
    openssl_failure("SM4-GCM get tag");
  }
  return true;
}

std::optional<std::string> open_xchacha(const SecretKey& key, std::string_view ad, const db::Blob& blob) {
  if (blob.size() < kHeaderSize + kXChaChaNonce + kXChaChaTag) return std::nullopt;
  const std::uint8_t* nonce = blob.data() + kHeaderSize;
  const std::uint8_t* ct = nonce + kXChaChaNonce;
  const std::size_t ct_len = blob.size() - kHeaderSize - kXChaChaNonce;
  std::string out(ct_len - kXChaChaTag, '\0');
  unsigned long long out_len = 0;
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(reinterpret_cast<unsigned char*>(out.data()), &out_len, nullptr, ct,
                                                 ct_len, bytes_of(ad).data(), ad.size(), nonce, key.data()) != 0) {
    return std::nullopt;
  }
  out.resize(out_len);
  return out;
}

std::optional<std::string> open_sm4_ctr(const SecretKey& key, std::string_view ad, const db::Blob& blob) {
  if (blob.size() < kHeaderSize + kCtrIv + kSm3Size || sm4_ctr() == nullptr) return std::nullopt;
  const std::size_t ct_len = blob.size() - kHeaderSize - kCtrIv - kSm3Size;
  const Bytes header_and_iv(blob.data(), kHeaderSize + kCtrIv);
  const Bytes ct(blob.data() + kHeaderSize + kCtrIv, ct_len);
  const Bytes tag(blob.data() + blob.size() - kSm3Size, kSm3Size);
  const SubKey mac_key(key, "anxin/sm4-ctr/mac");
  const auto expected = ctr_mac(mac_key, header_and_iv, ad, ct);
  if (CRYPTO_memcmp(expected.data(), tag.data(), kSm3Size) != 0) return std::nullopt;
  const SubKey enc_key(key, "anxin/sm4-ctr/enc");
  std::string out(ct_len, '\0');
  if (!sm4_run(sm4_ctr(), false, enc_key, blob.data() + kHeaderSize, ct, reinterpret_cast<std::uint8_t*>(out.data()),
               std::nullopt, nullptr)) {
    return std::nullopt;
  }
  return out;
}

std::optional<std::string> open_sm4_gcm(const SecretKey& key, std::string_view ad, const db::Blob& blob) {
  if (blob.size() < kHeaderSize + kGcmNonce + kGcmTag || sm4_gcm() == nullptr) return std::nullopt;
  const std::size_t ct_len = blob.size() - kHeaderSize - kGcmNonce - kGcmTag;
  std::array<std::uint8_t, kGcmTag> tag{};
  std::copy(blob.end() - kGcmTag, blob.end(), tag.begin());
  const SubKey enc_key(key, "anxin/sm4-gcm/key");
  std::string out(ct_len, '\0');
  if (!sm4_run(sm4_gcm(), false, enc_key, blob.data() + kHeaderSize,
               Bytes(blob.data() + kHeaderSize + kGcmNonce, ct_len), reinterpret_cast<std::uint8_t*>(out.data()), ad,
               tag.data())) {
    sodium_memzero(out.data(), out.size());
    return std::nullopt;
  }
  return out;
}

}  // namespace

bool sm4_gcm_available() { return sm4_gcm() != nullptr; }

WireSuite wire_suite_for(CipherSuite suite) {
  if (suite == CipherSuite::kXChaCha20Poly1305) return WireSuite::kXChaCha20Poly1305;
  return sm4_gcm_available() ? WireSuite::kSm4Gcm : WireSuite::kSm4CtrHmacSm3;
}

db::Blob seal(WireSuite suite, std::uint32_t version, const SecretKey& key, std::string_view ad,
              std::string_view plaintext) {
  init();
  db::Blob out;
  write_header(out, suite, version);
  const Bytes pt = bytes_of(plaintext);
  switch (suite) {
    case WireSuite::kXChaCha20Poly1305: {
      out.resize(kHeaderSize + kXChaChaNonce + pt.size() + kXChaChaTag);
      std::uint8_t* nonce = out.data() + kHeaderSize;
      randombytes_buf(nonce, kXChaChaNonce);
      unsigned long long ct_len = 0;
      crypto_aead_xchacha20poly1305_ietf_encrypt(nonce + kXChaChaNonce, &ct_len, pt.data(), pt.size(),
                                                 bytes_of(ad).data(), ad.size(), nullptr, nonce, key.data());
      return out;
    }
    case WireSuite::kSm4CtrHmacSm3: {
      if (sm4_ctr() == nullptr) openssl_failure("SM4-CTR unavailable");
      out.resize(kHeaderSize + kCtrIv + pt.size() + kSm3Size);
      std::uint8_t* iv = out.data() + kHeaderSize;
      randombytes_buf(iv, kCtrIv);
      const SubKey enc_key(key, "anxin/sm4-ctr/enc");
      sm4_run(sm4_ctr(), true, enc_key, iv, pt, iv + kCtrIv, std::nullopt, nullptr);
      const SubKey mac_key(key, "anxin/sm4-ctr/mac");
      const auto tag = ctr_mac(mac_key, Bytes(out.data(), kHeaderSize + kCtrIv), ad, Bytes(iv + kCtrIv, pt.size()));
      std::copy(tag.begin(), tag.end(), out.end() - kSm3Size);
      return out;
    }
    case WireSuite::kSm4Gcm: {
      if (sm4_gcm() == nullptr) openssl_failure("SM4-GCM unavailable");
      out.resize(kHeaderSize + kGcmNonce + pt.size() + kGcmTag);
      std::uint8_t* nonce = out.data() + kHeaderSize;
      randombytes_buf(nonce, kGcmNonce);
      const SubKey enc_key(key, "anxin/sm4-gcm/key");
      sm4_run(sm4_gcm(), true, enc_key, nonce, pt, nonce + kGcmNonce, ad, out.data() + out.size() - kGcmTag);
      return out;
    }
  }
  throw std::invalid_argument("unknown cipher suite");
}

std::optional<std::string> open(const SecretKey& key, std::string_view ad, const db::Blob& blob) {
  init();
  if (blob.size() < kHeaderSize) return std::nullopt;
  switch (static_cast<WireSuite>(blob[0])) {
    case WireSuite::kXChaCha20Poly1305: return open_xchacha(key, ad, blob);
    case WireSuite::kSm4CtrHmacSm3: return open_sm4_ctr(key, ad, blob);
    case WireSuite::kSm4Gcm: return open_sm4_gcm(key, ad, blob);
  }
  return std::nullopt;
}

std::array<std::uint8_t, 32> hmac_sm3(std::span<const std::uint8_t> key, std::span<const std::uint8_t> data) {
  return HmacSm3(key).update(data).final();
}

std::array<std::uint8_t, 32> sm3(std::span<const std::uint8_t> data) {
  if (sm3_alg() == nullptr) openssl_failure("SM3 unavailable");
  std::array<std::uint8_t, 32> out{};
  unsigned int n = 0;
  if (EVP_Digest(data.data(), data.size(), out.data(), &n, sm3_alg(), nullptr) != 1 || n != out.size()) {
    openssl_failure("SM3");
  }
  return out;
}

}  // namespace anxin::crypto::detail
