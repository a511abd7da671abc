// sohoa retention: how long each procedure's dossiers are kept, which are
// past it, and deletion on a person's explicit, recorded request.
#include <ctime>
#include <iostream>
#include <memory>

#include "archive/blob_store.h"
#include "archive/storage.h"
#include "archive/retention.h"
#include "schema/date.h"
#include "tools/cli/common.h"

namespace sohoa::cli {
namespace {

std::string Today() { return TodayIso(); }

std::string ShowRetention(const std::string& retention) {
  if (retention.empty()) return "-";
  if (retention == "permanent") return "vĩnh viễn";
  return retention + " năm";
}

int RunSet(const GlobalOptions& options, const std::string& procedure, const std::string& period,
           const std::string& actor) {
  auto catalog = OpenCatalog(options);
  if (!catalog.ok()) return Fail(catalog.status());
  if (Status s = archive::SetRetention(**catalog, procedure, period, actor); !s.ok()) return Fail(s);
  std::cout << Text(Msg::kRetentionSet, {procedure, ShowRetention(*NormalizeRetention(period))}) << "\n";
  return kExitOk;
}

int RunList(const GlobalOptions& options) {
  auto catalog = OpenCatalog(options);
  if (!catalog.ok()) return Fail(catalog.status());
  auto procedures = (*catalog)->Procedures();
  if (!procedures.ok()) return Fail(procedures.status());
  if (options.json) {
    nlohmann::json rows = nlohmann::json::array();
    for (const auto& p : *procedures) {
      rows.push_back({{"procedure_code", p.code}, {"procedure_name", p.name}, {"retention", p.retention}});
    }
    std::cout << rows.dump(2) << "\n";
    return kExitOk;
  }
  std::cout << Column("Mã TTHC", 12) << " " << Column("Thời hạn bảo quản", 18) << " Thủ tục\n";
  for (const auto& p : *procedures) {
    std::cout << Column(p.code, 12) << " " << Column(ShowRetention(p.retention), 18) << " " << p.name << "\n";
  }
  return kExitOk;
}

int RunDue(const GlobalOptions& options, const std::string& as_of) {
  auto catalog = OpenCatalog(options);
  if (!catalog.ok()) return Fail(catalog.status());
  auto due = archive::DossiersPastRetention(**catalog, as_of);
  if (!due.ok()) return Fail(due.status());
  if (options.json) {
    nlohmann::json rows = nlohmann::json::array();
    for (const auto& d : *due) {
      rows.push_back({{"code", d.code},
                      {"procedure_code", d.procedure_code},
                      {"procedure_name", d.procedure_name},
                      {"received_date", d.received_date},
                      {"retention_years", d.retention},
                      {"due_date", d.due_date}});
    }
    std::cout << rows.dump(2) << "\n";
    return kExitOk;
  }
  std::cout << Text(Msg::kRetentionDue, {std::to_string(due->size()), ShownDate(as_of)}) << "\n";
  if (due->empty()) return kExitOk;
  std::cout << Column("Mã hồ sơ", 26) << " " << Column("Mã TTHC", 10) << " " << Column("Tiếp nhận", 10) << " "
            << Column("Hạn", 10) << " Thời hạn\n";
  for (const auto& d : *due) {
    std::cout << Column(d.code, 26) << " " << Column(d.procedure_code, 10) << " " << Column(d.received_date, 10)
              << " " << Column(d.due_date, 10) << " " << ShowRetention(d.retention) << "\n";
  }
  std::cout << Text(Msg::kRetentionNothingDeleted) << "\n";
  return kExitOk;
}

int RunDelete(const GlobalOptions& options, const archive::DeletionRequest& request) {
  auto home = ResolveHome(options);
  auto catalog = OpenCatalog(options);
  if (!catalog.ok()) return Fail(catalog.status());
  auto blobs = archive::OpenBlobStore(home);
  if (!blobs.ok()) return Fail(blobs.status());
  auto deleted = archive::DeleteDossier(**catalog, **blobs, request);
  if (!deleted.ok()) return Fail(deleted.status());
  if (options.json) {
    std::cout << nlohmann::json{{"code", request.code},
                                {"documents", deleted->documents},
                                {"blobs_removed", deleted->blobs_removed}}
                     .dump(2)
              << "\n";
  } else {
    std::cout << Text(Msg::kRetentionDeleted, {request.code, std::to_string(deleted->documents),
                                               std::to_string(deleted->blobs_removed)})
              << "\n";
  }
  return kExitOk;
}

int RunDeleted(const GlobalOptions& options) {
  auto catalog = OpenCatalog(options);
  if (!catalog.ok()) return Fail(catalog.status());
  auto records = archive::Deletions(**catalog);
  if (!records.ok()) return Fail(records.status());
  if (options.json) {
    nlohmann::json rows = nlohmann::json::array();
    for (const auto& r : *records) {
      rows.push_back({{"code", r.code},
                      {"procedure_code", r.procedure_code},
                      {"received_date", r.received_date},
                      {"retention", r.retention},
                      {"deleted_by", r.deleted_by},
                      {"reason", r.reason},
                      {"deleted_at", r.deleted_at}});
    }
    std::cout << rows.dump(2) << "\n";
    return kExitOk;
  }
  for (const auto& r : *records) {
    std::cout << r.deleted_at << "  " << r.code << "  by " << r.deleted_by << ": " << r.reason << "\n";
  }
  std::cout << records->size() << " deletion(s)\n";
  return kExitOk;
}

}  // namespace

void AddRetentionCommands(CLI::App& app, GlobalOptions& options) {
  auto* retention = app.add_subcommand(
      "retention", "Retention (thời hạn bảo quản) per procedure, dossiers past it, and recorded deletion");
  retention->require_subcommand(1);
  {
    auto procedure = std::make_shared<std::string>();
    auto period = std::make_shared<std::string>();
    auto actor = std::make_shared<std::string>("cli");
    auto* cmd = retention->add_subcommand("set", "Set how long a procedure's dossiers are kept");
    cmd->add_option("procedure", *procedure, "Procedure code, e.g. 1.000894")->required();
    cmd->add_option("period", *period, "'permanent' / 'vĩnh viễn', or years: '20', '20 năm'; '' clears it")
        ->required();
    cmd->add_option("--by", *actor, "Who sets it (recorded in the event log)");
    cmd->callback([&options, procedure, period, actor] {
      options.action = [&options, procedure, period, actor] { return RunSet(options, *procedure, *period, *actor); };
    });
  }
  {
    auto* cmd = retention->add_subcommand("list", "Each procedure's retention");
    AddJsonFlag(*cmd, options);
    cmd->callback([&options] { options.action = [&options] { return RunList(options); }; });
  }
  {
    auto as_of = std::make_shared<std::string>(Today());
    auto* cmd = retention->add_subcommand(
        "due", "List dossiers whose retention has ended (received date + the procedure's years). Deletes nothing");
    cmd->add_option("--as-of", *as_of, "Check against this day, dd/mm/yyyy or yyyy-mm-dd (default: today)")
        ->transform(DayOption());
    AddJsonFlag(*cmd, options);
    cmd->callback([&options, as_of] { options.action = [&options, as_of] { return RunDue(options, *as_of); }; });
  }
  {
    auto request = std::make_shared<archive::DeletionRequest>();
    request->as_of = Today();
    auto* cmd = retention->add_subcommand(
        "delete",
        "Delete one dossier past its retention: its rows and the files nothing else uses go; a deletion\n"
        "record (who, why, when) and its events stay for ever");
    cmd->add_option("code", request->code, "Dossier code")->required();
    cmd->add_option("--by", request->actor, "Who decides the deletion")->required();
    cmd->add_option("--reason", request->reason, "Why: the disposal decision, e.g. 'QĐ 12/QĐ-UBND'")->required();
    cmd->add_flag("--before-due", request->before_due,
                  "Delete although its retention has not ended (recorded in the reason)");
    cmd->add_option("--as-of", request->as_of,
                    "Check the retention against this day, dd/mm/yyyy or yyyy-mm-dd (default: today)")
        ->transform(DayOption());
    AddJsonFlag(*cmd, options);
    cmd->callback([&options, request] { options.action = [&options, request] { return RunDelete(options, *request); }; });
  }
  {
    auto* cmd = retention->add_subcommand("deleted", "List every deletion: which dossier, who, why and when");
    AddJsonFlag(*cmd, options);
    cmd->callback([&options] { options.action = [&options] { return RunDeleted(options); }; });
  }
}

}  // namespace sohoa::cli
