#include "vision/batch_run.hpp"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <map>
#include <memory>
#include <optional>

#include "core/errors.hpp"
#include "core/interrupt.hpp"
#include "core/json_text.hpp"
#include "core/text.hpp"
#include "core/worker_process.hpp"
#include "vision/face_csv.hpp"

namespace ferlab {

namespace {

struct Interrupted {};

// The CSV, written a whole file at a time to PATH.partial, which replaces PATH
// when the batch ends; a batch killed outright leaves only the .partial file.
class BatchCsv {
 public:
  explicit BatchCsv(std::string path) : path_(std::move(path)) {
    if (path_.empty()) return;
    partial_ = path_ + ".partial";
    file_ = std::fopen(partial_.c_str(), "wb");
    if (!file_) throw Error("cannot write " + partial_ + ": " + std::strerror(errno));
    write(batch_csv_header());
  }
  ~BatchCsv() {
    if (!file_) return;
    std::fclose(file_);
    std::remove(partial_.c_str());  // only when an exception left the batch
  }
  BatchCsv(const BatchCsv&) = delete;
  BatchCsv& operator=(const BatchCsv&) = delete;

  void append(const FileOutcome& outcome) {
    if (!file_ || outcome.face_rows.empty()) return;
    const std::string file = csv_field(outcome.input) + ',';
    std::string rows;
    for (size_t start = 0, end; start < outcome.face_rows.size(); start = end + 1) {
      end = outcome.face_rows.find('\n', start);
      if (end == std::string::npos) end = outcome.face_rows.size();
      rows += file;
      rows.append(outcome.face_rows, start, end - start);
      rows += '\n';
    }
    write(rows);
    if (std::fflush(file_) != 0) throw Error("cannot write " + partial_ + ": " + std::strerror(errno));
  }

  void finish() {
    if (!file_) return;
    const bool closed = std::fclose(file_) == 0;
    file_ = nullptr;
    std::error_code ec;
    if (closed) std::filesystem::rename(partial_, path_, ec);
    if (!closed || ec) {
      std::remove(partial_.c_str());
      throw Error("cannot write " + path_ + (ec ? ": " + ec.message() : ""));
    }
  }

 private:
  void write(const std::string& text) {
    if (std::fwrite(text.data(), 1, text.size(), file_) != text.size())
      throw Error("cannot write " + partial_ + ": " + std::strerror(errno));
  }

  std::string path_, partial_;
  std::FILE* file_ = nullptr;
};

// Outcomes arrive in any order from workers; they reach the CSV and the report
// in input order.
class OrderedOutcomes {
 public:
  OrderedOutcomes(size_t count, BatchCsv& csv) : slots_(count), csv_(csv) {}

  void add(size_t index, FileOutcome outcome) {
    slots_[index] = std::move(outcome);
    while (next_ < slots_.size() && slots_[next_]) csv_.append(*slots_[next_++]);
  }
  // After an interrupt, the files done beyond the first one not done.
  void write_the_rest() {
    for (; next_ < slots_.size(); ++next_)
      if (slots_[next_]) csv_.append(*slots_[next_]);
  }
  void fill(BatchReport& report, const std::vector<BatchItem>& items) {
    for (size_t i = 0; i < slots_.size(); ++i) {
      if (slots_[i])
        report.outcomes.push_back(std::move(*slots_[i]));
      else
        report.not_analysed.push_back(items[i].input);
    }
  }

 private:
  std::vector<std::optional<FileOutcome>> slots_;
  size_t next_ = 0;
  BatchCsv& csv_;
};

// What a finished file adds to the batch's progress: its frames, at least one.
int64_t units_of(const FileOutcome& outcome, int64_t last_progress) {
  return std::max<int64_t>({outcome.frames, last_progress, 1});
}

FileOutcome analyse_or_fail(const BatchItem& item, const AnalyseItem& analyse, const ItemProgress& progress) {
  try {
    FileOutcome outcome = analyse(item, progress);
    outcome.input = item.input;  // the exact bytes, whatever a worker's JSON made of them
    return outcome;
  } catch (const Interrupted&) {
    throw;
  } catch (const std::exception& e) {
    return FileOutcome::failed(item.input, e.what());
  }
}

void run_here(const std::vector<BatchItem>& items, const AnalyseItem& analyse, const BatchOptions& options,
              OrderedOutcomes& outcomes, BatchReport& report) {
  int64_t done = 0;
  for (size_t i = 0; i < items.size(); ++i) {
    if (InterruptWatch::interrupted()) break;
    int64_t item_done = 0;
    const ItemProgress progress = [&](int64_t d) {
      if (InterruptWatch::interrupted()) throw Interrupted{};
      item_done = d;
      if (options.progress) options.progress(done + d);
    };
    try {
      FileOutcome outcome = analyse_or_fail(items[i], analyse, progress);
      done += units_of(outcome, item_done);
      outcomes.add(i, std::move(outcome));
    } catch (const Interrupted&) {
      break;
    }
    if (options.progress) options.progress(done);
  }
  report.interrupted = InterruptWatch::interrupted();
}

// Paths may hold any bytes; JSON strings only UTF-8. Items travel as hex.
std::string to_hex(const std::string& bytes) {
  static const char* digits = "0123456789abcdef";
  std::string hex;
  for (const unsigned char c : bytes) {
    hex += digits[c >> 4];
    hex += digits[c & 15];
  }
  return hex;
}

std::optional<std::string> from_hex(const std::string& hex) {
  if (hex.size() % 2) return std::nullopt;
  std::string bytes;
  for (size_t i = 0; i < hex.size(); i += 2) {
    const auto value = [](char c) -> int {
      if (c >= '0' && c <= '9') return c - '0';
      if (c >= 'a' && c <= 'f') return c - 'a' + 10;
      return -1;
    };
    const int high = value(hex[i]), low = value(hex[i + 1]);
    if (high < 0 || low < 0) return std::nullopt;
    bytes += static_cast<char>(high * 16 + low);
  }
  return bytes;
}

struct WorkerSlot {
  std::unique_ptr<WorkerProcess> process;
  long item = -1;  // the index being analysed, -1 when idle
  int64_t done = 0;
};

void run_in_workers(const std::vector<BatchItem>& items, const AnalyseItem&, const BatchOptions& options,
                    OrderedOutcomes& outcomes, BatchReport& report) {
  size_t next = 0;
  int64_t finished_units = 0;
  const auto give_work = [&](WorkerSlot& slot) {
    slot.item = -1;
    slot.done = 0;
    if (next == items.size()) {
      slot.process->close_input();
      return;
    }
    slot.item = static_cast<long>(next);
    slot.process->send_line(to_hex(items[next].input) + ' ' + to_hex(items[next].output));
    ++next;
  };
  const auto finish_item = [&](WorkerSlot& slot, FileOutcome outcome) {
    outcome.input = items[slot.item].input;
    finished_units += units_of(outcome, slot.done);
    outcomes.add(static_cast<size_t>(slot.item), std::move(outcome));
  };

  std::vector<WorkerSlot> slots(std::min<size_t>(static_cast<size_t>(options.jobs), items.size()));
  for (WorkerSlot& slot : slots) {
    slot.process = std::make_unique<WorkerProcess>(options.worker_command);
    give_work(slot);
  }
  while (true) {
    std::vector<int> descriptors;
    std::vector<WorkerSlot*> alive;
    for (WorkerSlot& slot : slots)
      if (slot.process) {
        descriptors.push_back(slot.process->output_descriptor());
        alive.push_back(&slot);
      }
    if (alive.empty()) break;
    if (InterruptWatch::interrupted()) {
      // Each worker abandons its file at the next frame (its own InterruptWatch), cleaning up.
      for (WorkerSlot* slot : alive) slot->process->signal(SIGTERM);
      for (WorkerSlot* slot : alive) slot->process->wait();
      report.interrupted = true;
      return;
    }
    for (const size_t i : readable_descriptors(descriptors, 100)) {
      WorkerSlot& slot = *alive[i];
      std::vector<std::string> lines;
      const bool open = slot.process->read_lines(lines);
      for (const std::string& line : lines) {
        nlohmann::json message;
        try {
          message = parse_json(line, "worker");
        } catch (const Error&) {
          std::fprintf(stderr, "%s\n", line.c_str());  // something else printed to its standard output
          continue;
        }
        if (slot.item < 0) continue;
        if (message.contains("progress")) slot.done = message["progress"].get<int64_t>();
        if (message.contains("outcome")) {
          finish_item(slot, FileOutcome::from_json(message["outcome"]));
          give_work(slot);
        }
      }
      if (open) continue;
      const std::string ending = slot.process->wait();
      if (slot.item >= 0) {
        finish_item(slot, FileOutcome::failed(items[slot.item].input,
                                              "the worker process analysing it ended (" +
                                                  (ending.empty() ? std::string("exit status 0") : ending) + ")"));
      }
      slot.process.reset();
      if (next < items.size()) {  // a fresh worker for the files left
        slot.process = std::make_unique<WorkerProcess>(options.worker_command);
        give_work(slot);
      }
    }
    if (options.progress) {
      int64_t done = finished_units;
      for (const WorkerSlot& slot : slots) done += slot.done;
      options.progress(done);
    }
  }
}

}  // namespace

int BatchReport::failed() const {
  int n = 0;
  for (const FileOutcome& o : outcomes) n += !o.error.empty();
  return n;
}

std::string batch_csv_header() { return "file," + face_csv_header(); }

BatchReport run_batch(const std::vector<BatchItem>& items, const AnalyseItem& analyse, const BatchOptions& options) {
  const InterruptWatch watch;
  BatchCsv csv(options.csv_path);
  OrderedOutcomes outcomes(items.size(), csv);
  BatchReport report;
  if (options.jobs > 1 && items.size() > 1)
    run_in_workers(items, analyse, options, outcomes, report);
  else
    run_here(items, analyse, options, outcomes, report);
  outcomes.write_the_rest();
  csv.finish();
  outcomes.fill(report, items);
  return report;
}

int serve_batch_worker(const AnalyseItem& analyse) {
  const InterruptWatch watch;
  const auto send = [](const nlohmann::json& message) {
    const std::string line = json_text(message) + '\n';
    std::fwrite(line.data(), 1, line.size(), stdout);
    std::fflush(stdout);
  };
  std::string line;
  while (std::getline(std::cin, line)) {
    const size_t space = line.find(' ');
    const auto input = from_hex(line.substr(0, space));
    const auto output = space == std::string::npos ? std::optional<std::string>() : from_hex(line.substr(space + 1));
    if (!input || !output) {
      std::fprintf(stderr, "ferlab: batch worker: cannot read the request '%s'\n", line.c_str());
      return 2;
    }
    auto last_sent = std::chrono::steady_clock::now();
    const ItemProgress progress = [&](int64_t done) {
      if (InterruptWatch::interrupted()) throw Interrupted{};
      const auto now = std::chrono::steady_clock::now();
      if (now - last_sent < std::chrono::milliseconds(100)) return;
      last_sent = now;
      send({{"progress", done}});
    };
    try {
      send({{"outcome", analyse_or_fail({*input, *output}, analyse, progress).to_json()}});
    } catch (const Interrupted&) {
      return 128 + InterruptWatch::signal_number();
    }
    if (InterruptWatch::interrupted()) return 128 + InterruptWatch::signal_number();
  }
  return 0;
}

}  // namespace ferlab
