// Paths and helpers every test suite shares.
#pragma once

#include <filesystem>
#include <string>

namespace sohoa::testing {

// The repository root, the build folder, and ../shared beside the checkout.
std::filesystem::path SourceDir();
std::filesystem::path BinaryDir();
std::filesystem::path SharedDir();

// A fresh empty folder under the system temp dir, removed by the destructor.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

std::string ReadFile(const std::filesystem::path& path);

// Runs a shell command line; its standard output is captured, standard error
// goes to the test log.
struct CommandResult {
  int exit_code = -1;
  std::string out;
};
CommandResult RunCommand(const std::string& command);

// The path of a program this build made: Program("sohoa"), Program("sohoa-gen").
std::string Program(const std::string& name);

// Writes a generated sample into `out`: sohoa-gen --out OUT followed by
// `args` ("--seed 8 --dossiers 1 --formats folder"). Returns its exit code.
int GenerateSample(const std::filesystem::path& out, const std::string& args);
void WriteFile(const std::filesystem::path& path, const std::string& bytes);

}  // namespace sohoa::testing
