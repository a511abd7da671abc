// sohoa get: hands back exactly what was stored.
#include <fstream>
#include <iostream>

#include "archive/blob_store.h"
#include "archive/storage.h"
#include "archive/catalog.h"
#include "archive/package.h"
#include "tools/cli/common.h"

namespace sohoa::cli {
namespace {

namespace fs = std::filesystem;

struct GetArgs {
  std::string code;
  std::string out;
};

int RunGet(const GlobalOptions& options, const GetArgs& args) {
  auto existing = ExistingHome(options);
  if (!existing.ok()) return Fail(existing.status());
  const archive::HomeLayout& home = *existing;
  auto catalog = OpenCatalog(options);
  if (!catalog.ok()) return Fail(catalog.status());
  auto dossier = (*catalog)->FindDossier(args.code);
  if (!dossier.ok()) return Fail(dossier.status());
  if (!dossier->has_value()) return Fail(NotFound(Text(Msg::kNoDossier, {args.code})));
  const DossierRecord& d = **dossier;
  auto metadata = archive::ArchivalMetadataOf(**catalog, d);
  if (!metadata.ok()) return Fail(metadata.status());

  fs::path out = args.out.empty() ? fs::path(d.code) : fs::path(args.out);
  std::error_code ec;
  fs::create_directories(out, ec);
  if (ec) return Fail(IoError("cannot create " + out.string() + ": " + ec.message()));

  // The same names as the dossier's folder in a package: originals as they
  // arrived (made unique), each document's PDF as <code>.<n>.pdf.
  auto blobs = archive::OpenBlobStore(home);
  if (!blobs.ok()) return Fail(blobs.status());
  int files = 0;
  for (const archive::DossierFile& f : archive::DossierFiles(d)) {
    if (Status s = archive::CopyBlobTo(**blobs, f.sha256, out / f.name); !s.ok()) return Fail(s);
    ++files;
  }
  std::ofstream meta(out / archive::MetadataFileName(d));
  meta << DossierToJson(d, false, &*metadata).dump(2) << "\n";
  if (!meta) return Fail(IoError("cannot write the metadata JSON in " + out.string()));
  (void)(*catalog)->AppendEvent(
      {"download", d.code, "cli", "success", "sohoa get --out " + out.string(), ""});
  std::cout << Text(Msg::kGetWrote, {std::to_string(files), archive::MetadataFileName(d), out.string()}) << "\n";
  return kExitOk;
}

}  // namespace

void AddGetCommand(CLI::App& app, GlobalOptions& options) {
  auto args = std::make_shared<GetArgs>();
  auto* cmd = app.add_subcommand(
      "get",
      "Write a dossier's original scans (byte-identical), each document's searchable PDF\n"
      "(<code>.<n>.pdf) and its metadata JSON (with the TT 02/2019 archival fields) into a folder");
  cmd->add_option("code", args->code, "Dossier code")->required();
  cmd->add_option("--out", args->out, "Folder to write into (default: ./<code>)");
  cmd->callback(
      [&options, args] { options.action = [&options, args] { return RunGet(options, *args); }; });
}

}  // namespace sohoa::cli
