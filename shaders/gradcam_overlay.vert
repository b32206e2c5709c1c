#version 330 core
// One quad per draw: the whole frame (copy pass) or one face's box (overlay pass).
// u_rect is the quad in frame coordinates (x0, y0, x1, y1 in 0..1, y down).
layout(location = 0) in vec2 a_corner;  // (0,0) .. (1,1)

uniform vec4 u_rect;

out vec2 v_frame_uv;
out vec2 v_heat_uv;

void main() {
  v_frame_uv = mix(u_rect.xy, u_rect.zw, a_corner);
  v_heat_uv = a_corner;
  // Frame row 0 goes to FBO row 0, so the target texture keeps the image's
  // top-row-first order that ImGui::Image and cv::Mat use: no flip anywhere.
  gl_Position = vec4(v_frame_uv * 2.0 - 1.0, 0.0, 1.0);
}
