#include "train/training_targets.hpp"

#include <algorithm>

#include "core/errors.hpp"

namespace ferlab {
namespace {

int top_class(const ClassDistribution& d) {
  return static_cast<int>(std::max_element(d.begin(), d.end()) - d.begin());
}

}  // namespace

const std::vector<std::string>& training_label_modes() {
  static const std::vector<std::string> modes = {"fer2013", "ferplus-soft", "ferplus-majority"};
  return modes;
}

const std::vector<std::string>& validation_label_modes() {
  static const std::vector<std::string> modes = {"fer2013", "ferplus-majority"};
  return modes;
}

CrowdLabelledFaces apply_crowd_labels(const FaceDataset& faces, const FerPlusTable& table, const std::string& mode) {
  const bool soft = mode == "ferplus-soft";
  if (!soft && mode != "ferplus-majority")
    throw UsageError("apply_crowd_labels: '" + mode + "' is not a FER+ label mode");
  CrowdLabelledFaces out;
  for (size_t i = 0; i < faces.size(); ++i) {
    const auto row = table.votes.find(faces.source(i));
    if (row == table.votes.end()) {
      ++out.without_row;
      out.faces.add(faces.image(i), faces.label(i), faces.split(i), faces.source(i));
      if (soft) {
        ClassDistribution one_hot{};
        one_hot[static_cast<size_t>(faces.label(i))] = 1;
        out.distributions.push_back(one_hot);
      }
      continue;
    }
    if (soft) {
      const std::optional<ClassDistribution> distribution = ferplus_distribution(row->second);
      if (!distribution) {
        ++out.left_out;
        continue;
      }
      out.relabelled += top_class(*distribution) != faces.label(i) ? 1 : 0;
      out.faces.add(faces.image(i), faces.label(i), faces.split(i), faces.source(i));
      out.distributions.push_back(*distribution);
    } else {
      const FerPlusMajority majority = ferplus_majority(row->second);
      if (majority.verdict != FerPlusVerdict::Label) {
        ++out.left_out;
        continue;
      }
      out.relabelled += majority.label != faces.label(i) ? 1 : 0;
      out.faces.add(faces.image(i), majority.label, faces.split(i), faces.source(i));
    }
  }
  if (!faces.empty() && out.without_row == faces.size())
    throw DataError(table.path + ": none of the " + std::to_string(faces.size()) +
                    " training faces has a row (its `file` column must be the path relative to the dataset root, "
                    "e.g. train/angry/Training_3908.jpg; first face's is " + faces.source(0) + ")");
  return out;
}

std::vector<ClassDistribution> one_hot_targets(const FaceDataset& faces) {
  std::vector<ClassDistribution> out(faces.size(), ClassDistribution{});
  for (size_t i = 0; i < faces.size(); ++i) out[i][static_cast<size_t>(faces.label(i))] = 1;
  return out;
}

std::vector<ClassDistribution> mix_in_teacher(const std::vector<ClassDistribution>& targets,
                                              const std::vector<ClassDistribution>& teacher, double weight) {
  if (targets.size() != teacher.size())
    throw UsageError("the teacher gave " + std::to_string(teacher.size()) + " predictions for " +
                     std::to_string(targets.size()) + " training faces");
  if (!(weight >= 0 && weight <= 1)) throw UsageError("--distill-weight must be in [0, 1]");
  std::vector<ClassDistribution> out(targets.size());
  const auto w = static_cast<float>(weight);
  for (size_t i = 0; i < targets.size(); ++i)
    for (size_t c = 0; c < out[i].size(); ++c) out[i][c] = w * teacher[i][c] + (1 - w) * targets[i][c];
  return out;
}

}  // namespace ferlab
