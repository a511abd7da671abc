// What a hostile tester found (issue 11), each as sohoa is run: a file built
// to crash or stall a reader, a link, a FIFO, a kill at a chosen moment, a
// full disk. Each test failed on the code before the fix; each now shows
// that nothing handed in is lost and no file stops the service.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <set>
#include <thread>

#include "tests/hostile_files.h"
#include "tests/test_env.h"

namespace sohoa {
namespace {

namespace fs = std::filesystem;
using testing::CommandResult;
using testing::RunCommand;

std::string Quote(const fs::path& p) { return "'" + p.string() + "'"; }

class HostileInboxTest : public ::testing::Test {
 protected:
  void SetUp() override {
    home_ = tmp_.path() / "home";
    sohoa_ = testing::Program("sohoa") + " --home " + Quote(home_);
    ASSERT_EQ(RunCommand(sohoa_ + " init >/dev/null").exit_code, 0);
  }

  // A generated sample: its dossiers' codes and paths, by ground truth.
  nlohmann::json Sample(const std::string& name, const std::string& args) {
    const fs::path out = tmp_.path() / name;
    EXPECT_EQ(testing::GenerateSample(out, args), 0);
    return nlohmann::json::parse(testing::ReadFile(out / "ground-truth.json"));
  }
  fs::path SamplePath(const std::string& name, const nlohmann::json& dossier) {
    return tmp_.path() / name / dossier["path"].get<std::string>();
  }

  CommandResult Watch(const std::string& env = "", const std::string& flags = "") {
    return RunCommand(env + " " + sohoa_ + " watch --once --settle 0.2 " + flags + " 2>&1");
  }
  // Runs `watch --once` and kills it with SIGKILL, as from outside, `after`
  // seconds once it holds an entry: its claim note says it is running, with
  // one more attempt than before (a killed run's note says running too).
  CommandResult KillWhileHeld(const std::string& env, const std::string& flags, double after) {
    const std::string attempts = "$(grep -hs '^attempts:' " + Quote(home_ / "work") + "/*/.claim)";
    const std::string running = "grep -qs '^running: 1' " + Quote(home_ / "work") + "/*/.claim";
    return RunCommand("(before=\"" + attempts + "\"; " + env + " " + sohoa_ + " watch --once --settle 0.2 " +
                      flags + " 2>&1 & pid=$!; i=0; until " + running + " && [ \"" + attempts +
                      "\" != \"$before\" ]; do i=$((i+1)); [ $i -gt 600 ] && break; " +
                      "kill -0 $pid 2>/dev/null || break; sleep 0.1; done; sleep " + std::to_string(after) +
                      "; kill -9 $pid 2>/dev/null; wait $pid)");
  }
  bool Archived(const std::string& code) {
    return RunCommand(sohoa_ + " show " + code + " >/dev/null 2>&1").exit_code == 0;
  }
  nlohmann::json Show(const std::string& code) {
    CommandResult run = RunCommand(sohoa_ + " show " + code + " --json");
    return run.exit_code == 0 ? nlohmann::json::parse(run.out) : nlohmann::json();
  }
  std::string Note(const fs::path& copy) { return testing::ReadFile(copy.string() + ".error.txt"); }
  int Events(const std::string& type) {
    CommandResult run = RunCommand(sohoa_ + " log --json --type '" + type + "'");
    return run.exit_code == 0 ? static_cast<int>(nlohmann::json::parse(run.out).size()) : -1;
  }
  bool WorkIsEmpty() { return !fs::exists(home_ / "work") || fs::is_empty(home_ / "work"); }

  testing::TempDir tmp_;
  fs::path home_;
  std::string sohoa_;
};

// 1. A PDF of 20,000 nested dictionaries crashed sohoa with SIGSEGV, stayed
// claimed in work/, crashed every restart, and blocked the good file beside it.
TEST_F(HostileInboxTest, APdfBuiltToCrashTheReaderIsSetAsideAndTheDossierBesideItArchived) {
  auto truth = Sample("s", "--seed 21 --dossiers 1 --formats folder");
  const std::string code = truth["dossiers"][0]["code"];
  fs::copy(SamplePath("s", truth["dossiers"][0]), home_ / "inbox" / code, fs::copy_options::recursive);
  testing::WriteFile(home_ / "inbox" / "deep.pdf", testing::DeeplyNestedPdf(20000));

  CommandResult run = Watch();
  EXPECT_EQ(run.exit_code, 1) << run.out;
  EXPECT_TRUE(Archived(code)) << run.out;
  ASSERT_TRUE(fs::exists(home_ / "failed" / "deep.pdf")) << run.out;
  EXPECT_EQ(testing::ReadFile(home_ / "failed" / "deep.pdf"), testing::DeeplyNestedPdf(20000));
  EXPECT_NE(Note(home_ / "failed" / "deep.pdf").find("nested too deeply"), std::string::npos);
  EXPECT_NE(Note(home_ / "failed" / "deep.pdf").find("file:    inbox/deep.pdf"), std::string::npos)
      << "the note names the file as staff dropped it";
  EXPECT_TRUE(fs::is_empty(home_ / "inbox"));
  EXPECT_TRUE(WorkIsEmpty());
}

// 2. A folder holding a link to its own parent aborted sohoa (an uncaught
// filesystem_error) and blocked the inbox for good.
TEST_F(HostileInboxTest, AFolderLinkedToItsOwnParentIsTakenWithoutLoopingAndTheLinkSetAside) {
  auto truth = Sample("s", "--seed 22 --dossiers 1 --formats folder");
  const std::string code = truth["dossiers"][0]["code"];
  const fs::path dossier = home_ / "inbox" / code;
  fs::copy(SamplePath("s", truth["dossiers"][0]), dossier, fs::copy_options::recursive);
  fs::create_directory_symlink("..", dossier / "loop");

  CommandResult run = Watch();
  EXPECT_EQ(run.exit_code, 1) << run.out;
  EXPECT_TRUE(Archived(code)) << run.out;
  const fs::path link = home_ / "failed" / code / "loop";
  ASSERT_TRUE(fs::is_symlink(fs::symlink_status(link))) << "the link itself is kept, as a link: " << run.out;
  EXPECT_EQ(fs::read_symlink(link), "..");
  EXPECT_NE(Note(link).find("a symbolic link to .."), std::string::npos) << Note(link);
  EXPECT_TRUE(WorkIsEmpty());

  // sohoa ingest given such a folder does not abort either.
  fs::create_directories(tmp_.path() / "again");
  fs::create_directory_symlink("..", tmp_.path() / "again" / "up");
  CommandResult ingest = RunCommand(sohoa_ + " ingest " + Quote(tmp_.path() / "again") + " 2>&1");
  EXPECT_EQ(ingest.exit_code, 1) << ingest.out;
  EXPECT_NE(ingest.out.find("never follows links"), std::string::npos) << ingest.out;
}

// 3. Killed after the first dossier of a stack was committed, a restart said
// "1 already archived", released the claim and lost the other dossiers.
TEST_F(HostileInboxTest, AKillInsideAStackLosesNoneOfItsDossiers) {
  auto truth = Sample("s", "--seed 23 --dossiers 2 --formats stack");
  const fs::path stack = SamplePath("s", truth["dossiers"][0]);
  for (const auto& d : truth["dossiers"]) ASSERT_EQ(SamplePath("s", d), stack) << "one stack file";
  fs::copy(stack, home_ / "inbox" / stack.filename());

  CommandResult killed = Watch("SOHOA_FAULT=kill:after-dossier-commit#1");
  EXPECT_NE(killed.exit_code, 0) << killed.out;
  int stored = 0;
  for (const auto& d : truth["dossiers"]) stored += Archived(d["code"]) ? 1 : 0;
  ASSERT_EQ(stored, 1) << "the kill came after the first dossier's commit";
  int cached = 0;
  for (const auto& e : fs::recursive_directory_iterator(home_ / "work")) {
    cached += e.path().string().find("/.pages/") != std::string::npos && e.is_regular_file() ? 1 : 0;
  }
  int first_pages = 0;
  for (const auto& doc : truth["dossiers"][0]["documents"]) first_pages += static_cast<int>(doc["pages"].size());
  EXPECT_GE(cached, first_pages)
      << "what OCR read before the kill is kept for the next run";

  CommandResult resumed = Watch();
  EXPECT_EQ(resumed.exit_code, 0) << resumed.out;
  EXPECT_NE(resumed.out.find("Resuming the entries a run that stopped had claimed: 1"), std::string::npos) << resumed.out;
  EXPECT_NE(resumed.out.find("1 dossier(s) stored before an interruption"), std::string::npos) << resumed.out;
  for (const auto& d : truth["dossiers"]) EXPECT_TRUE(Archived(d["code"])) << d["code"];
  EXPECT_TRUE(WorkIsEmpty());
  for (const auto& d : truth["dossiers"]) {
    EXPECT_EQ(Show(d["code"])["documents"].size(), d["documents"].size()) << "nothing doubled: " << d["code"];
  }

  // The same with sohoa ingest run again after the kill.
  const fs::path other = tmp_.path() / "other-home";
  const std::string sohoa2 = testing::Program("sohoa") + " --home " + Quote(other);
  RunCommand(sohoa2 + " init >/dev/null");
  EXPECT_NE(RunCommand("SOHOA_FAULT=kill:after-dossier-commit#1 " + sohoa2 + " ingest " + Quote(stack) +
                       " >/dev/null 2>&1")
                .exit_code,
            0);
  CommandResult again = RunCommand(sohoa2 + " ingest " + Quote(stack) + " 2>&1");
  EXPECT_EQ(again.exit_code, 0) << again.out;
  EXPECT_EQ(again.out.find("Already archived"), std::string::npos) << again.out;
  for (const auto& d : truth["dossiers"]) {
    EXPECT_EQ(RunCommand(sohoa2 + " show " + d["code"].get<std::string>() + " >/dev/null").exit_code, 0);
  }
  CommandResult third = RunCommand(sohoa2 + " ingest " + Quote(stack) + " 2>&1");
  EXPECT_NE(third.out.find("Already archived, not stored again: 1 file"), std::string::npos) << third.out;
}

// 6. A multi-page TIFF cut short was archived as its first page; the whole
// file dropped later then put its receipt into the dossier twice.
TEST_F(HostileInboxTest, ATruncatedMultiPageTiffIsSetAsideAndTheWholeOneArchivedOnce) {
  auto truth = Sample("s", "--seed 24 --dossiers 1 --formats tiff");
  const auto& dossier = truth["dossiers"][0];
  const std::string code = dossier["code"];
  const fs::path whole = SamplePath("s", dossier);
  const std::string bytes = testing::ReadFile(whole);
  const fs::path cut = tmp_.path() / "cut" / whole.filename();
  testing::WriteFile(cut, bytes.substr(0, bytes.size() * 4 / 10));

  CommandResult first = RunCommand(sohoa_ + " ingest " + Quote(cut) + " 2>&1");
  EXPECT_EQ(first.exit_code, 1) << first.out;
  EXPECT_NE(first.out.find("the TIFF is incomplete"), std::string::npos) << first.out;
  EXPECT_FALSE(Archived(code)) << "never stored as its first pages";

  CommandResult second = RunCommand(sohoa_ + " ingest " + Quote(whole) + " 2>&1");
  EXPECT_EQ(second.exit_code, 0) << second.out;
  auto shown = Show(code);
  ASSERT_FALSE(shown.is_null());
  EXPECT_EQ(shown["documents"].size(), dossier["documents"].size());
  int receipts = 0;
  for (const auto& doc : shown["documents"]) receipts += doc["kind"] == "receipt" ? 1 : 0;
  EXPECT_EQ(receipts, 1);
}

// 7. A searchable PDF written before a kill became an orphan, and the re-run
// wrote a different one (its creation date changed): verify failed forever.
TEST_F(HostileInboxTest, AKillBetweenTheBlobWritesAndTheCommitLeavesVerifyClean) {
  auto truth = Sample("s", "--seed 25 --dossiers 1 --formats pdf");
  const fs::path file = SamplePath("s", truth["dossiers"][0]);
  EXPECT_NE(RunCommand("SOHOA_FAULT=kill:after-blob-write#1 " + sohoa_ + " ingest " + Quote(file) +
                       " >/dev/null 2>&1")
                .exit_code,
            0);
  EXPECT_EQ(RunCommand(sohoa_ + " verify >/dev/null").exit_code, 1) << "the blobs of the killed run";
  CommandResult rerun = RunCommand(sohoa_ + " ingest " + Quote(file) + " 2>&1");
  EXPECT_EQ(rerun.exit_code, 0) << rerun.out;
  CommandResult verify = RunCommand(sohoa_ + " verify 2>&1");
  EXPECT_EQ(verify.exit_code, 0) << "the re-run wrote the same PDF bytes and used them: " << verify.out;

  // An orphan nothing will ever use (its entry was set aside) goes with --repair.
  const std::string orphan(64, 'a');
  const fs::path orphan_path = home_ / "blobs" / "sha256" / "aa" / "aa" / orphan;
  testing::WriteFile(orphan_path, "orphan");
  fs::last_write_time(orphan_path, fs::file_time_type::clock::now() - std::chrono::hours(30));
  EXPECT_EQ(RunCommand(sohoa_ + " verify --repair --grace 48 >/dev/null").exit_code, 1) << "inside the grace";
  CommandResult repaired = RunCommand(sohoa_ + " verify --repair 2>&1");
  EXPECT_EQ(repaired.exit_code, 0) << repaired.out;
  EXPECT_NE(repaired.out.find("removed: "), std::string::npos) << repaired.out;
  EXPECT_FALSE(fs::exists(orphan_path));
  EXPECT_EQ(Events("deletion"), 1);
}

// 8. Links in the inbox were followed: a link to /etc/passwd put a copy of
// it in failed/, a link to an outside folder archived what it held.
TEST_F(HostileInboxTest, LinksInTheInboxAreSetAsideAsLinksAndNeverFollowed) {
  auto truth = Sample("outside", "--seed 26 --dossiers 1 --formats folder");
  const std::string code = truth["dossiers"][0]["code"];
  fs::create_symlink("/etc/passwd", home_ / "inbox" / "passwd");
  fs::create_directory_symlink(SamplePath("outside", truth["dossiers"][0]), home_ / "inbox" / "outside");

  CommandResult run = Watch();
  EXPECT_EQ(run.exit_code, 1) << run.out;
  EXPECT_FALSE(Archived(code)) << "nothing is read through a link";
  for (const char* name : {"passwd", "outside"}) {
    const fs::path kept = home_ / "failed" / name;
    EXPECT_TRUE(fs::is_symlink(fs::symlink_status(kept))) << name << ": the link, not what it points at";
    EXPECT_NE(Note(kept).find("a symbolic link to"), std::string::npos) << Note(kept);
  }
  EXPECT_TRUE(fs::is_empty(home_ / "inbox"));
  EXPECT_TRUE(WorkIsEmpty());
}

// 9. Two watchers on one home both ran; the second "resumed" the first's claims.
TEST_F(HostileInboxTest, ASecondWatcherNamesTheFirstAndLeavesItsClaimsAlone) {
  const std::string first = sohoa_ + " watch --settle 0.2 >/dev/null 2>&1 & echo $!";
  CommandResult started = RunCommand(first);
  const std::string pid = started.out.substr(0, started.out.find('\n'));
  for (int i = 0; i < 200 && testing::ReadFile(home_ / "watch.lock").empty(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  CommandResult second = Watch();
  RunCommand("kill " + pid);
  EXPECT_EQ(second.exit_code, 4) << second.out;
  EXPECT_NE(second.out.find("another sohoa is already serving this home (sohoa watch, PID " + pid),
            std::string::npos)
      << second.out;
}

// 9. A FIFO stayed in the inbox for ever with no note; a 250-byte name got
// its copy but no note.
TEST_F(HostileInboxTest, AFifoAndAVeryLongNameAreSetAsideWithTheirNotes) {
  ASSERT_EQ(::mkfifo((home_ / "inbox" / "pipe").c_str(), 0644), 0);
  std::string long_name;
  while (long_name.size() < 240) long_name += "hồ sơ ";  // 240 bytes of Vietnamese
  long_name += "x.pdf";
  testing::WriteFile(home_ / "inbox" / long_name, "not a scan at all");

  CommandResult run = RunCommand("timeout 120 " + sohoa_ + " watch --once --settle 0.2 2>&1");
  EXPECT_EQ(run.exit_code, 1) << run.out;
  EXPECT_TRUE(fs::is_empty(home_ / "inbox")) << run.out;
  ASSERT_TRUE(fs::exists(home_ / "failed" / "pipe.error.txt"));
  EXPECT_NE(testing::ReadFile(home_ / "failed" / "pipe.error.txt").find("a named pipe (FIFO)"),
            std::string::npos);
  int copies = 0, notes = 0;
  for (const auto& e : fs::directory_iterator(home_ / "failed")) {
    const std::string name = e.path().filename().string();
    if (name.rfind("hồ sơ", 0) != 0) continue;
    EXPECT_LE(name.size(), 255u);
    if (name.ends_with(".error.txt")) {
      ++notes;
      EXPECT_NE(testing::ReadFile(e.path()).find(long_name), std::string::npos) << "names the whole file";
    } else {
      ++copies;
      EXPECT_EQ(testing::ReadFile(e.path()), "not a scan at all");
    }
  }
  EXPECT_EQ(copies, 1);
  EXPECT_EQ(notes, 1);
  EXPECT_EQ(Events("quarantine"), 2);
}

// 9. "page 1: page 1:" and library words such as "ePdfError_InvalidXRef"
// reached staff.
TEST_F(HostileInboxTest, ReasonsNameThePageOnceAndPutTheLibrarysWordsLast) {
  testing::WriteFile(tmp_.path() / "bad" / "damaged.pdf", testing::PdfWithDamagedImage());
  const std::string whole = testing::DeeplyNestedPdf(3);
  testing::WriteFile(tmp_.path() / "bad" / "cut.pdf", whole.substr(0, whole.size() / 2));

  CommandResult run = RunCommand(sohoa_ + " ingest " + Quote(tmp_.path() / "bad") + "/*.pdf 2>&1");
  EXPECT_EQ(run.exit_code, 1) << run.out;
  EXPECT_EQ(run.out.find("page 1: page 1:"), std::string::npos) << run.out;
  const size_t cut = run.out.find("cut.pdf: ");
  ASSERT_NE(cut, std::string::npos) << run.out;
  const std::string line = run.out.substr(cut, run.out.find('\n', cut) - cut);
  EXPECT_NE(line.find("cut.pdf: the PDF is incomplete or damaged"), std::string::npos) << line;
  const size_t detail = line.find("(technical detail: PoDoFo");
  ASSERT_NE(detail, std::string::npos) << line;
  EXPECT_EQ(line.substr(0, detail).find("ePdfError"), std::string::npos) << line;
}

// 9. Raw escape sequences typed into a query were echoed to the terminal.
TEST_F(HostileInboxTest, EscapeSequencesInAQueryNeverReachTheTerminal) {
  CommandResult run = RunCommand(sohoa_ + " search $'\\e[2J\\e[31mred\"' 2>&1");
  EXPECT_EQ(run.exit_code, 2) << run.out;
  EXPECT_NE(run.out.find("unclosed quote"), std::string::npos) << run.out;
  EXPECT_EQ(run.out.find('\x1b'), std::string::npos) << "an ESC byte reached the terminal";
}

// Poison: an entry that crashes sohoa itself (not a decoder) is set aside
// after --max-crashes tries, and the inbox goes on.
TEST_F(HostileInboxTest, AnEntryThatCrashesSohoaTwiceIsSetAsideAndTheRestGoesOn) {
  auto truth = Sample("s", "--seed 27 --dossiers 2 --formats folder");
  const std::string good = truth["dossiers"][1]["code"];
  fs::copy(SamplePath("s", truth["dossiers"][0]), home_ / "inbox" / "poison", fs::copy_options::recursive);
  const std::string fault = "SOHOA_FAULT=crash:recognize@poison";

  CommandResult first = Watch(fault);
  EXPECT_NE(first.exit_code, 0) << first.out;
  CommandResult second = Watch(fault);
  EXPECT_NE(second.exit_code, 0) << second.out;
  EXPECT_NE(second.out.find("Resuming the entries a run that stopped had claimed: 1"), std::string::npos) << second.out;
  EXPECT_FALSE(fs::exists(home_ / "failed" / "poison")) << "one crash more is allowed";

  fs::copy(SamplePath("s", truth["dossiers"][1]), home_ / "inbox" / good, fs::copy_options::recursive);
  CommandResult third = Watch(fault);
  EXPECT_EQ(third.exit_code, 1) << third.out;
  EXPECT_NE(third.out.find("set aside inbox/poison: Reading it stopped sohoa 2 time(s)"), std::string::npos)
      << third.out;
  EXPECT_TRUE(Archived(good)) << third.out;
  EXPECT_TRUE(fs::exists(home_ / "failed" / "poison"));
  for (const auto& e : fs::directory_iterator(SamplePath("s", truth["dossiers"][0]))) {
    EXPECT_EQ(testing::ReadFile(home_ / "failed" / "poison" / e.path().filename()), testing::ReadFile(e.path()))
        << "every page of it kept, byte for byte";
  }
  EXPECT_TRUE(WorkIsEmpty());
}

// A hang inside sohoa (not a decoder) counts like a crash: the watchdog
// ends the process, and after two the entry is set aside.
TEST_F(HostileInboxTest, AnEntryThatHangsSohoaIsCountedAndSetAside) {
  auto truth = Sample("s", "--seed 28 --dossiers 1 --formats folder");
  fs::copy(SamplePath("s", truth["dossiers"][0]), home_ / "inbox" / "stuck", fs::copy_options::recursive);
  const std::string fault = "SOHOA_FAULT=hang:recognize@stuck";
  for (int i = 0; i < 2; ++i) {
    CommandResult hung = Watch(fault, "--stall-limit 2");
    EXPECT_NE(hung.exit_code, 0) << hung.out;
  }
  CommandResult third = Watch(fault, "--stall-limit 2");
  EXPECT_EQ(third.exit_code, 1) << third.out;
  EXPECT_NE(third.out.find("set aside inbox/stuck"), std::string::npos) << third.out;
  EXPECT_TRUE(WorkIsEmpty());
}

// An entry in hand, stuck, when sohoa is killed from outside (an operator's
// kill -9 before the watchdog fires) counts as an interruption; after
// --max-interruptions the entry is set aside.
TEST_F(HostileInboxTest, AnEntryStuckWhenSohoaIsKilledFromOutsideIsCountedAndSetAside) {
  auto truth = Sample("s", "--seed 28 --dossiers 1 --formats folder");
  fs::copy(SamplePath("s", truth["dossiers"][0]), home_ / "inbox" / "stuck", fs::copy_options::recursive);
  const std::string fault = "SOHOA_FAULT=hang:recognize@stuck";
  const std::string flags = "--stall-limit 20 --max-interruptions 2";
  // The first run may read a page or two before it sticks: that is progress,
  // and only the runs after it count. On a loaded machine a later run may
  // still get a page further, or be killed before it held the entry a
  // quarter of the stall limit: those stops do not count either (CI saw it),
  // so the kills go on until two have counted and a run set the entry aside.
  std::string said;
  for (int i = 0; i < 6 && (i == 0 || !WorkIsEmpty()); ++i) said += KillWhileHeld(fault, flags, 7).out;
  if (!WorkIsEmpty()) said += Watch(fault, flags).out;
  EXPECT_NE(said.find("set aside inbox/stuck"), std::string::npos) << said;
  EXPECT_NE(said.find("stopped 2 time(s)"), std::string::npos) << said;
  EXPECT_TRUE(WorkIsEmpty()) << said;
}

// The long chaos run set 6 good entries aside as "stopped 5 times without
// getting any further": kills every 12 s on a loaded machine came before a
// run had read its first page. A stop sooner than a hang could be is
// nobody's fault; the entry is archived once sohoa runs long enough.
TEST_F(HostileInboxTest, StopsSoonerThanAHangCouldBeDoNotCountAgainstAnEntry) {
  auto truth = Sample("s", "--seed 28 --dossiers 1 --formats folder");
  fs::copy(SamplePath("s", truth["dossiers"][0]), home_ / "inbox" / "good", fs::copy_options::recursive);
  const std::string flags = "--stall-limit 600 --max-interruptions 1";
  // The fault keeps each run from reading a page before it is killed.
  for (int i = 0; i < 3; ++i) KillWhileHeld("SOHOA_FAULT=hang:recognize@good", flags, 0.5);
  CommandResult last = Watch("", flags);
  EXPECT_EQ(last.exit_code, 0) << last.out;
  EXPECT_TRUE(Archived(truth["dossiers"][0]["code"])) << last.out;
  EXPECT_TRUE(WorkIsEmpty());
  EXPECT_TRUE(!fs::exists(home_ / "failed") || fs::is_empty(home_ / "failed")) << "nothing set aside";
}

// Disk space: the home on a small file system of its own (tmpfs; needs root).
class FullDiskTest : public HostileInboxTest {
 protected:
  void SetUp() override {
    disk_ = tmp_.path() / "disk";
    fs::create_directories(disk_);
    if (RunCommand("mount -t tmpfs -o size=24m tmpfs " + Quote(disk_) + " 2>/dev/null").exit_code != 0) {
      GTEST_SKIP() << "cannot mount a small tmpfs here (needs root): the full-disk tests need one";
    }
    mounted_ = true;
    home_ = disk_ / "home";
    sohoa_ = testing::Program("sohoa") + " --home " + Quote(home_);
    ASSERT_EQ(RunCommand(sohoa_ + " init >/dev/null").exit_code, 0);
  }
  void TearDown() override {
    if (mounted_) RunCommand("umount " + Quote(disk_));
  }
  // Fills the disk until `left` bytes are free.
  void FillLeaving(std::uintmax_t left) {
    const std::uintmax_t free = fs::space(disk_).available;
    ASSERT_GT(free, left);
    ASSERT_EQ(RunCommand("fallocate -l " + std::to_string(free - left) + " " + Quote(disk_ / "filler")).exit_code,
              0);
  }
  void Free() { fs::remove(disk_ / "filler"); }
  // Every file under `dir` by content hash.
  std::multiset<std::string> Contents(const fs::path& dir) {
    std::multiset<std::string> out;
    std::error_code ec;
    for (fs::recursive_directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
      if (fs::is_regular_file(it->symlink_status()) && !it->path().string().ends_with(".error.txt") &&
          it->path().filename() != ".claim") {
        out.insert(testing::ReadFile(it->path()));
      }
    }
    return out;
  }

  fs::path disk_;
  bool mounted_ = false;
};

// 4. With 100 KB free, the originals were deleted: failed/ held a 0-byte
// JPEG, a 36 KB copy of an 833 KB PDF and empty notes.
TEST_F(FullDiskTest, WithTheDiskFullNothingIsReleasedAndOnceFreedEverythingIsTaken) {
  auto truth = Sample("s", "--seed 29 --dossiers 1 --formats pdf");
  const std::string code = truth["dossiers"][0]["code"];
  fs::copy(SamplePath("s", truth["dossiers"][0]), home_ / "inbox" / "good.pdf");
  std::string jpeg = testing::ReadFile(SamplePath("s", truth["dossiers"][0]));  // a PDF's bytes, named .jpg
  testing::WriteFile(home_ / "inbox" / "not-a-scan.jpg", "PK\x03\x04" + jpeg.substr(0, 300000));
  testing::WriteFile(home_ / "inbox" / "cut.pdf", jpeg.substr(0, jpeg.size() / 2));
  const auto dropped = Contents(home_ / "inbox");
  FillLeaving(100 << 10);

  CommandResult full = Watch();
  EXPECT_EQ(full.exit_code, 4) << full.out;
  EXPECT_NE(full.out.find("the disk is full"), std::string::npos) << full.out;
  EXPECT_NE(full.out.find("nothing was lost"), std::string::npos) << full.out;
  auto held = Contents(home_ / "inbox");
  for (const auto& c : Contents(home_ / "work")) held.insert(c);
  EXPECT_EQ(held, dropped) << "every original is still in the inbox or work/, whole";
  for (const auto& c : Contents(home_ / "failed")) EXPECT_EQ(dropped.count(c), 1u) << "no partial copy";

  Free();
  CommandResult freed = Watch();
  EXPECT_EQ(freed.exit_code, 1) << freed.out;
  EXPECT_TRUE(Archived(code)) << freed.out;
  for (const char* name : {"not-a-scan.jpg", "cut.pdf"}) {
    EXPECT_EQ(dropped.count(testing::ReadFile(home_ / "failed" / name)), 1u) << name;
    EXPECT_NE(Note(home_ / "failed" / name).find("reason:  "), std::string::npos) << name;
  }
  EXPECT_EQ(Events("quarantine"), 2);
  EXPECT_TRUE(fs::is_empty(home_ / "inbox"));
  EXPECT_TRUE(WorkIsEmpty());
  EXPECT_EQ(RunCommand(sohoa_ + " verify >/dev/null").exit_code, 0);
}

// 5. With 1.6 MB free, ingest exited 0 with documents that had no searchable
// PDF, and a re-ingest said "already archived", so they were never made.
TEST_F(FullDiskTest, ADocumentIsNeverArchivedWithoutItsSearchablePdf) {
  auto truth = Sample("s", "--seed 30 --dossiers 1 --formats pdf");
  const std::string code = truth["dossiers"][0]["code"];
  const fs::path file = SamplePath("s", truth["dossiers"][0]);
  // Room for the original, not for its searchable PDFs as well.
  FillLeaving(fs::file_size(file) + (160 << 10));

  CommandResult full = RunCommand(sohoa_ + " ingest " + Quote(file) + " 2>&1");
  EXPECT_EQ(full.exit_code, 4) << full.out;
  EXPECT_NE(full.out.find("the disk is full"), std::string::npos) << full.out;
  EXPECT_FALSE(Archived(code)) << "not archived without its searchable PDFs";

  Free();
  CommandResult rerun = RunCommand(sohoa_ + " ingest " + Quote(file) + " 2>&1");
  EXPECT_EQ(rerun.exit_code, 0) << rerun.out;
  auto shown = Show(code);
  ASSERT_FALSE(shown.is_null());
  for (const auto& doc : shown["documents"]) EXPECT_EQ(doc["pdf_sha256"].get<std::string>().size(), 64u);
  EXPECT_EQ(RunCommand(sohoa_ + " verify >/dev/null").exit_code, 0);
}

}  // namespace
}  // namespace sohoa
