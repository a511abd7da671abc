#include "ingest/job_payload.h"

#include <nlohmann/json.hpp>

#include "schema/agency.h"
#include "schema/dossier_code.h"

namespace sohoa::ingest {

std::string ToJson(const IngestJobPayload& payload) {
  return nlohmann::json{{"name", payload.name},
                        {"tar", payload.tar},
                        {"files", payload.files},
                        {"bytes", payload.bytes},
                        {"book", payload.book}}
      .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

Result<IngestJobPayload> ParseIngestJobPayload(const std::string& json) {
  const nlohmann::json parsed = nlohmann::json::parse(json, nullptr, /*allow_exceptions=*/false);
  if (!parsed.is_object() || !parsed.contains("name") || !parsed["name"].is_string()) {
    return InvalidArgument("the job's payload is not an inbox entry's: " + json);
  }
  IngestJobPayload payload;
  payload.name = parsed["name"].get<std::string>();
  if (payload.name.empty() || payload.name == "." || payload.name == ".." ||
      payload.name.find('/') != std::string::npos || payload.name.find('\0') != std::string::npos) {
    return InvalidArgument("the job's entry name '" + payload.name + "' is not a file or folder name");
  }
  try {
    payload.tar = parsed.value("tar", false);
    payload.files = parsed.value("files", 1);
    payload.bytes = parsed.value("bytes", std::int64_t{0});
    payload.book = parsed.value("book", false);
  } catch (const nlohmann::json::exception& e) {
    return InvalidArgument("the job's payload " + json + " is not an inbox entry's (" + e.what() + ")");
  }
  return payload;
}

std::string IngestJobKey(const std::string& sha256) { return std::string(kIngestJobKind) + ":" + sha256; }

std::string ProvinceOfEntry(const std::string& name) {
  const std::optional<DossierCode> code = FindDossierCode(name);
  if (!code) return "";
  std::string agency = code->agency_code;
  while (AgencyDepth(agency) > 0) agency = ParentAgency(agency);
  return AgencyDepth(agency) == 0 ? agency : "";
}

}  // namespace sohoa::ingest
