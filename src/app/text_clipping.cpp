#include "app/text_clipping.hpp"

#include <imgui_internal.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <utility>

namespace ferlab::app {
namespace {

// ImGui draws each glyph as one textured quad: vertices top-left, top-right,
// bottom-right, bottom-left and indices (0 1 2 0 2 3). A glyph cut by a
// widget's own clip rectangle (a button, a combo's preview) is trimmed on the
// CPU, which shortens its texture span; one cut by the panel's clip rectangle
// is drawn whole and reaches past that rectangle. Both show in the draw data.
struct GlyphQuad {
  const ImFontGlyph* glyph = nullptr;
  ImVec2 min, max;
  bool cut = false;
  bool cut_left = false;

  // Where the pen stood before and after this glyph: the font's metrics scaled
  // to the size drawn (glyph heights are never cut, only widths).
  float scale() const { return (max.y - min.y) / std::max(glyph->Y1 - glyph->Y0, 1e-3f); }
  float pen() const { return cut_left ? max.x - glyph->X1 * scale() : min.x - glyph->X0 * scale(); }
  float pen_after() const { return pen() + glyph->AdvanceX * scale(); }
};

// Glyphs by the texture coordinates of their left (uncut) edge's top: a glyph
// trimmed on the right keeps (U0, V0), one trimmed on the left keeps (U1, V0).
struct GlyphIndex {
  std::map<std::pair<float, float>, const ImFontGlyph*> by_left, by_right;
};

GlyphIndex index_glyphs(const ImFontAtlas& atlas) {
  GlyphIndex index;
  for (const ImFont* font : atlas.Fonts) {
    for (const ImFontGlyph& glyph : font->Glyphs) {
      if (!glyph.Visible) continue;
      index.by_left.emplace(std::make_pair(glyph.U0, glyph.V0), &glyph);
      index.by_right.emplace(std::make_pair(glyph.U1, glyph.V0), &glyph);
    }
  }
  return index;
}

const ImFontGlyph* find(const std::map<std::pair<float, float>, const ImFontGlyph*>& map, ImVec2 uv) {
  const auto it = map.find({uv.x, uv.y});
  return it == map.end() ? nullptr : it->second;
}

// The glyph drawn by the six indices at `idx`, if they draw one.
bool read_glyph(const ImDrawList& list, const ImDrawCmd& cmd, const ImDrawIdx* idx, const GlyphIndex& glyphs,
                GlyphQuad& out) {
  const unsigned base = idx[0];
  if (idx[1] != base + 1 || idx[2] != base + 2 || idx[3] != base || idx[4] != base + 2 || idx[5] != base + 3)
    return false;
  const size_t first = cmd.VtxOffset + base;
  if (first + 3 >= static_cast<size_t>(list.VtxBuffer.Size)) return false;
  const ImDrawVert* v = &list.VtxBuffer[static_cast<int>(first)];
  const bool axis_aligned = v[0].pos.y == v[1].pos.y && v[1].pos.x == v[2].pos.x && v[2].pos.y == v[3].pos.y &&
                            v[3].pos.x == v[0].pos.x && v[1].pos.x > v[0].pos.x;
  if (!axis_aligned) return false;
  const float eps = 1e-6f;
  const ImFontGlyph* glyph = find(glyphs.by_left, v[0].uv);
  bool cut = false, cut_left = false;
  if (glyph) {
    cut = v[1].uv.x < glyph->U1 - eps;
  } else if ((glyph = find(glyphs.by_right, v[1].uv)) != nullptr) {
    cut = cut_left = v[0].uv.x > glyph->U0 + eps;
  }
  if (!glyph) return false;
  const ImVec4& clip = cmd.ClipRect;
  cut = cut || v[0].pos.x < clip.x - 0.5f || v[1].pos.x > clip.z + 0.5f;
  out = {glyph, v[0].pos, v[2].pos, cut, cut_left};
  return true;
}

void append_utf8(std::string& text, ImWchar c) {
  char buffer[5];
  text += ImTextCharToUtf8(buffer, c);
}

// One drawn line of glyphs. Spaces are not drawn: where the pen moved further
// than the previous glyph's advance, a space (or a gap between two texts) was.
std::string line_text(const std::vector<GlyphQuad>& line) {
  std::string text;
  for (size_t i = 0; i < line.size(); ++i) {
    if (i > 0 && line[i].pen() - line[i - 1].pen_after() > 0.5f) text += ' ';
    append_utf8(text, static_cast<ImWchar>(line[i].glyph->Codepoint));
  }
  return text;
}

const ImGuiWindow* owner(const ImDrawList& list) {
  return list._OwnerName ? ImGui::FindWindowByName(list._OwnerName) : nullptr;
}

std::string panel_name(const ImGuiWindow* window) {
  const std::string name = window->RootWindow ? window->RootWindow->Name : window->Name;
  const std::string shown = name.substr(0, name.find("##"));
  return shown.empty() ? name : shown;  // "##MainMenuBar", "##tabs:..."
}

bool scrolls_sideways(const ImGuiWindow* window) {
  return (window->Flags & ImGuiWindowFlags_HorizontalScrollbar) && window->ScrollMax.x > 0;
}

// The edit boxes of the frame being built (and of the last one, until the next starts).
struct TextFields {
  int frame = -1;
  std::vector<ImRect> boxes;
};
TextFields& text_fields() {
  static TextFields fields;
  return fields;
}

bool in_text_field(const GlyphQuad& quad) {
  const TextFields& fields = text_fields();
  if (fields.frame != ImGui::GetFrameCount()) return false;
  for (const ImRect& box : fields.boxes)
    if (box.Contains(ImVec2(quad.min.x, (quad.min.y + quad.max.y) / 2)) ||
        box.Contains(ImVec2(quad.max.x - 1, (quad.min.y + quad.max.y) / 2)))
      return true;
  return false;
}

void cut_lines(const ImDrawList& list, const ImTextureID font_texture, const GlyphIndex& glyphs,
               const std::string& panel, std::vector<ClippedText>& found) {
  for (const ImDrawCmd& cmd : list.CmdBuffer) {
    if (cmd.UserCallback || cmd.TextureId != font_texture) continue;
    const ImDrawIdx* idx = list.IdxBuffer.Data + cmd.IdxOffset;
    std::vector<GlyphQuad> line;
    bool line_cut = false;
    unsigned last_base = 0;
    const auto flush = [&] {
      if (line_cut) found.push_back({panel, line_text(line), line.front().min.x, line.front().min.y});
      line.clear();
      line_cut = false;
    };
    for (unsigned i = 0; i + 6 <= cmd.ElemCount;) {
      GlyphQuad quad;
      if (!read_glyph(list, cmd, idx + i, glyphs, quad)) {
        flush();
        i += 3;  // triangles come in threes, so this keeps to their boundaries
        continue;
      }
      // A line ends where a text call ends (its glyphs are consecutive) or wraps back left.
      const bool continues = !line.empty() && idx[i] == last_base + 4 && quad.min.x >= line.back().min.x;
      if (!continues) flush();
      line.push_back(quad);
      line_cut = line_cut || (quad.cut && !in_text_field(quad));
      last_base = idx[i];
      i += 6;
    }
    flush();
  }
}

}  // namespace

void note_text_field() {
  TextFields& fields = text_fields();
  if (fields.frame != ImGui::GetFrameCount()) fields = {ImGui::GetFrameCount(), {}};
  fields.boxes.emplace_back(ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
}

std::vector<ClippedText> clipped_text(const ImDrawData& draw_data) {
  std::vector<ClippedText> found;
  const ImFontAtlas& atlas = *ImGui::GetIO().Fonts;
  const GlyphIndex glyphs = index_glyphs(atlas);
  for (int n = 0; n < draw_data.CmdListsCount; ++n) {
    const ImDrawList& list = *draw_data.CmdLists[n];
    const ImGuiWindow* window = owner(list);
    if (window && scrolls_sideways(window)) continue;
    cut_lines(list, atlas.TexID, glyphs, window ? panel_name(window) : "", found);
  }
  // Content wider than a panel that cannot scroll sideways is out of reach even
  // where no glyph straddles the edge (a button placed wholly past it).
  for (const ImGuiWindow* window : ImGui::GetCurrentContext()->Windows) {
    if (!window->WasActive || window->Hidden || window->Collapsed || scrolls_sideways(window)) continue;
    if (window->Flags & ImGuiWindowFlags_AlwaysAutoResize) continue;
    // This frame's extent (ContentSize is the previous frame's: a scroll bar that
    // has just appeared would count its width once).
    const float content = window->DC.CursorMaxPos.x - window->DC.CursorStartPos.x;
    const float past = content + window->WindowPadding.x * 2 - window->InnerRect.GetWidth();
    if (past > 2) {
      found.push_back({panel_name(window), "content " + std::to_string(static_cast<int>(std::lround(past))) +
                                               " px wider than the panel",
                       window->InnerRect.Max.x, window->InnerRect.Min.y});
    }
  }
  return found;
}

}  // namespace ferlab::app
