// Answering with a file's bytes without holding them in memory.
#pragma once

#include <httplib.h>

#include <filesystem>
#include <string>

#include "archive/blob_store.h"
#include "schema/status.h"

namespace sohoa::server {

// Streams `file` as the response body (its length known). `remove_after`,
// unless empty, is deleted with everything in it once the body is sent or
// abandoned (a temporary file, or the temporary folder holding it).
void StreamFile(httplib::Response& res, const std::filesystem::path& file, const std::string& media_type,
                const std::filesystem::path& remove_after = {});

// Streams blob `sha256` of `blobs` as the response body (its length
// known), read from the store as the client takes it. `blobs` outlives the
// response (the server's own). NotFound, nothing sent, when it is gone.
Status StreamBlob(httplib::Response& res, archive::BlobStore& blobs, const std::string& sha256,
                  const std::string& media_type);

// `Content-Disposition: attachment` naming `name`, an ASCII fallback and the
// UTF-8 name (RFC 6266).
std::string AttachmentHeader(const std::string& name);

// Percent-encodes everything but RFC 3986's unreserved characters.
std::string PercentEncode(const std::string& text);

// A fresh path under the system's temporary folder, ".../sohoa-<random><suffix>".
std::filesystem::path TemporaryPath(const std::string& suffix);

}  // namespace sohoa::server
