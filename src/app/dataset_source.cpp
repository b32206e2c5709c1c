#include "app/dataset_source.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>

#include "data/crowd_review.hpp"

namespace ferlab::app {

void DatasetSource::request_load(const std::string& path) {
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
    loaded.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
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
    current_ = std::move(*loaded);
    ++generation_;
  }
  if (auto error = task_.take_error()) log.error("could not load data: " + *error);
}

}  // namespace ferlab::app
