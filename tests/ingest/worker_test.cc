// Queue workers in-process, on both catalogs: an entry queued by the inbox
// queue is ingested by a worker as the watcher would; and the race the job
// queue's exactly-once effect is about, forced: worker A is about to store
// a dossier when its lease is ended and worker B takes the job, ingests and
// stores the same dossier and finishes; then A stores too. The catalog must
// hold what B's store made and nothing of A's.
#include "ingest/worker.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <memory>

#include "archive/catalog.h"
#include "archive/storage.h"
#include "ingest/inbox_queue.h"
#include "ingest/job_payload.h"
#include "tests/postgres_cluster.h"
#include "tests/test_env.h"
#include "tools/gen/generator.h"

namespace sohoa::ingest {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

// The process's throwaway PostgreSQL cluster, started on first need.
testing::PostgresCluster* Cluster(std::string& why) {
  static std::string failure;
  static std::unique_ptr<testing::PostgresCluster> cluster = testing::PostgresCluster::Start(&failure);
  why = failure;
  return cluster.get();
}

// What a dossier looks like in the catalog, to compare two moments.
struct Snapshot {
  std::string procedure_code, applicant;
  std::vector<std::string> documents;  // kind, source, pdf, pages
  std::vector<std::string> pages;      // document/page: source page, confidence, text
  std::vector<std::string> fields;     // name=value (source)
  std::vector<std::string> events;     // type: detail
  std::vector<std::string> blobs;      // every referenced blob of the catalog
  bool operator==(const Snapshot&) const = default;
};

void PrintTo(const Snapshot& s, std::ostream* os) {
  *os << "\n  procedure " << s.procedure_code << ", applicant " << s.applicant;
  for (const auto* list : {&s.documents, &s.pages, &s.fields, &s.events, &s.blobs}) {
    for (const std::string& line : *list) *os << "\n  " << line.substr(0, 120);
  }
}

class WorkerTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    home_.root = dir_.path() / "home";
    ASSERT_TRUE(archive::InitHome(home_).ok());
    if (GetParam() == "postgresql") {
      std::string why;
      testing::PostgresCluster* cluster = Cluster(why);
      if (cluster == nullptr) GTEST_SKIP() << why;
      static std::atomic<int> databases{0};
      const std::string name = "worker_" + std::to_string(::getpid()) + "_" + std::to_string(++databases);
      testing::CommandResult made =
          testing::RunCommand("psql -q '" + cluster->UrlOf("postgres") + "' -c 'CREATE DATABASE " + name + "' 2>&1");
      ASSERT_EQ(made.exit_code, 0) << made.out;
      ASSERT_TRUE(archive::WriteStorageSettings(home_, {cluster->UrlOf(name), ""}).ok());
    }
    auto catalog = archive::OpenCatalog(home_, /*create=*/true);
    ASSERT_TRUE(catalog.ok()) << catalog.status().ToString();
    catalog_ = std::move(catalog).value();

    gen::Options options;
    options.seed = 23;
    options.dossiers = 2;
    options.dpis = {200};
    options.forms = {gen::Form::kFolder, gen::Form::kPdf};
    auto truth = gen::Generate(options, dir_.path() / "corpus");
    ASSERT_TRUE(truth.ok()) << truth.status().ToString();
    truth_ = std::move(truth).value();
    worker_options_.lease_seconds = 60;
    worker_options_.once = true;
    worker_options_.ingest.workers = 2;
  }

  // Drops the first `count` generated dossiers into the inbox and queues them.
  void Queue(std::size_t count) {
    for (std::size_t i = 0; i < count; ++i) {
      const gen::DossierTruth& d = truth_.dossiers[i];
      fs::copy(dir_.path() / "corpus" / d.path, home_.inbox() / d.path, fs::copy_options::recursive);
    }
    QueueOptions options;
    options.settle = 0ms;
    auto queue = InboxQueue::Start(home_, options, nullptr);
    ASSERT_TRUE(queue.ok()) << queue.status().ToString();
    ASSERT_TRUE((*queue)->RunOnce().ok());
    ASSERT_EQ((*queue)->queued(), static_cast<int>(count));
  }

  std::unique_ptr<Worker> StartWorker(const std::string& id, WorkerOptions options) {
    options.id = id;
    auto started = Worker::Start(home_, options, nullptr);
    EXPECT_TRUE(started.ok()) << started.status().ToString();
    return started.ok() ? std::move(started).value() : nullptr;
  }

  Snapshot Take(const std::string& code) {
    Snapshot s;
    auto dossier = catalog_->FindDossier(code);
    EXPECT_TRUE(dossier.ok() && dossier->has_value()) << code;
    if (!dossier.ok() || !dossier->has_value()) return s;
    const DossierRecord& d = **dossier;
    s.procedure_code = d.procedure_code;
    s.applicant = d.applicant;
    for (std::size_t i = 0; i < d.documents.size(); ++i) {
      const DocumentRecord& doc = d.documents[i];
      s.documents.push_back(doc.kind + " " + doc.source_sha256 + " " + doc.pdf_sha256 + " " +
                            std::to_string(doc.pages.size()));
      for (const PageRecord& page : doc.pages) {
        s.pages.push_back(std::to_string(i) + "/" + std::to_string(page.number) + ": " +
                          std::to_string(page.source_page) + " " + std::to_string(page.confidence) + " " + page.text);
      }
    }
    for (const FieldValue& f : d.fields) s.fields.push_back(f.name + "=" + f.value + " (" + f.source + ")");
    auto events = catalog_->Events(archive::EventFilter{.object = code});
    EXPECT_TRUE(events.ok());
    if (events.ok()) {
      for (const archive::Event& e : *events) s.events.push_back(e.type + ": " + e.detail);
    }
    auto blobs = catalog_->ReferencedBlobs();
    EXPECT_TRUE(blobs.ok());
    if (blobs.ok()) s.blobs = *blobs;
    return s;
  }

  testing::TempDir dir_;
  archive::HomeLayout home_;
  std::unique_ptr<archive::Catalog> catalog_;
  gen::GroundTruth truth_;
  WorkerOptions worker_options_;
};

TEST_P(WorkerTest, QueuedFileAndFolderAreIngestedAndTheirJobsDone) {
  Queue(truth_.dossiers.size());
  auto worker = StartWorker("may-1:1:aaaaaa", worker_options_);
  ASSERT_NE(worker, nullptr);
  std::atomic<bool> stop{false};
  ASSERT_TRUE(worker->Run(stop).ok());
  EXPECT_EQ(worker->done(), 2);
  EXPECT_EQ(worker->failed(), 0);
  for (const gen::DossierTruth& d : truth_.dossiers) {
    auto found = catalog_->FindDossier(d.code);
    ASSERT_TRUE(found.ok() && found->has_value()) << d.code << " (" << d.form << ")";
    EXPECT_EQ((*found)->documents.size(), d.documents.size()) << d.code;
  }
  auto done = catalog_->jobs().List(archive::JobState::kDone, 10);
  ASSERT_TRUE(done.ok());
  ASSERT_EQ(done->size(), 2u);
  for (const archive::Job& job : *done) {
    EXPECT_EQ(job.worker, "may-1:1:aaaaaa");
    EXPECT_NE(job.result.find("\"codes\":[\"000."), std::string::npos) << job.result;
  }
  worker.reset();
  EXPECT_TRUE(fs::is_empty(home_.work() / "jobs")) << "the worker's folders are gone";
}

TEST_P(WorkerTest, ADossierStoredByALateWorkerAfterTheJobsHolderIsStoredOnce) {
  Queue(1);
  // Worker A claims the first job, as a worker does, and works on it.
  auto claimed = catalog_->jobs().Claim("worker-a", {kIngestJobKind}, 60);
  ASSERT_TRUE(claimed.ok() && claimed->has_value()) << claimed.status().ToString();
  const archive::Job job = **claimed;
  auto payload = ParseIngestJobPayload(job.payload);
  ASSERT_TRUE(payload.ok()) << job.payload;
  auto of_job = std::find_if(truth_.dossiers.begin(), truth_.dossiers.end(),
                             [&](const gen::DossierTruth& d) { return d.path == payload->name; });
  ASSERT_NE(of_job, truth_.dossiers.end()) << job.payload;
  const gen::DossierTruth& truth = *of_job;

  // Right before A stores the dossier, its lease is ended (as if it had
  // hung past it) and worker B takes the job, does it all and finishes.
  Snapshot after_b;
  int hooks = 0;
  WorkerOptions a_options = worker_options_;
  a_options.ingest.before_store = [&](const std::string& code) {
    if (hooks++ > 0) return;
    ASSERT_EQ(code, truth.code);
    ASSERT_TRUE(catalog_->jobs().ExpireLease(job.id, "test").ok());
    auto b = StartWorker("worker-b", worker_options_);
    ASSERT_NE(b, nullptr);
    auto b_job = catalog_->jobs().Claim("worker-b", {kIngestJobKind}, 60);
    ASSERT_TRUE(b_job.ok() && b_job->has_value());
    ASSERT_EQ((*b_job)->id, job.id) << "B took A's job back";
    auto b_state = b->Work(**b_job);
    ASSERT_TRUE(b_state.ok()) << b_state.status().ToString();
    ASSERT_EQ(*b_state, archive::JobState::kDone);
    after_b = Take(truth.code);
  };
  auto a = StartWorker("worker-a", a_options);
  ASSERT_NE(a, nullptr);
  auto a_state = a->Work(job);
  ASSERT_TRUE(a_state.ok()) << a_state.status().ToString();
  ASSERT_EQ(hooks, 1) << "A reached its store";

  EXPECT_EQ(*a_state, archive::JobState::kLeased) << "A leaves the job to B";
  EXPECT_EQ(a->lost(), 1);
  EXPECT_EQ(a->done(), 0);
  auto found = catalog_->jobs().Find(job.id);
  ASSERT_TRUE(found.ok() && found->has_value());
  EXPECT_EQ((*found)->state, archive::JobState::kDone);
  EXPECT_EQ((*found)->worker, "worker-b");

  const Snapshot now = Take(truth.code);
  EXPECT_EQ(now, after_b) << "A's late store added nothing";
  EXPECT_EQ(now.documents.size(), truth.documents.size());
  EXPECT_EQ(std::count_if(now.events.begin(), now.events.end(),
                          [](const std::string& e) { return e.rfind("ingestion:", 0) == 0; }),
            1)
      << "stored once";
}

INSTANTIATE_TEST_SUITE_P(Catalogs, WorkerTest, ::testing::Values("sqlite", "postgresql"),
                         [](const ::testing::TestParamInfo<std::string>& param) { return param.param; });

}  // namespace
}  // namespace sohoa::ingest
