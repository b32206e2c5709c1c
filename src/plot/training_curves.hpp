#pragma once
// The training curves of one or more runs as one image: accuracy on the left,
// loss on the right; validation solid, training in a lighter shade of the
// same colour; each run's best validation epoch marked.
#include <opencv2/core/mat.hpp>

#include <vector>

#include "plot/training_log.hpp"

namespace ferlab {

// BGR, 8-bit. Throws UsageError when `logs` is empty.
cv::Mat render_training_curves(const std::vector<TrainingLog>& logs, const std::string& title);

}  // namespace ferlab
