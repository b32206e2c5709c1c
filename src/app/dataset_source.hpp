#pragma once
// DatasetSource: the data set the browser and the evaluations work on,
// loaded on a worker thread (FER-2013's folders take seconds to decode).
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/background_task.hpp"
#include "app/event_log.hpp"
#include "core/face_dataset.hpp"
#include "data/dataset_io.hpp"
#include "data/ferplus.hpp"

namespace ferlab::app {

struct LoadedDataset {
  std::shared_ptr<const FaceDataset> dataset;
  std::string path;
  // The FER+ crowd's votes per face, when a ferplus.csv sits at the data set's
  // root (data/ferplus.hpp); null otherwise.
  std::shared_ptr<const std::vector<std::optional<FerPlusVotes>>> votes;
  std::string votes_path;
  std::string votes_error;  // a ferplus.csv that could not be read: why
  LoadReport report;
  double seconds = 0;
};

class DatasetSource {
 public:
  void request_load(const std::string& path);
  void poll(EventLog& log);  // UI thread, once per frame

  const std::shared_ptr<const FaceDataset>& dataset() const { return current_.dataset; }
  const std::string& path() const { return current_.path; }
  const LoadReport& report() const { return current_.report; }
  const std::shared_ptr<const std::vector<std::optional<FerPlusVotes>>>& votes() const { return current_.votes; }
  bool loading() const { return task_.running(); }
  float progress() const { return task_.progress(); }
  // Bumped on every newly loaded data set, so that views built on the old one rebuild.
  int generation() const { return generation_; }

 private:
  LoadedDataset current_;
  BackgroundTask<LoadedDataset> task_;
  int generation_ = 0;
};

}  // namespace ferlab::app
