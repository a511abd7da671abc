// What an "ingest" job of the queue says (archive/jobs.h): the inbox entry
// `sohoa watch --queue` took (ingest/inbox_queue.h), stored whole in the
// blob store (the job's blob: a file as it is, a folder as one tar,
// archive/folder_tar.h), for a `sohoa worker` anywhere to ingest it as the
// watcher would have (ingest/worker.h). The payload is JSON:
//   {"name":"hồ sơ 7","tar":true,"files":3,"bytes":123456,"book":false}
#pragma once

#include <cstdint>
#include <string>

#include "schema/status.h"

namespace sohoa::ingest {

inline constexpr const char* kIngestJobKind = "ingest";

struct IngestJobPayload {
  std::string name;          // the entry's name in the inbox: it may carry the dossier code
  bool tar = false;          // a folder, packed; else the file itself
  int files = 1;
  std::int64_t bytes = 0;
  bool book = false;         // a folder marked as a register book (kBookMarker)
};

std::string ToJson(const IngestJobPayload& payload);
// InvalidArgument for what is not such a payload, or a name that is not a
// single path component (it becomes a file name under the worker's folder).
Result<IngestJobPayload> ParseIngestJobPayload(const std::string& json);

// The job's dedup key: the same bytes, the same job, whoever queues them.
std::string IngestJobKey(const std::string& sha256);

// The province (000.00.00.H32) of the dossier code in an entry's name, ""
// when the name holds none: for the queue's status per province.
std::string ProvinceOfEntry(const std::string& name);

}  // namespace sohoa::ingest
