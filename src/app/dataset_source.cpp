#include "app/dataset_source.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <stdexcept>

#include "data/blank_faces.hpp"
#include "data/crowd_review.hpp"

namespace ferlab::app {
namespace {

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// Thrown from the search's progress callback to stop it when a newer data set replaces this one.
struct SearchCancelled : std::runtime_error {
  SearchCancelled() : std::runtime_error("duplicate search cancelled") {}
};

}  // namespace

void DatasetSource::request_load(const std::string& path) {
  failure_.reset();
  requested_ = path;
  task_.start("loading " + path, [path](TaskControl&) {
    const auto start = std::chrono::steady_clock::now();
    LoadedDataset loaded;
    loaded.path = path;
    loaded.dataset = std::make_shared<const FaceDataset>(load_dataset(path, {}, &loaded.report));
    if (const std::optional<std::string> csv = find_ferplus_csv(path)) {
      loaded.votes_path = *csv;
      try {
        loaded.votes = std::make_shared<const std::vector<std::optional<FerPlusVotes>>>(
            crowd_votes(*loaded.dataset, load_ferplus_csv(*csv)));
      } catch (const std::exception& e) {
        loaded.votes_error = e.what();  // the faces still load; the browser goes without the crowd
      }
    }
    loaded.blank = find_blank_faces(*loaded.dataset);
    loaded.seconds = seconds_since(start);
    return loaded;
  });
}

void DatasetSource::poll(EventLog& log) {
  if (task_.running()) return;
  if (auto loaded = task_.take_result()) {
    char line[512];
    std::snprintf(line, sizeof line, "loaded %zu faces from %s in %.1f s", loaded->dataset->size(),
                  loaded->path.c_str(), loaded->seconds);
    log.info(line);
    if (loaded->report.skipped > 0) {
      log.error(std::to_string(loaded->report.skipped) + " bad items skipped in " + loaded->path +
                (loaded->report.problems.empty() ? "" : ", first: " + loaded->report.problems.front()));
    }
    if (loaded->dataset->empty()) log.error("no faces found in " + loaded->path);
    if (loaded->votes) {
      const auto with_votes = std::count_if(loaded->votes->begin(), loaded->votes->end(),
                                            [](const auto& v) { return v.has_value(); });
      log.info("FER+ crowd votes for " + std::to_string(with_votes) + " faces from " + loaded->votes_path);
    }
    if (!loaded->votes_error.empty()) log.error("FER+ votes not used: " + loaded->votes_error);
    if (!loaded->blank.empty()) {
      log.info(std::to_string(loaded->blank.size()) + " blank or constant images in " + loaded->path +
               " (flagged in the browser), first: " + loaded->dataset->source(loaded->blank.front()));
    }
    current_ = std::move(*loaded);
    ++generation_;
    start_duplicate_search();
  }
  if (auto error = task_.take_error()) {
    log.error("could not load data: " + *error);
    failure_ = LoadFailure{requested_, *error, ++failures_};
  }
  if (auto scan = duplicate_task_.take_result()) {
    if ((*scan)->data_generation == generation_) {
      char line[256];
      std::snprintf(line, sizeof line, "%zu exact and %zu near duplicate groups, %zu with conflicting labels (%.1f s)",
                    (*scan)->exact_groups, (*scan)->near_groups, (*scan)->label_conflicts.size(), (*scan)->seconds);
      log.info(line);
      duplicates_ = std::move(*scan);
    }
  }
  if (auto error = duplicate_task_.take_error()) log.error("could not search for duplicates: " + *error);
}

bool DatasetSource::is_blank(size_t face) const {
  return std::binary_search(current_.blank.begin(), current_.blank.end(), face);
}

// Exact and near duplicates: the near search compares all pairs of faces,
// seconds for FER-2013, so it runs after loading instead of delaying the faces.
void DatasetSource::start_duplicate_search() {
  duplicates_.reset();
  const std::shared_ptr<const FaceDataset> data = current_.dataset;
  const int generation = generation_;
  duplicate_task_.start("finding duplicates", [data, generation](TaskControl& control) {
    const auto start = std::chrono::steady_clock::now();
    DuplicateOptions options;
    options.near = true;
    std::vector<DuplicateGroup> groups = find_duplicate_faces(*data, options, [&](size_t done, size_t total) {
      if (control.cancelled) throw SearchCancelled();
      control.progress = total ? static_cast<float>(done) / static_cast<float>(total) : 1.0f;
    });
    const DuplicateSummary summary = summarise_duplicates(*data, groups);
    auto scan = std::make_shared<DuplicateScan>();
    scan->data_generation = generation;
    scan->label_conflicts = summary.label_conflicts;
    scan->exact_groups = summary.exact_groups;
    scan->near_groups = summary.near_groups;
    scan->index = DuplicateIndex(data->size(), std::move(groups));
    scan->seconds = seconds_since(start);
    return std::shared_ptr<const DuplicateScan>(std::move(scan));
  });
}

}  // namespace ferlab::app
