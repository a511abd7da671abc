// SHA-256 over a stream of chunks, for the archive's .cc files (libsodium
// stays out of the header). Internal to archive/.
#pragma once

#include <cstddef>
#include <memory>
#include <string>

#include "schema/status.h"

struct crypto_hash_sha256_state;

namespace sohoa::archive::internal {

// libsodium initialised once for the whole program (sodium_init), as it
// asks before any use: Internal when it could not be.
Status SodiumReady();

class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(Sha256&&) noexcept;
  Sha256& operator=(Sha256&&) noexcept;

  void Update(const char* data, std::size_t size);
  // Lower-case hex of everything fed so far; the hasher starts over afterwards.
  std::string HexDigest();

 private:
  struct StateDeleter {
    void operator()(crypto_hash_sha256_state* state) const noexcept;
  };
  std::unique_ptr<crypto_hash_sha256_state, StateDeleter> state_;
};

}  // namespace sohoa::archive::internal
