#include <iostream>

#include "archive/home.h"
#include "schema/messages.h"
#include "tools/cli/common.h"

namespace sohoa::cli {

void AddInitCommand(CLI::App& app, GlobalOptions& options) {
  auto* cmd = app.add_subcommand("init", "Create an archive home: catalog.db, blobs/, inbox/, work/, failed/. Every other command\n"
                                 "wants an existing home; running init on one changes nothing");
  cmd->callback([&options] {
    options.action = [&options] {
      auto home = ResolveHome(options);
      bool existed = archive::HomeExists(home);
      if (Status s = archive::InitHome(home); !s.ok()) return Fail(s);
      std::cout << (existed ? Text(Msg::kHomeExists, {home.root.string()}) : Text(Msg::kHomeCreated, {home.root.string()}))
                << "\n";
      return kExitOk;
    };
  });
}

}  // namespace sohoa::cli
