// Reading files from outside in a child process. Every file in the inbox and
// every upload is untrusted: a PDF of 20,000 nested dictionaries overflows
// the PDF library's stack, one of 5,000 spins for hours, and a crafted image
// could do worse. OpenIsolated() runs PageReader's decoding in a child
// process with limits on CPU time, memory, stack and output, so a crash, a
// hang or a runaway parse costs that file alone and becomes its reason.
//
// The child is this same program started again (/proc/self/exe) with a flag
// that ServeIfDecoder(), called first thing in main(), recognises. Pages
// come back over a socket as decoded images, so the parent never parses the
// file's bytes.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>

#include "ocr/page_source.h"
#include "schema/status.h"

namespace sohoa::ocr {

struct DecodeLimits {
  // Wall time to read and parse the file, and to decode one page.
  std::chrono::milliseconds open_timeout{std::chrono::seconds(120)};
  std::chrono::milliseconds page_timeout{std::chrono::seconds(120)};
  // The child's CPU time over the whole file (RLIMIT_CPU).
  int cpu_seconds = 900;
  // The child's address space (RLIMIT_AS) and main stack (RLIMIT_STACK).
  std::uint64_t memory_bytes = std::uint64_t{3} << 30;
  std::uint64_t stack_bytes = std::uint64_t{64} << 20;
  // The most one page may send back (its pixels, its JPEG and its text).
  std::uint64_t max_page_bytes = std::uint64_t{2} << 30;
};

// Opens `path` for reading in a child process. The result behaves as
// PageReader::Open's: Corrupt / Unsupported for a file that cannot be read,
// with a reason a person can act on, also when decoding crashed, ran out of
// time or memory ("reading it crashed the PDF reader", "took longer than
// 120 s"). Unavailable when the child could not be started (no processes
// left, this program does not call ServeIfDecoder): that is no fault of the
// file. Read() may be called from several threads; requests to one child are
// served one at a time. The child ends with the reader.
Result<std::unique_ptr<PageReader>> OpenIsolated(const std::filesystem::path& path,
                                                 const DecodeLimits& limits = {});

// Call first thing in main(): when this process was started as a page
// decoder, it serves its parent and exits; otherwise it returns at once and
// records that this program can start decoders.
void ServeIfDecoder(int argc, char** argv);

// Did this program call ServeIfDecoder (so that OpenIsolated can work)?
bool CanIsolateDecoding();

}  // namespace sohoa::ocr
