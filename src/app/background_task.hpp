#pragma once
// BackgroundTask<T>: one piece of slow work (loading a model, a data set, an
// evaluation) on its own thread, with progress and a cancel flag the work can
// read, and its result or its error handed to the UI thread through a
// mutex-guarded slot. The UI thread polls; it never waits on the work.
#include <atomic>
#include <exception>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>

#include "core/cpu_threads.hpp"

namespace ferlab::app {

// How much nicer than the UI thread the workbench's workers run (tasks, the live
// pipeline's threads): on a machine with few cores the UI is scheduled first,
// and the work, which nobody waits on frame by frame, takes what is left.
constexpr int kWorkerNice = 10;
// Tasks (evaluations, the costly explanations of the selected face, loading)
// run nicer still: the live feed's threads then take most of a contested core
// (Linux weighs nice 10 against 19 as 110 to 15) and keep the feed's frame rate
// while an evaluation runs beside it, which takes the rest.
constexpr int kTaskNice = 19;

// What the work sees of its task: where to report progress and whether to stop.
struct TaskControl {
  std::atomic<float> progress{0.0f};  // 0..1
  std::atomic<bool> cancelled{false};
};

template <typename T>
class BackgroundTask {
 public:
  using Work = std::function<T(TaskControl&)>;

  BackgroundTask() = default;
  BackgroundTask(const BackgroundTask&) = delete;
  BackgroundTask& operator=(const BackgroundTask&) = delete;
  ~BackgroundTask() { cancel_and_join(); }

  // Starts `work` on a new thread; a task still running is cancelled first.
  void start(std::string what, Work work) {
    cancel_and_join();
    control_.progress = 0.0f;
    control_.cancelled = false;
    {
      std::lock_guard lock(mutex_);
      result_.reset();
      error_.clear();
      what_ = std::move(what);
    }
    running_ = true;
    thread_ = std::thread([this, work = std::move(work)] {
      lower_this_thread_priority(kTaskNice);
      try {
        T value = work(control_);
        std::lock_guard lock(mutex_);
        result_ = std::move(value);
      } catch (const std::exception& e) {
        std::lock_guard lock(mutex_);
        error_ = e.what();
      }
      running_ = false;
    });
  }

  bool running() const { return running_; }
  float progress() const { return control_.progress; }
  std::string what() const {
    std::lock_guard lock(mutex_);
    return what_;
  }

  // The finished result, once: later calls return nothing until the next run.
  std::optional<T> take_result() {
    std::lock_guard lock(mutex_);
    std::optional<T> out = std::move(result_);
    result_.reset();
    return out;
  }
  // The error message of a failed run, once.
  std::optional<std::string> take_error() {
    std::lock_guard lock(mutex_);
    if (error_.empty()) return std::nullopt;
    return std::exchange(error_, std::string());
  }

  void cancel_and_join() {
    control_.cancelled = true;
    if (thread_.joinable()) thread_.join();
  }

 private:
  TaskControl control_;
  std::thread thread_;
  std::atomic<bool> running_{false};
  mutable std::mutex mutex_;
  std::optional<T> result_;
  std::string error_;
  std::string what_;
};

}  // namespace ferlab::app
