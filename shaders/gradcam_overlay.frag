#version 330 core
// Blends a Grad-CAM heatmap (red channel, 0..1) over the frame through a
// colormap table (explain/heatmap_colormap.hpp): rgb the colour, alpha how much
// of it covers the frame at full opacity. blend_heatmap() computes the same on
// the CPU for the CLI's images and videos.
in vec2 v_frame_uv;
in vec2 v_heat_uv;

uniform sampler2D u_frame;
uniform sampler2D u_heat;
uniform sampler2D u_colormap_table;  // 256x1, nearest texel
uniform float u_opacity;   // 0 = frame only, 1 = the table's coverage
uniform bool u_map_only;   // the colours alone, over nothing (the map image, colour bars)
uniform bool u_with_heat;  // false: plain copy of the frame

out vec4 out_color;

void main() {
  vec3 frame = texture(u_frame, v_frame_uv).rgb;
  if (!u_with_heat) {
    out_color = vec4(frame, 1.0);
    return;
  }
  float heat = clamp(texture(u_heat, v_heat_uv).r, 0.0, 1.0);
  // Entry round(heat * 255), as colormap_entry() takes it.
  vec4 entry = texture(u_colormap_table, vec2((floor(heat * 255.0 + 0.5) + 0.5) / 256.0, 0.5));
  float cover = u_map_only ? 1.0 : u_opacity * entry.a;
  out_color = vec4(mix(frame, entry.rgb, cover), 1.0);
}
