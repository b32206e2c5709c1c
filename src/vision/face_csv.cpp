#include "vision/face_csv.hpp"

#include <cstdio>

#include "core/emotion.hpp"

namespace ferlab {

std::string face_csv_header() {
  std::string header = "frame,time_s,track,x,y,w,h,label,confidence";
  for (const char* kind : {"smoothed_", "raw_"})
    for (const auto name : emotion_names()) header += ',' + (kind + std::string(name));
  return header + '\n';
}

void append_face_csv_row(std::string& csv, const Frame& frame, const FaceResult& face) {
  char buffer[160];
  std::snprintf(buffer, sizeof buffer, "%lld,%.3f,%d,%.1f,%.1f,%.1f,%.1f,%s,%.4f", static_cast<long long>(frame.index),
                frame.timestamp_s, face.track_id, face.box.x, face.box.y, face.box.width, face.box.height,
                emotion_name(face.label), face.confidence);
  csv += buffer;
  for (const Probabilities* p : {&face.smoothed, &face.raw}) {
    for (const float value : *p) {
      std::snprintf(buffer, sizeof buffer, ",%.4f", value);
      csv += buffer;
    }
  }
  csv += '\n';
}

}  // namespace ferlab
