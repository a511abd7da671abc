#include "ocr/engine_pool.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <exception>
#include <mutex>
#include <optional>
#include <system_error>
#include <thread>
#include <vector>

#include "ocr/searchable_pdf.h"
#include "ocr/tesseract_engine.h"

namespace sohoa::ocr {

bool OpenMpLimitedToOneThread() {
  const char* limit = std::getenv("OMP_THREAD_LIMIT");
  return limit != nullptr && std::strcmp(limit, "1") == 0;
}

struct EnginePool::Impl {
  struct Job {
    PageImage page;
    PageLoader load;  // when set, the page is decoded by the worker
    std::optional<RecognizedPage> known;  // recognised before: encode the image only
    std::promise<Result<RecognizedPage>> done;
  };

  EngineOptions options;
  int worker_count = 0;
  std::atomic<int> engines_created{0};

  std::mutex mutex;
  std::condition_variable wake;
  std::deque<Job> queue;
  bool stopping = false;
  std::vector<std::thread> threads;

  // Recognises a page and, when asked, encodes its original image for the
  // searchable PDF here on the worker, where the cores are.
  Result<RecognizedPage> Serve(TesseractEngine& engine, const PageImage& page) {
    SOHOA_ASSIGN_OR_RETURN(RecognizedPage out, engine.Recognize(page));
    if (options.encode_images && !page.has_text_layer) {
      Result<EncodedImage> image = EncodeForPdf(page);
      if (!image.ok()) return image.status().WithContext("encoding the page for its PDF");
      out.image = std::move(image).value();
    }
    return out;
  }

  Result<RecognizedPage> EncodeOnly(RecognizedPage known, const PageImage& page) {
    if (options.encode_images && !page.has_text_layer) {
      Result<EncodedImage> image = EncodeForPdf(page);
      if (!image.ok()) return image.status().WithContext("encoding the page for its PDF");
      known.image = std::move(image).value();
    }
    return known;
  }

  // Creates this worker's engine, says whether that worked, then serves the
  // queue until the pool stops and the queue is empty.
  void Work(std::promise<Status> started) {
    Result<std::unique_ptr<TesseractEngine>> engine = TesseractEngine::Create(options);
    if (!engine.ok()) {
      started.set_value(engine.status());
      return;
    }
    engines_created.fetch_add(1);
    started.set_value(Status::Ok());
    for (;;) {
      Job job;
      {
        std::unique_lock lock(mutex);
        wake.wait(lock, [&] { return stopping || !queue.empty(); });
        if (queue.empty()) return;  // stopping, and nothing left to do
        job = std::move(queue.front());
        queue.pop_front();
      }
      try {
        if (job.load) {
          Result<PageImage> page = job.load();
          if (!page.ok()) {
            job.done.set_value(page.status());
            continue;
          }
          job.page = std::move(page).value();
        }
        if (job.known) {
          job.done.set_value(EncodeOnly(std::move(*job.known), job.page));
          continue;
        }
        job.done.set_value(Serve(**engine, job.page));
      } catch (const std::exception& e) {
        job.done.set_value(Internal(std::string("OCR failed: ") + e.what()));
      } catch (...) {
        job.done.set_value(Internal("OCR failed with an unknown exception"));
      }
    }
  }

  std::future<Result<RecognizedPage>> Enqueue(Job job) {
    std::future<Result<RecognizedPage>> future = job.done.get_future();
    {
      std::lock_guard lock(mutex);
      if (stopping) {
        job.done.set_value(Unavailable("the OCR pool is shutting down"));
        return future;
      }
      queue.push_back(std::move(job));
    }
    wake.notify_one();
    return future;
  }

  void Stop() {
    {
      std::lock_guard lock(mutex);
      stopping = true;
    }
    wake.notify_all();
    for (std::thread& t : threads) {
      if (t.joinable()) t.join();
    }
    threads.clear();
  }
};

Result<std::unique_ptr<EnginePool>> EnginePool::Create(const EngineOptions& options) {
  // Fail fast, with the path and the package, before any thread starts.
  SOHOA_RETURN_IF_ERROR(CheckModels(TessdataDir(options), options.languages));

  auto impl = std::make_unique<Impl>();
  impl->options = options;
  impl->worker_count = options.workers > 0
                           ? options.workers
                           : std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
  std::vector<std::future<Status>> started;
  try {
    for (int i = 0; i < impl->worker_count; ++i) {
      std::promise<Status> promise;
      started.push_back(promise.get_future());
      impl->threads.emplace_back(&Impl::Work, impl.get(), std::move(promise));
    }
  } catch (const std::system_error& e) {
    impl->Stop();
    return Unavailable("cannot start " + std::to_string(impl->worker_count) +
                       " OCR worker threads: " + e.what());
  }
  Status first_error;
  for (std::future<Status>& s : started) {
    Status status = s.get();
    if (!status.ok() && first_error.ok()) first_error = status;
  }
  if (!first_error.ok()) {
    impl->Stop();
    return first_error;
  }
  return std::unique_ptr<EnginePool>(new EnginePool(std::move(impl)));
}

EnginePool::EnginePool(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

EnginePool::~EnginePool() {
  if (impl_) impl_->Stop();
}

std::future<Result<RecognizedPage>> EnginePool::Submit(PageImage page) {
  Impl::Job job;
  job.page = std::move(page);
  return impl_->Enqueue(std::move(job));
}

std::future<Result<RecognizedPage>> EnginePool::Submit(PageLoader load) {
  Impl::Job job;
  job.load = std::move(load);
  return impl_->Enqueue(std::move(job));
}

std::future<Result<RecognizedPage>> EnginePool::Submit(PageLoader load, RecognizedPage known) {
  Impl::Job job;
  job.load = std::move(load);
  job.known = std::move(known);
  return impl_->Enqueue(std::move(job));
}

int EnginePool::workers() const { return impl_->worker_count; }

int EnginePool::engines_created() const { return impl_->engines_created.load(); }

}  // namespace sohoa::ocr
