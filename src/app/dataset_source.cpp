#include "app/dataset_source.hpp"

#include <chrono>
#include <cstdio>

namespace ferlab::app {

void DatasetSource::request_load(const std::string& path) {
  task_.start("loading " + path, [path](TaskControl&) {
    const auto start = std::chrono::steady_clock::now();
    LoadedDataset loaded;
    loaded.path = path;
    loaded.dataset = std::make_shared<const FaceDataset>(load_dataset(path, {}, &loaded.report));
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
    current_ = std::move(*loaded);
    ++generation_;
  }
  if (auto error = task_.take_error()) log.error("could not load data: " + *error);
}

}  // namespace ferlab::app
