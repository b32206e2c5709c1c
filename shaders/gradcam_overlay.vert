#version 330 core
// One quad per draw: the whole frame (copy pass) or one face's aligned crop
// (overlay pass), a parallelogram: rotated and enlarged like the crop itself.
// u_origin is where the quad's top-left corner lands, u_right and u_down its
// two edges, all in frame coordinates (0..1, y down).
layout(location = 0) in vec2 a_corner;  // (0,0) .. (1,1)

uniform vec2 u_origin;
uniform vec2 u_right;
uniform vec2 u_down;

out vec2 v_frame_uv;
out vec2 v_heat_uv;

void main() {
  // The crop is an affine image of the frame, so interpolating the heatmap's
  // coordinates linearly over the two triangles is exact.
  v_frame_uv = u_origin + a_corner.x * u_right + a_corner.y * u_down;
  v_heat_uv = a_corner;
  // Frame row 0 goes to FBO row 0, so the target texture keeps the image's
  // top-row-first order that ImGui::Image and cv::Mat use: no flip anywhere.
  gl_Position = vec4(v_frame_uv * 2.0 - 1.0, 0.0, 1.0);
}
