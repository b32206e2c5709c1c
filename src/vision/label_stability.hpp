#pragma once
// How often the label a face shows changes: a still face whose label keeps
// switching between two close classes looks broken however right each frame
// is. Counted per track (a new track is no change), over each track's own time
// from its first frame to its last, and reported per minute.
#include <map>
#include <utility>

namespace ferlab {

struct LabelStability {
  long long changes = 0;
  double seconds = 0;  // summed over the tracks
  double per_minute() const { return seconds > 0 ? changes * 60.0 / seconds : 0.0; }
};

class LabelChangeCounter {
 public:
  // One face of one frame; frames of a track come in time order.
  void add(int track_id, double time_s, int label);
  LabelStability result() const;

 private:
  struct TrackLabels {
    double first_s = 0, last_s = 0;
    int label = -1;
    long long changes = 0;
  };
  std::map<int, TrackLabels> tracks_;
};

}  // namespace ferlab
