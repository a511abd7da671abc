// Names of agencies (QĐ 20/2020/QĐ-TTg codes such as 000.31.22.H32), so that
// reports read "Ủy ban nhân dân phường Vĩnh Phước (000.31.22.H32)" rather
// than a bare code. Two sources fill them: the office's list of units
// (`sohoa agencies import`), and the register export's ten_co_quan column
// (StoreRegister). A name from the list wins: a register import only fills
// the names the list lacks.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "archive/catalog.h"
#include "schema/status.h"

namespace sohoa::archive {

struct AgencyName {
  std::string code;  // ddd.dd.dd.Ldd
  std::string name;
};

struct AgencyImportCounts {
  std::int64_t added = 0;
  std::int64_t updated = 0;    // a new name, or a register's name replaced by the list's
  std::int64_t unchanged = 0;  // the same name from the list again
};

// Upserts the list's names in one transaction and logs one "import" event.
// InvalidArgument (nothing stored) when a code is not an agency code or a
// name is empty.
Result<AgencyImportCounts> StoreAgencyNames(Catalog& catalog, const std::vector<AgencyName>& names,
                                            const std::string& source_file,
                                            const std::string& actor);

struct AgencyEntry {
  std::string code, name;
  std::string source;  // "list" | "register"
};

// Every named agency, by code.
Result<std::vector<AgencyEntry>> ListAgencies(Catalog& catalog);

// The agency names of a catalog backend (Catalog::agencies()); the
// functions above check their input and call it.
class AgencyDirectory {
 public:
  virtual ~AgencyDirectory() = default;
  // `names` checked: agency codes, names not empty.
  virtual Result<AgencyImportCounts> StoreAgencyNames(const std::vector<AgencyName>& names,
                                                      const std::string& source_file, const std::string& actor) = 0;
  virtual Result<std::vector<AgencyEntry>> ListAgencies() = 0;
};

}  // namespace sohoa::archive
