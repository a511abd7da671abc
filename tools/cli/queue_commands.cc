// sohoa status (the job queue at a glance: waiting, leased and by whom,
// failed and why, done per hour, per province) and sohoa jobs (an
// operator's list, retry and release of jobs). The queue is the catalog's
// (archive/jobs.h).
#include <cstdio>
#include <iostream>

#include "archive/jobs.h"
#include "ingest/job_payload.h"
#include "schema/messages.h"
#include "tools/cli/common.h"

namespace sohoa::cli {
namespace {

struct JobsArgs {
  std::string list;
  std::int64_t retry = 0;
  std::int64_t release = 0;
  int limit = 50;
  std::string actor;
};

// The entry a job holds, as staff know it ("inbox/hồ sơ 7"); its key else.
std::string EntryOf(const archive::Job& job) {
  if (job.kind == ingest::kIngestJobKind) {
    auto payload = ingest::ParseIngestJobPayload(job.payload);
    if (payload.ok()) return "inbox/" + payload->name;
  }
  return job.dedup_key;
}

// A lease whose end is past: its worker stopped, the next claim takes it back.
bool RanOut(const archive::Job& job, const std::string& now) {
  return !job.lease_until.empty() && job.lease_until <= now;
}

nlohmann::json CountsJson(const archive::JobCounts& c) {
  return {{"waiting", c.waiting}, {"leased", c.leased}, {"failed", c.failed}, {"done_last_hour", c.done_last_hour}};
}

nlohmann::json JobJson(const archive::Job& job, const std::string& now) {
  nlohmann::json j{{"id", job.id},         {"kind", job.kind},         {"entry", EntryOf(job)},
                   {"state", archive::JobStateName(job.state)},       {"province", job.province},
                   {"attempts", job.attempts}, {"max_attempts", job.max_attempts}, {"stopped", job.stopped},
                   {"worker", job.worker},  {"created_at", job.created_at}};
  if (!job.blob.empty()) j["blob"] = job.blob;
  if (!job.lease_until.empty()) {
    j["lease_until"] = job.lease_until;
    j["lease_ran_out"] = RanOut(job, now);
  }
  if (!job.not_before.empty() && job.state == archive::JobState::kWaiting) j["not_before"] = job.not_before;
  if (!job.last_error.empty()) j["reason"] = job.last_error;
  if (!job.started_at.empty()) j["started_at"] = job.started_at;
  if (!job.finished_at.empty()) j["finished_at"] = job.finished_at;
  if (!job.result.empty()) {
    const nlohmann::json result = nlohmann::json::parse(job.result, nullptr, false);
    j["result"] = result.is_discarded() ? nlohmann::json(job.result) : result;
  }
  return j;
}

std::string Dump(const nlohmann::json& j) {
  return j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string Right(std::int64_t n, std::size_t width) { return Column(std::to_string(n), width, true); }

int RunStatus(const GlobalOptions& options) {
  auto catalog = OpenCatalog(options);
  if (!catalog.ok()) return Fail(catalog.status());
  auto summary = (*catalog)->jobs().Summary();
  if (!summary.ok()) return Fail(summary.status());
  const archive::JobSummary& s = *summary;
  if (options.json) {
    nlohmann::json out{{"now", s.now}, {"totals", CountsJson(s.total)}};
    out["by_province"] = nlohmann::json::object();
    for (const auto& [province, counts] : s.by_province) out["by_province"][province] = CountsJson(counts);
    out["by_kind"] = nlohmann::json::object();
    for (const auto& [kind, counts] : s.by_kind) out["by_kind"][kind] = CountsJson(counts);
    out["leased"] = nlohmann::json::array();
    for (const archive::Job& job : s.leased) out["leased"].push_back(JobJson(job, s.now));
    out["failed"] = nlohmann::json::array();
    for (const archive::Job& job : s.recent_failures) out["failed"].push_back(JobJson(job, s.now));
    out["done_per_hour"] = nlohmann::json::array();
    for (const auto& hour : s.done_per_hour) out["done_per_hour"].push_back({{"start", hour.start}, {"done", hour.done}});
    std::cout << Dump(out) << "\n";
    return kExitOk;
  }
  std::int64_t done_in_a_day = 0;
  for (const auto& hour : s.done_per_hour) done_in_a_day += hour.done;
  if (s.by_kind.empty() && done_in_a_day == 0) {
    std::cout << Text(Msg::kStatusEmpty) << "\n";
    return kExitOk;
  }
  std::cout << Text(Msg::kStatusTotals, {std::to_string(s.total.waiting), std::to_string(s.total.leased),
                                         std::to_string(s.total.failed), std::to_string(s.total.done_last_hour),
                                         s.now})
            << "\n";
  if (!s.leased.empty()) {
    std::cout << "\n" << Text(Msg::kStatusLeased) << "\n";
    for (const archive::Job& job : s.leased) {
      std::cout << "  "
                << ForTerminal(Text(Msg::kStatusLeaseLine, {std::to_string(job.id), EntryOf(job), job.worker,
                                                            std::to_string(job.attempts), job.lease_until}),
                               false);
      if (RanOut(job, s.now)) std::cout << "  ! " << Text(Msg::kStatusLeaseRanOut);
      std::cout << "\n";
    }
  }
  if (!s.recent_failures.empty()) {
    std::cout << "\n" << Text(Msg::kStatusFailed) << "\n";
    for (const archive::Job& job : s.recent_failures) {
      std::cout << "  "
                << ForTerminal(Text(Msg::kStatusFailedLine, {std::to_string(job.id), EntryOf(job),
                                                             std::to_string(job.attempts), job.last_error}),
                               false)
                << "\n";
    }
  }
  std::int64_t most = 1;
  for (const auto& hour : s.done_per_hour) most = std::max(most, hour.done);
  // The hours in which something was done (all 24 in the JSON).
  if (done_in_a_day > 0) std::cout << "\n" << Text(Msg::kStatusDonePerHour) << "\n";
  for (const auto& hour : s.done_per_hour) {
    if (hour.done == 0) continue;
    // 2024-03-15T08:00:00Z -> "03-15 08:00", and a bar scaled to the busiest hour.
    const std::string when = hour.start.size() >= 16 ? hour.start.substr(5, 5) + " " + hour.start.substr(11, 5) : hour.start;
    std::cout << "  " << when << " " << Right(hour.done, 6) << "  "
              << std::string(static_cast<std::size_t>(hour.done * 40 / most), '#') << "\n";
  }
  std::cout << "\n" << Text(Msg::kStatusPerProvince) << "\n  " << Text(Msg::kStatusProvinceHeader) << "\n";
  for (const auto& [province, c] : s.by_province) {
    std::cout << "  " << Column(province.empty() ? Text(Msg::kStatusProvinceUnknown) : province, 15) << " "
              << Right(c.waiting, 7) << " " << Right(c.leased, 7) << " " << Right(c.failed, 7) << " "
              << Right(c.done_last_hour, 7) << "\n";
  }
  return kExitOk;
}

int RunJobs(const GlobalOptions& options, const JobsArgs& args) {
  auto catalog = OpenCatalog(options);
  if (!catalog.ok()) return Fail(catalog.status());
  archive::JobQueue& queue = (*catalog)->jobs();
  const std::string actor = UserOrEnv(args.actor);
  if (args.retry > 0) {
    if (Status s = queue.Retry(args.retry, actor); !s.ok()) return Fail(s);
    if (!options.json) std::cout << Text(Msg::kJobsRetried, {std::to_string(args.retry)}) << "\n";
  }
  if (args.release > 0) {
    if (Status s = queue.ExpireLease(args.release, actor); !s.ok()) return Fail(s);
    if (!options.json) std::cout << Text(Msg::kJobsReleased, {std::to_string(args.release)}) << "\n";
  }
  std::vector<std::int64_t> shown;
  if (args.retry > 0) shown.push_back(args.retry);
  if (args.release > 0) shown.push_back(args.release);
  if (options.json && !shown.empty()) {
    nlohmann::json out = nlohmann::json::array();
    for (std::int64_t id : shown) {
      auto job = queue.Find(id);
      if (job.ok() && job->has_value()) out.push_back(JobJson(**job, ""));
    }
    if (args.list.empty()) std::cout << Dump(out) << "\n";
  }
  if (args.list.empty()) return kExitOk;
  const std::optional<archive::JobState> state = archive::ParseJobState(args.list);
  if (!state) return Fail(InvalidArgument("'" + args.list + "' is not a job state: waiting, leased, done or failed"));
  auto jobs = queue.List(*state, args.limit);
  if (!jobs.ok()) return Fail(jobs.status());
  auto summary = queue.Summary();
  const std::string now = summary.ok() ? summary->now : "";
  if (options.json) {
    nlohmann::json out = nlohmann::json::array();
    for (const archive::Job& job : *jobs) out.push_back(JobJson(job, now));
    std::cout << Dump(out) << "\n";
    return kExitOk;
  }
  if (jobs->empty()) {
    std::cout << Text(Msg::kJobsNone, {args.list}) << "\n";
    return kExitOk;
  }
  for (const archive::Job& job : *jobs) {
    std::string what;
    switch (job.state) {
      case archive::JobState::kWaiting:
        what = job.last_error.empty() ? job.created_at : job.last_error + " (not before " + job.not_before + ")";
        break;
      case archive::JobState::kLeased:
        what = job.worker + ", " + job.lease_until;
        if (RanOut(job, now)) what += "  ! " + Text(Msg::kStatusLeaseRanOut);
        break;
      case archive::JobState::kDone:
        what = job.finished_at + " " + job.result;
        break;
      case archive::JobState::kFailed:
        what = job.last_error;
        break;
    }
    std::cout << ForTerminal(Text(Msg::kJobsLine, {std::to_string(job.id), std::string(archive::JobStateName(job.state)),
                                                   EntryOf(job), what}),
                             false)
              << "\n";
  }
  return kExitOk;
}

}  // namespace

void AddQueueCommands(CLI::App& app, GlobalOptions& options) {
  auto* status = app.add_subcommand(
      "status",
      "The job queue of 'sohoa watch --queue' and 'sohoa worker': jobs waiting, leased (by which worker,\n"
      "until when; a lease already run out is flagged: its worker stopped), failed with their reasons,\n"
      "done per hour over the last day, and per province.");
  AddJsonFlag(*status, options);
  status->callback([&options] { options.action = [&options] { return RunStatus(options); }; });

  auto args = std::make_shared<JobsArgs>();
  auto* jobs = app.add_subcommand(
      "jobs",
      "For operators: list the queue's jobs in one state, put a failed job back (--retry: it gets all its\n"
      "attempts again, once what made it fail is mended), or end the lease of a job whose worker hangs\n"
      "(--release: the next worker takes it, and the hung one's late work is refused).");
  jobs->add_option("--list", args->list, "Jobs in this state: waiting, leased, done or failed")
      ->check(CLI::IsMember({"waiting", "leased", "done", "failed"}));
  jobs->add_option("--retry", args->retry, "Put job ID back in the queue")->check(CLI::PositiveNumber);
  jobs->add_option("--release", args->release, "End job ID's lease now")->check(CLI::PositiveNumber);
  jobs->add_option("--limit", args->limit, "At most this many jobs listed (default 50)")->check(CLI::Range(1, 100000));
  jobs->add_option("--actor", args->actor, "Who does it, for the event log (default $USER)");
  AddJsonFlag(*jobs, options);
  jobs->callback([&options, args] {
    if (args->list.empty() && args->retry == 0 && args->release == 0) args->list = "failed";
    options.action = [&options, args] { return RunJobs(options, *args); };
  });
}

}  // namespace sohoa::cli
