#pragma once
// How a heatmap looks, wherever it is drawn: the workbench's overlay shader
// and the CLI's annotated images and videos read the same tables, so that one
// map looks the same in both. Each table gives, per value 0..255, a colour and
// how much of it covers the image underneath at full opacity: a sequential
// map's cold end is see-through (the face stays readable where the model did
// not look), a diverging map's middle (zero) is.
#include <opencv2/core.hpp>

#include <array>

namespace ferlab {

// Jet, Inferno and Viridis for maps in [0,1]; Coolwarm (diverging, 0.5 = zero) for signed ones.
enum class Colormap : int { Jet = 0, Inferno = 1, Viridis = 2, Coolwarm = 3 };

// The heatmaps' opacity unless the user sets another (the workbench's slider, `--gradcam` outputs).
constexpr float kDefaultHeatmapOpacity = 0.6f;

// 256 entries, RGBA: the colour, and in alpha the share of it over the image
// at full opacity (sequential maps: the value; Coolwarm: its distance from the middle).
const std::array<cv::Vec4b, 256>& colormap_table(Colormap colormap);

// The entry a value in [0,1] takes: round(value * 255), clamped. The shader
// samples the table at the same entry (nearest texel).
int colormap_entry(float value);

}  // namespace ferlab
