#include "archive/internal/sha256.h"

#include <sodium.h>

namespace sohoa::archive::internal {

Status SodiumReady() {
  static const bool ready = sodium_init() >= 0;
  return ready ? Status::Ok() : Internal("libsodium could not be initialised");
}

void Sha256::StateDeleter::operator()(crypto_hash_sha256_state* state) const noexcept {
  delete state;
}

Sha256::Sha256() : state_(new crypto_hash_sha256_state) {
  // sodium_init only picks CPU-specific code paths; SHA-256 has none, but
  // libsodium asks for it before any use.
  (void)SodiumReady();
  crypto_hash_sha256_init(state_.get());
}

Sha256::~Sha256() = default;
Sha256::Sha256(Sha256&&) noexcept = default;
Sha256& Sha256::operator=(Sha256&&) noexcept = default;

void Sha256::Update(const char* data, std::size_t size) {
  crypto_hash_sha256_update(state_.get(), reinterpret_cast<const unsigned char*>(data), size);
}

std::string Sha256::HexDigest() {
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256_final(state_.get(), digest);
  crypto_hash_sha256_init(state_.get());
  char hex[crypto_hash_sha256_BYTES * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return std::string(hex, crypto_hash_sha256_BYTES * 2);
}

}  // namespace sohoa::archive::internal
