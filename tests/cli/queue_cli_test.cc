// The job queue as operators run it: `sohoa watch --queue` stores each
// inbox entry in the blob store and queues it, killed between any two steps
// without losing or doubling an entry; `sohoa worker` ingests what is queued
// as `sohoa watch` would, a worker killed holding a job leaves it to the
// next; a job whose file crashes every worker fails with its reason after
// its attempts while the rest is done; `sohoa status` and `sohoa jobs` show
// and mend the queue.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <filesystem>
#include <set>
#include <thread>

#include "tests/test_env.h"

namespace sohoa {
namespace {

namespace fs = std::filesystem;
using testing::CommandResult;
using testing::RunCommand;

std::string Quote(const fs::path& p) { return "'" + p.string() + "'"; }

class QueueCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    home_ = tmp_.path() / "home";
    sohoa_ = testing::Program("sohoa") + " --home " + Quote(home_);
    ASSERT_EQ(RunCommand(sohoa_ + " init >/dev/null").exit_code, 0);
    ASSERT_EQ(testing::GenerateSample(tmp_.path() / "sample", "--seed 31 --dossiers 2 --formats folder,pdf --dpi 200"), 0);
    truth_ = nlohmann::json::parse(testing::ReadFile(tmp_.path() / "sample" / "ground-truth.json"));
    for (const auto& d : truth_["dossiers"]) {
      (d["form"] == "folder" ? folder_ : pdf_) = d;
    }
    ASSERT_FALSE(folder_.is_null() || pdf_.is_null()) << truth_.dump();
  }

  fs::path SamplePath(const nlohmann::json& dossier) { return tmp_.path() / "sample" / dossier["path"].get<std::string>(); }
  void Drop(const nlohmann::json& dossier) {
    fs::copy(SamplePath(dossier), home_ / "inbox" / dossier["path"].get<std::string>(), fs::copy_options::recursive);
  }
  CommandResult Sohoa(const std::string& args, const std::string& env = "") {
    return RunCommand(env + " " + sohoa_ + " " + args + " 2>&1");
  }
  CommandResult WatchQueue(const std::string& env = "", const std::string& flags = "") {
    return Sohoa("watch --queue --once --settle 0.1 " + flags, env);
  }
  CommandResult Worker(const std::string& env = "", const std::string& flags = "") {
    return Sohoa("worker --once --poll 0.1 --retry 0.2 " + flags, env);
  }
  nlohmann::json Json(const std::string& args) {
    CommandResult run = RunCommand(sohoa_ + " " + args + " --json");
    EXPECT_EQ(run.exit_code, 0) << args << ": " << run.out;
    return run.exit_code == 0 ? nlohmann::json::parse(run.out) : nlohmann::json();
  }
  nlohmann::json Jobs(const std::string& state) { return Json("jobs --list " + state); }
  bool IsEmpty(const fs::path& dir) { return !fs::exists(dir) || fs::is_empty(dir); }

  testing::TempDir tmp_;
  fs::path home_;
  std::string sohoa_;
  nlohmann::json truth_, folder_, pdf_;
};

TEST_F(QueueCliTest, WatchQueueQueuesEachEntryOnceEvenWhenKilledBetweenAnyTwoSteps) {
  Drop(folder_);
  Drop(pdf_);
  fs::create_symlink("/etc/passwd", home_ / "inbox" / "mật khẩu");
  const std::string folder = folder_["path"], pdf = pdf_["path"];

  // Killed once the folder's tar is in the blob store, not yet queued;
  // then once it is queued, its claim not yet released.
  CommandResult uploaded = WatchQueue("SOHOA_FAULT=kill:after-upload@" + folder);
  EXPECT_NE(uploaded.exit_code, 0) << uploaded.out;
  EXPECT_FALSE(fs::exists(home_ / "inbox" / folder)) << "claimed into work/";
  CommandResult enqueued = WatchQueue("SOHOA_FAULT=kill:after-enqueue@" + folder);
  EXPECT_NE(enqueued.exit_code, 0) << enqueued.out;
  EXPECT_NE(enqueued.out.find("Resuming the entries a run that stopped had claimed: 1"), std::string::npos)
      << enqueued.out;
  CommandResult finished = WatchQueue();
  EXPECT_EQ(finished.exit_code, 1) << "the link was set aside: " << finished.out;
  EXPECT_NE(finished.out.find("inbox/" + folder + " holds the same bytes as job"), std::string::npos)
      << "queued by the killed run, found again: " << finished.out;

  EXPECT_TRUE(IsEmpty(home_ / "inbox"));
  EXPECT_TRUE(IsEmpty(home_ / "work"));
  EXPECT_TRUE(fs::is_symlink(home_ / "failed" / "mật khẩu"));
  EXPECT_TRUE(fs::exists(home_ / "failed" / "mật khẩu.error.txt"));
  nlohmann::json waiting = Jobs("waiting");
  ASSERT_EQ(waiting.size(), 2u) << waiting.dump();
  std::set<std::string> entries;
  for (const auto& job : waiting) {
    entries.insert(job["entry"].get<std::string>());
    // From the dossier code in the entry's name, when it has one.
    EXPECT_EQ(job["province"], job["entry"] == "inbox/" + folder ? "000.00.00.H32" : "") << job.dump();
    EXPECT_EQ(job["attempts"], 0);
  }
  EXPECT_EQ(entries, (std::set<std::string>{"inbox/" + folder, "inbox/" + pdf}));
  // The queued blobs are referenced: verify finds everything in place and
  // nothing for its repair to take.
  nlohmann::json verified = Json("verify --repair");
  EXPECT_EQ(verified["referenced"], 2) << verified.dump();
  EXPECT_TRUE(verified["problems"].empty()) << verified.dump();

  // The same bytes dropped again are the same job, said in Vietnamese too.
  Drop(pdf_);
  CommandResult again = WatchQueue("", "--lang vi");
  EXPECT_EQ(again.exit_code, 0) << again.out;
  EXPECT_NE(again.out.find("inbox/" + pdf + " trùng nội dung với việc"), std::string::npos) << again.out;
  EXPECT_EQ(Jobs("waiting").size(), 2u);
}

TEST_F(QueueCliTest, AWorkerIngestsQueuedEntriesAsWatchWouldAndAKilledWorkersJobGoesToTheNext) {
  Drop(folder_);
  Drop(pdf_);
  ASSERT_EQ(WatchQueue().exit_code, 0);
  const std::string folder = folder_["path"], pdf = pdf_["path"];
  ASSERT_LT(folder, pdf) << "the folder's job is claimed first";

  // A worker does the folder, then is killed holding the PDF's job before
  // it read a page of it.
  CommandResult killed = Worker("SOHOA_FAULT=kill:after-fetch@" + pdf, "--id may-1 --lease 60 --workers 2");
  EXPECT_NE(killed.exit_code, 0) << killed.out;
  EXPECT_NE(killed.out.find("done inbox/" + folder), std::string::npos) << killed.out;
  nlohmann::json status = Json("status");
  ASSERT_EQ(status["leased"].size(), 1u) << status.dump();
  const nlohmann::json held = status["leased"][0];
  EXPECT_EQ(held["worker"], "may-1");
  EXPECT_EQ(held["entry"], "inbox/" + pdf);
  EXPECT_FALSE(held["lease_ran_out"].get<bool>());
  CommandResult shown = Sohoa("status");
  EXPECT_NE(shown.out.find("Leased:"), std::string::npos) << shown.out;
  EXPECT_NE(shown.out.find("inbox/" + pdf + ": may-1, attempt 1"), std::string::npos) << shown.out;
  EXPECT_EQ(shown.out.find("the lease ran out"), std::string::npos) << shown.out;

  // An operator ends the dead worker's lease rather than wait a minute.
  const std::string id = std::to_string(held["id"].get<int>());
  CommandResult released = Sohoa("jobs --release " + id);
  EXPECT_EQ(released.exit_code, 0) << released.out;
  EXPECT_NE(Sohoa("status").out.find("the lease ran out"), std::string::npos);

  CommandResult worked = Worker("", "--json --workers 2");
  EXPECT_EQ(worked.exit_code, 0) << worked.out;
  std::vector<std::string> done;
  for (std::size_t at = 0, end; (end = worked.out.find('\n', at)) != std::string::npos; at = end + 1) {
    const nlohmann::json line = nlohmann::json::parse(worked.out.substr(at, end - at), nullptr, false);
    if (line.is_object() && line["event"] == "done") done.push_back(line["entry"]);
  }
  EXPECT_EQ(done, std::vector<std::string>{"inbox/" + pdf}) << worked.out;
  EXPECT_TRUE(IsEmpty(home_ / "work" / "jobs")) << "the killed worker's folder is gone too";
  // The folder's tar went with its job; the PDF is its document's source.
  nlohmann::json verified = Json("verify");
  EXPECT_TRUE(verified["ok"].get<bool>()) << verified.dump();
  EXPECT_TRUE(verified["problems"].empty()) << verified.dump();

  status = Json("status");
  EXPECT_EQ(status["totals"]["done_last_hour"], 2) << status.dump();
  EXPECT_EQ(status["totals"]["waiting"], 0);
  EXPECT_EQ(status["by_province"]["000.00.00.H32"]["done_last_hour"], 1) << status.dump();
  EXPECT_EQ(status["by_province"][""]["done_last_hour"], 1) << "a name without a code: no province";
  nlohmann::json jobs = Jobs("done");
  ASSERT_EQ(jobs.size(), 2u);
  for (const auto& job : jobs) {
    if (job["entry"] == "inbox/" + pdf) {
      EXPECT_EQ(job["attempts"], 2) << job.dump();
      EXPECT_NE(job["worker"], "may-1");
    }
    EXPECT_EQ(job["result"]["codes"].size(), 1u) << job.dump();
  }

  // What the worker archived is what sohoa watch archives from the same inbox.
  const fs::path plain = tmp_.path() / "plain";
  const std::string watch = testing::Program("sohoa") + " --home " + Quote(plain);
  ASSERT_EQ(RunCommand(watch + " init >/dev/null").exit_code, 0);
  fs::copy(SamplePath(folder_), plain / "inbox" / folder_["path"].get<std::string>(), fs::copy_options::recursive);
  ASSERT_EQ(RunCommand(watch + " watch --once --settle 0.1 --workers 2 >/dev/null 2>&1").exit_code, 0);
  const std::string code = folder_["code"];
  CommandResult queued_show = RunCommand(sohoa_ + " show " + code + " --json");
  CommandResult plain_show = RunCommand(watch + " show " + code + " --json");
  ASSERT_EQ(queued_show.exit_code, 0) << queued_show.out;
  ASSERT_EQ(plain_show.exit_code, 0) << plain_show.out;
  nlohmann::json from_queue = nlohmann::json::parse(queued_show.out);
  nlohmann::json from_watch = nlohmann::json::parse(plain_show.out);
  for (const char* key : {"procedure_code", "agency_code", "applicant", "received_date", "fields"}) {
    EXPECT_EQ(from_queue[key], from_watch[key]) << key;
  }
  ASSERT_EQ(from_queue["documents"].size(), from_watch["documents"].size());
  for (std::size_t i = 0; i < from_queue["documents"].size(); ++i) {
    for (const char* key : {"kind", "source_sha256", "source_name", "pdf_sha256", "pages"}) {
      EXPECT_EQ(from_queue["documents"][i][key], from_watch["documents"][i][key]) << "document " << i << " " << key;
    }
  }
}

TEST_F(QueueCliTest, AJobWhoseFileCrashesEveryWorkerFailsWithItsReasonAndTheRestIsDone) {
  Drop(folder_);
  Drop(pdf_);
  ASSERT_EQ(WatchQueue("", "--max-attempts 2").exit_code, 0);
  const std::string poison = folder_["path"];
  const std::string fault = "SOHOA_FAULT=crash:after-fetch@" + poison;

  // Workers with a lease of a second, started again after each crash, as a
  // supervisor would; the lease of the dead one runs out before the next.
  int crashes = 0;
  CommandResult run;
  for (int i = 0; i < 6; ++i) {
    run = Worker(fault, "--lease 1 --workers 2");
    if (run.exit_code == 0) break;
    ++crashes;
    std::this_thread::sleep_for(std::chrono::milliseconds(1200));
  }
  EXPECT_EQ(run.exit_code, 0) << run.out;
  EXPECT_EQ(crashes, 2) << "one crash per attempt";

  nlohmann::json status = Json("status");
  EXPECT_EQ(status["totals"]["failed"], 1) << status.dump();
  EXPECT_EQ(status["totals"]["done_last_hour"], 1) << status.dump();
  ASSERT_EQ(status["failed"].size(), 1u);
  const nlohmann::json failed = status["failed"][0];
  EXPECT_EQ(failed["entry"], "inbox/" + poison);
  EXPECT_NE(failed["reason"].get<std::string>().find("its worker stopped 2 times while working on it"),
            std::string::npos)
      << failed.dump();
  CommandResult shown = Sohoa("status");
  EXPECT_NE(shown.out.find("Failed (newest first"), std::string::npos) << shown.out;
  EXPECT_NE(shown.out.find("inbox/" + poison + " (2 attempt(s)): its worker stopped 2 times"), std::string::npos)
      << shown.out;
  EXPECT_NE(shown.out.find("000.00.00.H32"), std::string::npos) << shown.out;
  EXPECT_TRUE(Json("show " + pdf_["code"].get<std::string>()).is_object()) << "the other job was done";

  // Nothing is lost: the failed job keeps its original, and once mended it
  // goes back with all its attempts.
  EXPECT_EQ(Json("verify")["problems"].size(), 0u);
  const std::string id = std::to_string(failed["id"].get<int>());
  CommandResult retried = Sohoa("jobs --retry " + id);
  EXPECT_EQ(retried.exit_code, 0) << retried.out;
  nlohmann::json waiting = Jobs("waiting");
  ASSERT_EQ(waiting.size(), 1u);
  EXPECT_EQ(waiting[0]["attempts"], 0);
}

}  // namespace
}  // namespace sohoa
