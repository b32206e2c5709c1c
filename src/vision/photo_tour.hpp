#pragma once
// The demo a fresh machine can play: a slow tour over photos of real people
// (scripts/fetch_demo.sh fetches six, MIT-licensed, from the npm registry). Each
// photo in turn is shown for kTourSecondsPerPhoto in a 1280x720 frame, whole at
// first, then zooming in slowly while it pans across, at 30 frames a second,
// looping. The
// faces move a little in every frame, so the detector, the optical flow and the
// tracker work as on a camera; a new photo is a cut.
#include <memory>
#include <string>
#include <vector>

#include "vision/frame_source.hpp"

namespace ferlab {

inline constexpr const char* kDemoSpec = "demo";  // `--source demo`, FrameSource::open("demo")
inline constexpr double kTourFps = 30;
inline constexpr double kTourSecondsPerPhoto = 8;

// $FERLAB_DEMO_DIR, else <source>/third_party/downloads/demo-photos.
std::string demo_photos_dir();
// The images in demo_photos_dir(), in name order; empty when none was fetched.
std::vector<std::string> demo_photos();

// A tour over `photos`. A photo that cannot be read is skipped and said in
// error(); none at all (or none readable) is a source in state Error whose
// message says how to fetch them.
std::unique_ptr<FrameSource> open_photo_tour(const std::vector<std::string>& photos, const SourceOptions& options = {});

}  // namespace ferlab
