#pragma once
// The per-face CSV that the workbench's recordings write, and `ferlab video`
// and `image --csv` after a `file` column (batch_run.hpp), one row per face per
// analysed frame:
//
//   frame,time_s,track,x,y,w,h,label,confidence,smoothed_angry,...,smoothed_neutral,raw_angry,...,raw_neutral
//
// label and confidence are what the face shows (FaceResult: the largest smoothed
// probability and its class); smoothed_* are the track's moving average that
// they come from, raw_* this frame's classification alone.
#include <string>

#include "vision/face_analyzer.hpp"

namespace ferlab {

std::string face_csv_header();  // with its newline
void append_face_csv_row(std::string& csv, const Frame& frame, const FaceResult& face);

}  // namespace ferlab
