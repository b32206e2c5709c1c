#version 330 core
// Blends a Grad-CAM heatmap (red channel, 0..1) over the frame through a colormap.
in vec2 v_frame_uv;
in vec2 v_heat_uv;

uniform sampler2D u_frame;
uniform sampler2D u_heat;
uniform float u_opacity;   // 0 = frame only, 1 = colormap only
uniform int u_colormap;    // 0 jet, 1 inferno, 2 viridis, 3 coolwarm (diverging: 0.5 is zero)
uniform bool u_with_heat;  // false: plain copy of the frame

out vec4 out_color;

vec3 jet(float t) {
  return clamp(vec3(1.5) - abs(4.0 * t - vec3(3.0, 2.0, 1.0)), 0.0, 1.0);
}

// Five stops of matplotlib's perceptual maps, linearly interpolated: within a
// few percent of the 256-entry tables, without shipping them.
vec3 five_stops(float t, vec3 c0, vec3 c1, vec3 c2, vec3 c3, vec3 c4) {
  float x = clamp(t, 0.0, 1.0) * 4.0;
  if (x < 1.0) return mix(c0, c1, x);
  if (x < 2.0) return mix(c1, c2, x - 1.0);
  if (x < 3.0) return mix(c2, c3, x - 2.0);
  return mix(c3, c4, x - 3.0);
}

vec3 inferno(float t) {
  return five_stops(t, vec3(0, 0, 4), vec3(87, 16, 110), vec3(188, 55, 84), vec3(249, 142, 9),
                    vec3(252, 255, 164)) / 255.0;
}

vec3 viridis(float t) {
  return five_stops(t, vec3(68, 1, 84), vec3(59, 82, 139), vec3(33, 145, 140), vec3(94, 201, 98),
                    vec3(253, 231, 37)) / 255.0;
}

// Moreland's cool-warm: blue below the middle, grey at it, red above; for signed maps.
vec3 coolwarm(float t) {
  return five_stops(t, vec3(59, 76, 192), vec3(141, 176, 254), vec3(221, 221, 221), vec3(244, 154, 123),
                    vec3(180, 4, 38)) / 255.0;
}

vec3 colormap(float t) {
  if (u_colormap == 1) return inferno(t);
  if (u_colormap == 2) return viridis(t);
  if (u_colormap == 3) return coolwarm(t);
  return jet(t);
}

void main() {
  vec3 frame = texture(u_frame, v_frame_uv).rgb;
  if (!u_with_heat) {
    out_color = vec4(frame, 1.0);
    return;
  }
  float heat = clamp(texture(u_heat, v_heat_uv).r, 0.0, 1.0);
  out_color = vec4(mix(frame, colormap(heat), u_opacity), 1.0);
}
