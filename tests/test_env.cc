#include "tests/test_env.h"

#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdlib>
#include <atomic>
#include <cstdio>
#include <fstream>
#include <random>
#include <sstream>

namespace sohoa::testing {
namespace {

// sohoa speaks Vietnamese unless told otherwise (schema/messages.h). The
// suites read its English texts, in this process and in the sohoa they
// start; a test of the Vietnamese ones asks for them (SOHOA_LANG=vi,
// --lang vi). The locale itself is left alone: unzip and the shell need
// theirs to read UTF-8 names, and en_US may not be installed.
const bool kEnglishMessages = [] {
  ::setenv("SOHOA_LANG", "en", 1);
  return true;
}();

}  // namespace

std::filesystem::path SourceDir() { return SOHOA_SOURCE_DIR; }
std::filesystem::path BinaryDir() { return SOHOA_BINARY_DIR; }

std::string Program(const std::string& name) { return (BinaryDir() / name).string(); }

int GenerateSample(const std::filesystem::path& out, const std::string& args) {
  return RunCommand(Program("sohoa-gen") + " --out '" + out.string() + "' " + args + " >/dev/null")
      .exit_code;
}
std::filesystem::path SharedDir() { return SOHOA_SHARED_DIR; }

TempDir::TempDir() {
  static std::atomic<int> counter{0};
  std::random_device rd;
  path_ = std::filesystem::temp_directory_path() /
          ("sohoa-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++) + "-" +
           std::to_string(rd() % 100000));
  std::filesystem::create_directories(path_);
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

void WriteFile(const std::filesystem::path& path, const std::string& bytes) {
  std::filesystem::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary);
  out << bytes;
}

CommandResult RunCommand(const std::string& command) {
  CommandResult run;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) return run;
  std::array<char, 4096> buf;
  size_t n;
  while ((n = std::fread(buf.data(), 1, buf.size(), pipe)) > 0) run.out.append(buf.data(), n);
  int status = ::pclose(pipe);
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return run;
}

}  // namespace sohoa::testing
