#pragma once
// DatasetSource: the data set the browser and the evaluations work on,
// loaded on a worker thread (FER-2013's folders take seconds to decode), and
// what is known about its faces beyond their labels: the FER+ crowd's votes,
// the blank images, and (searched afterwards, in the background) its duplicates.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/background_task.hpp"
#include "app/load_failure.hpp"
#include "app/event_log.hpp"
#include "core/duplicate_faces.hpp"
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
  std::vector<size_t> blank;  // blank or constant images (data/blank_faces.hpp), ascending
  LoadReport report;
  double seconds = 0;
};

// The data set's exact and near duplicates (core/duplicate_faces.hpp), the
// groups whose copies carry different labels among them.
struct DuplicateScan {
  int data_generation = 0;
  DuplicateIndex index;
  std::vector<size_t> label_conflicts;  // indices into index.groups(), as summarise_duplicates gives them
  size_t exact_groups = 0, near_groups = 0;
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
  bool is_blank(size_t face) const;
  size_t blank_count() const { return current_.blank.size(); }
  bool loading() const { return task_.running(); }
  float progress() const { return task_.progress(); }
  // Null until the search that starts when a data set arrives has finished.
  const std::shared_ptr<const DuplicateScan>& duplicates() const { return duplicates_; }
  bool finding_duplicates() const { return duplicate_task_.running(); }
  bool busy() const { return loading() || finding_duplicates(); }
  float duplicate_progress() const { return duplicate_task_.progress(); }
  // Bumped on every newly loaded data set, so that views built on the old one rebuild.
  int generation() const { return generation_; }
  // The last load that failed, until the next request; null when none.
  const std::optional<LoadFailure>& failure() const { return failure_; }

 private:
  LoadedDataset current_;
  BackgroundTask<LoadedDataset> task_;
  int generation_ = 0;
  std::string requested_;  // the path of the load under way
  std::optional<LoadFailure> failure_;
  int failures_ = 0;
  void start_duplicate_search();
  std::shared_ptr<const DuplicateScan> duplicates_;
  BackgroundTask<std::shared_ptr<const DuplicateScan>> duplicate_task_;
};

}  // namespace ferlab::app
