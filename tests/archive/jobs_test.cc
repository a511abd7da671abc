// The job queue workers take their work from: claiming in order, one job to
// one worker while its lease runs, leases that run out taken back (and what
// the worker that lost one is told), attempts, backoff, retries, and the
// queue's status per province and kind.
#include "archive/jobs.h"

#include <gtest/gtest.h>

#include <barrier>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <map>
#include <thread>

#include "archive/blob_store.h"
#include "archive/catalog.h"
#include "archive/internal/job_rules.h"
#include "tests/archive/catalog_fixture.h"

namespace sohoa::archive {
namespace {

constexpr const char* kKhanhHoa = "000.00.00.H32";
constexpr const char* kHaNoi = "000.00.00.H01";

// An ISO 8601 UTC time as the catalog writes it, in seconds since 1970.
double Seconds(const std::string& iso) {
  std::tm t{};
  int ms = 0;
  if (std::sscanf(iso.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d.%3dZ", &t.tm_year, &t.tm_mon, &t.tm_mday,
                  &t.tm_hour, &t.tm_min, &t.tm_sec, &ms) != 7) {
    ADD_FAILURE() << "not a catalog time: '" << iso << "'";
    return 0;
  }
  t.tm_year -= 1900;
  t.tm_mon -= 1;
  return static_cast<double>(timegm(&t)) + ms / 1000.0;
}

class JobsTest : public CatalogTest {
 protected:
  JobQueue& queue() { return catalog_->jobs(); }

  Job Add(const std::string& key, const std::string& province = kKhanhHoa,
          const std::string& kind = "ingest", int max_attempts = kDefaultMaxAttempts) {
    auto enqueued =
        queue().Enqueue({kind, key, R"({"name":")" + key + R"("})", province, max_attempts});
    EXPECT_TRUE(enqueued.ok()) << enqueued.status().ToString();
    EXPECT_TRUE(enqueued.ok() && enqueued->added) << key << " was queued already";
    return enqueued.ok() ? enqueued->job : Job{};
  }

  std::optional<Job> Take(const std::string& worker, int lease_seconds = 60,
                          const std::vector<std::string>& kinds = {}) {
    auto claimed = queue().Claim(worker, kinds, lease_seconds);
    EXPECT_TRUE(claimed.ok()) << claimed.status().ToString();
    return claimed.ok() ? *claimed : std::nullopt;
  }

  Job Get(std::int64_t id) {
    auto found = queue().Find(id);
    EXPECT_TRUE(found.ok()) << found.status().ToString();
    EXPECT_TRUE(found.ok() && found->has_value()) << "no job " << id;
    return found.ok() && found->has_value() ? **found : Job{};
  }

  std::vector<std::string> EventsOf(const Job& job) {
    auto events = catalog_->Events(EventFilter{.object = "job:" + std::to_string(job.id)});
    EXPECT_TRUE(events.ok()) << events.status().ToString();
    std::vector<std::string> out;
    if (events.ok()) {
      for (const Event& e : *events) out.push_back(e.type + " " + e.outcome + " by " + e.actor);
    }
    return out;
  }

  std::string Now() {
    auto summary = queue().Summary();
    EXPECT_TRUE(summary.ok()) << summary.status().ToString();
    return summary.ok() ? summary->now : "";
  }
};

TEST_F(JobsTest, JobsAreClaimedOldestFirstEachByOneWorker) {
  const Job a = Add("inbox/a.pdf"), b = Add("inbox/b.pdf"), c = Add("inbox/c.pdf");
  EXPECT_EQ(a.state, JobState::kWaiting);
  EXPECT_EQ(a.attempts, 0);
  EXPECT_EQ(a.payload, R"({"name":"inbox/a.pdf"})");
  EXPECT_FALSE(a.created_at.empty());
  auto waiting = queue().List(JobState::kWaiting, 2);
  ASSERT_TRUE(waiting.ok());
  ASSERT_EQ(waiting->size(), 2u);
  EXPECT_EQ((*waiting)[0].id, a.id);
  EXPECT_EQ((*waiting)[1].id, b.id);

  const std::optional<Job> first = Take("may-1:101");
  ASSERT_TRUE(first.has_value());
  EXPECT_EQ(first->id, a.id);
  EXPECT_EQ(first->state, JobState::kLeased);
  EXPECT_EQ(first->worker, "may-1:101");
  EXPECT_EQ(first->attempts, 1);
  EXPECT_FALSE(first->started_at.empty());
  EXPECT_NEAR(Seconds(first->lease_until) - Seconds(first->started_at), 60, 1);

  const std::optional<Job> second = Take("may-2:202");
  const std::optional<Job> third = Take("may-1:101");
  ASSERT_TRUE(second.has_value() && third.has_value());
  EXPECT_EQ(second->id, b.id);
  EXPECT_EQ(third->id, c.id);
  EXPECT_FALSE(Take("may-2:202").has_value()) << "three jobs, three claims";
  auto leased = queue().List(JobState::kLeased, 10);
  ASSERT_TRUE(leased.ok());
  EXPECT_EQ(leased->size(), 3u);
}

TEST_F(JobsTest, EnqueueingAKeyAgainReturnsTheJobItMadeFirst) {
  const Job first = Add("sha256:ab12");
  auto again = queue().Enqueue({"ingest", "sha256:ab12", R"({"name":"renamed.pdf"})", kHaNoi, 5});
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_FALSE(again->added);
  EXPECT_EQ(again->job.id, first.id);
  EXPECT_EQ(again->job.payload, first.payload) << "the first enqueue's job, unchanged";
  EXPECT_EQ(again->job.province, kKhanhHoa);

  const std::optional<Job> taken = Take("may-1");
  ASSERT_TRUE(taken.has_value());
  ASSERT_TRUE(queue().Complete(taken->lease(), "1 dossier").ok());
  // A watcher retrying after the work is done gets the done job, not new work.
  auto after_done = queue().Enqueue({"ingest", "sha256:ab12", "", kKhanhHoa, 3});
  ASSERT_TRUE(after_done.ok());
  EXPECT_FALSE(after_done->added);
  EXPECT_EQ(after_done->job.id, first.id);
  EXPECT_EQ(after_done->job.state, JobState::kDone);
  EXPECT_FALSE(Take("may-1").has_value());
}

TEST_F(JobsTest, AWorkerTakesOnlyTheKindsItAsksFor) {
  const Job export_job = Add("export:2024-03", kKhanhHoa, "export");
  const Job ingest_job = Add("inbox/a.pdf");
  const std::optional<Job> ingest = Take("may-1", 60, {"ingest"});
  ASSERT_TRUE(ingest.has_value());
  EXPECT_EQ(ingest->id, ingest_job.id);
  EXPECT_FALSE(Take("may-1", 60, {"ingest", "verify"}).has_value());
  const std::optional<Job> any = Take("may-2");
  ASSERT_TRUE(any.has_value());
  EXPECT_EQ(any->id, export_job.id);
}

TEST_F(JobsTest, AJobIsNeverHandedToASecondWorkerWhileItsLeaseRuns) {
  Add("inbox/a.pdf");
  const std::optional<Job> held = Take("may-1", 60);
  ASSERT_TRUE(held.has_value());
  EXPECT_FALSE(Take("may-2").has_value());
  ASSERT_TRUE(queue().Renew(held->lease(), 120).ok());
  EXPECT_GT(Seconds(Get(held->id).lease_until), Seconds(held->lease_until));
  EXPECT_FALSE(Take("may-2").has_value());

  ASSERT_TRUE(
      queue().Complete(held->lease(), R"({"dossiers":["000.31.22.H32-240105-0001"]})").ok());
  const Job done = Get(held->id);
  EXPECT_EQ(done.state, JobState::kDone);
  EXPECT_EQ(done.worker, "may-1");
  EXPECT_EQ(done.result, R"({"dossiers":["000.31.22.H32-240105-0001"]})");
  EXPECT_EQ(done.lease_until, "");
  EXPECT_FALSE(done.finished_at.empty());
  EXPECT_FALSE(Take("may-2").has_value());
}

// A lease of one second, and the real clock: what a worker that died does.
TEST_F(JobsTest, ALeaseThatRanOutIsClaimedAgainAndItsFirstWorkerCanNoLongerFinish) {
  Add("inbox/a.pdf");
  const std::optional<Job> first = Take("may-1:101", 1);
  ASSERT_TRUE(first.has_value());
  std::optional<Job> again;
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (!(again = Take("may-2:202")) && std::chrono::steady_clock::now() < give_up) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ASSERT_TRUE(again.has_value()) << "the lease of one second never ran out";
  EXPECT_EQ(again->id, first->id);
  EXPECT_EQ(again->worker, "may-2:202");
  EXPECT_EQ(again->attempts, 2);
  EXPECT_EQ(again->stopped, 1);

  const Status renewed = queue().Renew(first->lease(), 60);
  EXPECT_EQ(renewed.code(), StatusCode::kFailedPrecondition) << renewed.ToString();
  EXPECT_NE(renewed.message().find("may-2:202 (attempt 2) holds it now"), std::string::npos)
      << renewed.message();
  EXPECT_NE(renewed.message().find("stop working on it"), std::string::npos) << renewed.message();
  EXPECT_EQ(queue().Complete(first->lease(), "stored").code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(queue().Fail(first->lease(), "OCR crashed", true).status().code(),
            StatusCode::kFailedPrecondition);
  EXPECT_EQ(Get(first->id).worker, "may-2:202") << "the lost lease changed nothing";

  ASSERT_TRUE(queue().Complete(again->lease(), "stored").ok());
  const Status late = queue().Complete(first->lease(), "stored");
  EXPECT_EQ(late.code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(late.message().find("it is done, by may-2:202"), std::string::npos) << late.message();
}

// The attempt number fences a lease: the same worker name claiming the job
// again (another thread of one process) does not make the old claim valid.
TEST_F(JobsTest, AnOldClaimOfTheSameWorkerCannotFinishTheNewOne) {
  Add("inbox/a.pdf");
  const std::optional<Job> old_claim = Take("may-1", 60);
  ASSERT_TRUE(old_claim.has_value());
  ASSERT_TRUE(queue().ExpireLease(old_claim->id, "admin").ok());
  const std::optional<Job> new_claim = Take("may-1", 60);
  ASSERT_TRUE(new_claim.has_value());
  EXPECT_EQ(new_claim->attempts, 2);
  EXPECT_EQ(queue().Complete(old_claim->lease(), "").code(), StatusCode::kFailedPrecondition);
  EXPECT_TRUE(queue().Complete(new_claim->lease(), "").ok());
}

// Nobody took the job back: its worker was late, not replaced.
TEST_F(JobsTest, AWorkerWhoseLeaseRanOutMayFinishWhileNoOneTookTheJob) {
  Add("inbox/a.pdf");
  const std::optional<Job> held = Take("may-1", 60);
  ASSERT_TRUE(held.has_value());
  ASSERT_TRUE(queue().ExpireLease(held->id, "admin").ok());
  EXPECT_LE(Seconds(Get(held->id).lease_until), Seconds(Now()));
  EXPECT_TRUE(queue().Renew(held->lease(), 60).ok());
  EXPECT_TRUE(queue().Complete(held->lease(), "").ok());
  EXPECT_EQ(Get(held->id).state, JobState::kDone);
  EXPECT_EQ(EventsOf(*held), std::vector<std::string>{"job-release success by admin"});
}

// The exactly-once effect at the catalog: two workers hold the same job one
// after the other (the first one's lease ran out while it worked), and both
// come to store the dossier it holds. Only the holder's store happens.
TEST_F(JobsTest, AStoreUnderALeaseAnotherWorkerTookStoresNothing) {
  Add("inbox/000.31.22.H32-240105-0001");
  const std::optional<Job> late = Take("may-1:101", 60);
  ASSERT_TRUE(late.has_value());
  ASSERT_TRUE(queue().ExpireLease(late->id, "admin").ok());
  const std::optional<Job> holder = Take("may-2:202", 60);
  ASSERT_TRUE(holder.has_value());

  DossierRecord dossier = MakeDossier("000.31.22.H32-240105-0001", "Nguyễn Văn An", "1.001193",
                                      "Đăng ký khai sinh");
  dossier.documents.push_back(MakeDocument("don", FakeSha('a'), {"Tờ khai đăng ký khai sinh"}));
  dossier.fields.push_back({"citizen_id", "056201000123", 0.9f, "ocr"});
  auto stored = catalog_->StoreDossierUnderLease(dossier, holder->lease());
  ASSERT_TRUE(stored.ok()) << stored.status().ToString();
  EXPECT_EQ(*stored, 1);
  auto before = catalog_->FindDossier(dossier.code);
  ASSERT_TRUE(before.ok() && before->has_value());
  auto events_before = catalog_->Events(EventFilter{.object = dossier.code});
  ASSERT_TRUE(events_before.ok());

  // The late worker's OCR read the page differently: a store would add a
  // field value, reclassify and log an ingestion.
  DossierRecord again = dossier;
  again.procedure_code = "1.000894";
  again.procedure_confidence = 0.95f;
  again.fields[0].value = "056201000124";
  auto refused = catalog_->StoreDossierUnderLease(again, late->lease());
  EXPECT_EQ(refused.status().code(), StatusCode::kFailedPrecondition) << refused.status().ToString();
  EXPECT_NE(refused.status().message().find("may-2:202 (attempt 2) holds it now"), std::string::npos)
      << refused.status().message();

  auto after = catalog_->FindDossier(dossier.code);
  ASSERT_TRUE(after.ok() && after->has_value());
  EXPECT_EQ((*after)->procedure_code, "1.001193");
  ASSERT_EQ((*after)->fields.size(), (*before)->fields.size());
  EXPECT_EQ((*after)->fields[0].value, "056201000123");
  ASSERT_EQ((*after)->documents.size(), 1u);
  auto events_after = catalog_->Events(EventFilter{.object = dossier.code});
  ASSERT_TRUE(events_after.ok());
  EXPECT_EQ(events_after->size(), events_before->size()) << "no second ingestion event";

  // Once done, the job fences every store of it, the holder's included.
  ASSERT_TRUE(queue().Complete(holder->lease(), "{}").ok());
  EXPECT_EQ(catalog_->StoreDossierUnderLease(dossier, holder->lease()).status().code(),
            StatusCode::kFailedPrecondition);
  // A lease that ran out but that no claim took back still holds, as for Renew.
  Add("inbox/000.31.22.H32-240105-0002");
  const std::optional<Job> slow = Take("may-1:101", 60);
  ASSERT_TRUE(slow.has_value());
  ASSERT_TRUE(queue().ExpireLease(slow->id, "admin").ok());
  DossierRecord second = MakeDossier("000.31.22.H32-240105-0002");
  second.documents.push_back(MakeDocument("don", FakeSha('b'), {"Đơn"}));
  EXPECT_TRUE(catalog_->StoreDossierUnderLease(second, slow->lease()).ok());
}

TEST_F(JobsTest, AJobWhoseWorkerStopsOnItEveryTimeFailsAndTheQueueGoesOn) {
  const Job poison = Add("inbox/poison.tif", kKhanhHoa, "ingest", 2);
  const Job next = Add("inbox/next.pdf");
  for (const char* worker : {"may-1", "may-2"}) {
    const std::optional<Job> taken = Take(worker);
    ASSERT_TRUE(taken.has_value());
    ASSERT_EQ(taken->id, poison.id) << worker;
    ASSERT_TRUE(queue().ExpireLease(poison.id, "admin").ok());  // as if the worker had been killed
  }
  const std::optional<Job> third = Take("may-3");
  ASSERT_TRUE(third.has_value());
  EXPECT_EQ(third->id, next.id) << "the poisoned file is not handed out a third time";

  const Job failed = Get(poison.id);
  EXPECT_EQ(failed.state, JobState::kFailed);
  EXPECT_EQ(failed.attempts, 2);
  EXPECT_EQ(failed.stopped, 2);
  EXPECT_EQ(failed.last_error, "its worker stopped 2 times while working on it");
  EXPECT_EQ(failed.worker, "may-2") << "the last worker it stopped";
  EXPECT_EQ(failed.lease_until, "");
  EXPECT_FALSE(failed.finished_at.empty());
  EXPECT_EQ(EventsOf(poison), (std::vector<std::string>{"job-release success by admin",
                                                        "job-release success by admin",
                                                        "job-failed failure by sohoa"}));
}

TEST_F(JobsTest, ARetryableFailureWaitsItsBackoffAndAnotherFailsTheJob) {
  const Job busy = Add("inbox/a.pdf");
  const Job broken = Add("inbox/b.pdf");
  const std::optional<Job> first = Take("may-1");
  ASSERT_TRUE(first.has_value());
  auto state = queue().Fail(first->lease(), "the blob store did not answer", true);
  ASSERT_TRUE(state.ok()) << state.status().ToString();
  EXPECT_EQ(*state, JobState::kWaiting);
  const Job waits = Get(busy.id);
  EXPECT_EQ(waits.state, JobState::kWaiting);
  EXPECT_EQ(waits.attempts, 1);
  EXPECT_EQ(waits.last_error, "the blob store did not answer");
  EXPECT_EQ(waits.lease_until, "");
  EXPECT_NEAR(Seconds(waits.not_before) - Seconds(Now()), JobBackoffSeconds(1), 2);

  // Not claimable at once: the next claim passes it over.
  const std::optional<Job> second = Take("may-1");
  ASSERT_TRUE(second.has_value());
  EXPECT_EQ(second->id, broken.id);
  EXPECT_FALSE(Take("may-2").has_value());

  state = queue().Fail(second->lease(), "not a scan: the PDF holds no page image", false);
  ASSERT_TRUE(state.ok());
  EXPECT_EQ(*state, JobState::kFailed);
  const Job failed = Get(broken.id);
  EXPECT_EQ(failed.state, JobState::kFailed);
  EXPECT_EQ(failed.attempts, 1) << "a failure that is not retryable spends no more attempts";
  EXPECT_EQ(failed.last_error, "not a scan: the PDF holds no page image");
  EXPECT_EQ(EventsOf(broken), std::vector<std::string>{"job-failed failure by sohoa"});
}

TEST_F(JobsTest, TheLastAttemptFailsTheJobEvenWhenRetryable) {
  const Job once = Add("inbox/a.pdf", kKhanhHoa, "ingest", 1);
  const std::optional<Job> taken = Take("may-1");
  ASSERT_TRUE(taken.has_value());
  auto state = queue().Fail(taken->lease(), "the blob store did not answer", true);
  ASSERT_TRUE(state.ok());
  EXPECT_EQ(*state, JobState::kFailed);
  EXPECT_EQ(Get(once.id).state, JobState::kFailed);
}

TEST_F(JobsTest, RetryPutsAJobBackWithAllItsAttempts) {
  const Job job = Add("inbox/a.pdf", kKhanhHoa, "ingest", 1);
  std::optional<Job> taken = Take("may-1");
  ASSERT_TRUE(taken.has_value());
  ASSERT_TRUE(queue().Fail(taken->lease(), "Tesseract ran out of memory", false).ok());
  ASSERT_TRUE(queue().Retry(job.id, "lan").ok());
  const Job back = Get(job.id);
  EXPECT_EQ(back.state, JobState::kWaiting);
  EXPECT_EQ(back.attempts, 0);
  EXPECT_EQ(back.finished_at, "");
  EXPECT_EQ(back.last_error, "Tesseract ran out of memory")
      << "why it failed before stays readable";

  taken = Take("may-2");
  ASSERT_TRUE(taken.has_value());
  EXPECT_EQ(taken->attempts, 1);
  EXPECT_EQ(queue().Retry(job.id, "lan").code(), StatusCode::kFailedPrecondition) << "leased";
  ASSERT_TRUE(queue().Fail(taken->lease(), "the database restarted", true).ok());
  EXPECT_EQ(Get(job.id).state, JobState::kFailed) << "its one attempt is spent";
  ASSERT_TRUE(queue().Retry(job.id, "lan").ok());
  taken = Take("may-2");
  ASSERT_TRUE(taken.has_value());
  ASSERT_TRUE(queue().Complete(taken->lease(), "").ok());
  const Status done = queue().Retry(job.id, "lan");
  EXPECT_EQ(done.code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(done.message().find("is done"), std::string::npos) << done.message();
  EXPECT_EQ(queue().Retry(job.id + 1000, "lan").code(), StatusCode::kNotFound);
  EXPECT_EQ(EventsOf(job),
            (std::vector<std::string>{"job-failed failure by sohoa", "job-retry success by lan",
                                      "job-failed failure by sohoa", "job-retry success by lan"}));
}

TEST_F(JobsTest, RetryLetsAJobWaitingItsBackoffBeClaimedNow) {
  const Job job = Add("inbox/a.pdf");
  const std::optional<Job> taken = Take("may-1");
  ASSERT_TRUE(taken.has_value());
  ASSERT_TRUE(queue().Fail(taken->lease(), "the blob store did not answer", true).ok());
  EXPECT_FALSE(Take("may-1").has_value());
  ASSERT_TRUE(queue().Retry(job.id, "lan").ok());
  const std::optional<Job> now = Take("may-1");
  ASSERT_TRUE(now.has_value());
  EXPECT_EQ(now->id, job.id);
}

TEST_F(JobsTest, TheSummaryCountsTheQueuePerProvinceAndKind) {
  for (const char* key : {"h32/1.pdf", "h32/2.pdf", "h32/3.pdf"}) Add(key, kKhanhHoa);
  Add("h01/1.pdf", kHaNoi);
  Add("h01/2.pdf", kHaNoi);
  Add("h01/export", kHaNoi, "export");
  const std::optional<Job> done = Take("may-1:101");
  const std::optional<Job> leased = Take("may-2:202");
  const std::optional<Job> failed = Take("may-1:101");
  ASSERT_TRUE(done && leased && failed);
  ASSERT_TRUE(queue().Complete(done->lease(), "").ok());
  ASSERT_TRUE(queue().Fail(failed->lease(), "not a scan", false).ok());

  auto summary = queue().Summary();
  ASSERT_TRUE(summary.ok()) << summary.status().ToString();
  const auto counts = [](const JobCounts& c) {
    return std::vector<std::int64_t>{c.waiting, c.leased, c.failed, c.done_last_hour};
  };
  EXPECT_EQ(counts(summary->total), (std::vector<std::int64_t>{3, 1, 1, 1}));
  ASSERT_EQ(summary->by_province.size(), 2u);
  EXPECT_EQ(counts(summary->by_province[kKhanhHoa]), (std::vector<std::int64_t>{0, 1, 1, 1}));
  EXPECT_EQ(counts(summary->by_province[kHaNoi]), (std::vector<std::int64_t>{3, 0, 0, 0}));
  ASSERT_EQ(summary->by_kind.size(), 2u);
  EXPECT_EQ(counts(summary->by_kind["ingest"]), (std::vector<std::int64_t>{2, 1, 1, 1}));
  EXPECT_EQ(counts(summary->by_kind["export"]), (std::vector<std::int64_t>{1, 0, 0, 0}));

  ASSERT_EQ(summary->leased.size(), 1u);
  EXPECT_EQ(summary->leased[0].worker, "may-2:202");
  EXPECT_GT(Seconds(summary->leased[0].lease_until), Seconds(summary->now));
  ASSERT_EQ(summary->recent_failures.size(), 1u);
  EXPECT_EQ(summary->recent_failures[0].id, failed->id);
  EXPECT_EQ(summary->recent_failures[0].last_error, "not a scan");

  ASSERT_EQ(summary->done_per_hour.size(), 24u);
  std::int64_t done_in_a_day = 0;
  for (std::size_t i = 0; i < summary->done_per_hour.size(); ++i) {
    done_in_a_day += summary->done_per_hour[i].done;
    if (i > 0) {
      EXPECT_EQ(Seconds(summary->done_per_hour[i].start.substr(0, 19) + ".000Z") -
                    Seconds(summary->done_per_hour[i - 1].start.substr(0, 19) + ".000Z"),
                3600);
    }
  }
  EXPECT_EQ(done_in_a_day, 1);
  EXPECT_EQ(summary->done_per_hour.back().start.substr(0, 13), summary->now.substr(0, 13));
}

TEST_F(JobsTest, RefusesWhatItCannotQueueSayingWhy) {
  EXPECT_EQ(queue().Enqueue({"", "k", "", "", 3}).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(queue().Enqueue({"ingest", "", "", "", 3}).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(queue().Enqueue({"ingest", "k", "", "", 0}).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(queue().Claim("", {}, 60).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(queue().Claim("may-1", {}, 0).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(queue().Claim("may-1", {}, kMaxLeaseSeconds + 1).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(queue().List(JobState::kWaiting, 0).status().code(), StatusCode::kInvalidArgument);

  const Job job = Add("inbox/a.pdf");
  const Status not_leased = queue().ExpireLease(job.id, "admin");
  EXPECT_EQ(not_leased.code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(not_leased.message().find("has no lease"), std::string::npos) << not_leased.message();
  EXPECT_EQ(queue().ExpireLease(job.id + 1000, "admin").code(), StatusCode::kNotFound);
  EXPECT_EQ(queue().Renew({job.id + 1000, "may-1", 1}, 60).code(), StatusCode::kNotFound);
  const std::optional<Job> taken = Take("may-1");
  ASSERT_TRUE(taken.has_value());
  EXPECT_EQ(queue().Fail(taken->lease(), "", false).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(Get(job.id).state, JobState::kLeased);
}

TEST_F(JobsTest, AJobKeepsTheBlobItCarriesInLowerCaseAndRefusesOneThatIsNoAddress) {
  const std::string sha = Sha256OfBytes("a queued scan");
  std::string upper = sha;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  auto enqueued = queue().Enqueue({"ingest", "ingest:" + sha, "{}", kKhanhHoa, 3, upper});
  ASSERT_TRUE(enqueued.ok()) << enqueued.status().ToString();
  EXPECT_EQ(enqueued->job.blob, sha);
  EXPECT_EQ(Get(enqueued->job.id).blob, sha);
  const std::optional<Job> taken = Take("may-1");
  ASSERT_TRUE(taken.has_value());
  EXPECT_EQ(taken->blob, sha);
  EXPECT_EQ(Add("inbox/no-blob.pdf").blob, "");

  const Status refused = queue().Enqueue({"ingest", "k", "", "", 3, "../../etc/passwd"}).status();
  EXPECT_EQ(refused.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(refused.message().find("sha256"), std::string::npos) << refused.message();
}

// Workers claiming at the same moment, each with its own catalog on one
// database, as `sohoa worker` processes on several machines do.
class JobsAtOnceTest : public ::testing::Test {
 protected:
  static constexpr int kJobs = 200;
  static constexpr int kWorkers = 4;

  void SetUp() override {
    home_.root = dir_.path() / "home";
    ASSERT_TRUE(InitHome(home_).ok());
    std::string url;
    if (OnPostgres()) {
      auto& shared = TestCluster::Get();
      if (!shared.cluster) GTEST_SKIP() << shared.why;
      auto made = shared.FreshDatabase();
      ASSERT_TRUE(made.ok()) << made.status().ToString();
      url = *made;
    }
    for (int i = 0; i < kWorkers; ++i) {
      auto opened = OnPostgres() ? postgres::OpenPgCatalog(url, "the test database")
                                 : Catalog::Open(home_.catalog(), false);
      ASSERT_TRUE(opened.ok()) << opened.status().ToString();
      catalogs_.push_back(std::move(opened).value());
    }
    for (int i = 0; i < kJobs; ++i) {
      auto enqueued = catalogs_.front()->jobs().Enqueue(
          {"ingest", "inbox/" + std::to_string(i) + ".pdf", "", i % 2 ? kKhanhHoa : kHaNoi, 3});
      ASSERT_TRUE(enqueued.ok()) << enqueued.status().ToString();
    }
  }

  testing::TempDir dir_;
  HomeLayout home_;
  std::vector<std::unique_ptr<Catalog>> catalogs_;
};

TEST_F(JobsAtOnceTest, ManyWorkersClaimingAtOnceTakeEachJobExactlyOnce) {
  std::vector<std::vector<std::int64_t>> taken(kWorkers);
  std::vector<Status> outcomes(kWorkers);
  std::barrier together(kWorkers);
  std::vector<std::thread> threads;
  for (int w = 0; w < kWorkers; ++w) {
    threads.emplace_back([&, w] {
      JobQueue& queue = catalogs_[static_cast<std::size_t>(w)]->jobs();
      const std::string worker = "may-" + std::to_string(w);
      together.arrive_and_wait();
      while (true) {
        auto claimed = queue.Claim(worker, {"ingest"}, 300);
        if (!claimed.ok()) {
          outcomes[static_cast<std::size_t>(w)] = claimed.status();
          return;
        }
        if (!claimed->has_value()) return;
        taken[static_cast<std::size_t>(w)].push_back((*claimed)->id);
        // The work, outside any transaction: without it one SQLite worker
        // takes the write lock back before the others' busy handlers look.
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
        Status done = queue.Complete((*claimed)->lease(), worker);
        if (!done.ok()) {
          outcomes[static_cast<std::size_t>(w)] = done;
          return;
        }
      }
    });
  }
  for (std::thread& t : threads) t.join();
  for (const Status& outcome : outcomes) EXPECT_TRUE(outcome.ok()) << outcome.ToString();

  std::map<std::int64_t, int> claims;
  for (const auto& ids : taken) {
    for (std::int64_t id : ids) ++claims[id];
  }
  EXPECT_EQ(claims.size(), static_cast<std::size_t>(kJobs));
  for (const auto& [id, times] : claims) EXPECT_EQ(times, 1) << "job " << id;
  int workers_that_worked = 0;
  for (const auto& ids : taken) workers_that_worked += ids.empty() ? 0 : 1;
  EXPECT_GT(workers_that_worked, 1) << "the claims did not run at once";

  auto summary = catalogs_.front()->jobs().Summary();
  ASSERT_TRUE(summary.ok()) << summary.status().ToString();
  EXPECT_EQ(summary->total.done_last_hour, kJobs);
  EXPECT_EQ(summary->total.waiting + summary->total.leased + summary->total.failed, 0);
  auto done = catalogs_.front()->jobs().List(JobState::kDone, kJobs + 1);
  ASSERT_TRUE(done.ok());
  ASSERT_EQ(done->size(), static_cast<std::size_t>(kJobs));
  for (const Job& job : *done) EXPECT_EQ(job.attempts, 1) << "job " << job.id;
}

// Arithmetic, not a catalog: it runs once (tests/CMakeLists.txt).
TEST(JobRulesTest, ABackoffGrowsFourfoldFromHalfAMinuteToAnHour) {
  EXPECT_EQ(JobBackoffSeconds(1), 30);
  EXPECT_EQ(JobBackoffSeconds(2), 120);
  EXPECT_EQ(JobBackoffSeconds(3), 480);
  EXPECT_EQ(JobBackoffSeconds(4), 1920);
  EXPECT_EQ(JobBackoffSeconds(5), 3600);
  EXPECT_EQ(JobBackoffSeconds(1000), 3600);
}

TEST(JobRulesTest, TheLastDayOfHoursCrossesMidnightAndTheMonth) {
  const auto hours = internal::LastDayByHour("2024-03-01T05:12:33.456Z",
                                             {{"2024-02-29T07", 4}, {"2024-03-01T05", 1}});
  ASSERT_EQ(hours.size(), 24u);
  EXPECT_EQ(hours.front().start, "2024-02-29T06:00:00Z");
  EXPECT_EQ(hours[1].start, "2024-02-29T07:00:00Z");
  EXPECT_EQ(hours[1].done, 4);
  EXPECT_EQ(hours.back().start, "2024-03-01T05:00:00Z");
  EXPECT_EQ(hours.back().done, 1);
}

}  // namespace
}  // namespace sohoa::archive
