#pragma once
// What the workbench remembers between runs, in workbench.json beside imgui.ini
// (~/.config/ferlab/): the recent live sources, the data set, the loaded models,
// the panels shown and the live detector. A new run re-opens them; what the
// command line names (--source, --data, --model, --panels, --detector) wins.
#include <string>
#include <vector>

namespace ferlab::app {

struct StudioSettings {
  std::vector<std::string> sources;  // live sources, newest first
  std::string data;                  // "" = none
  std::vector<std::string> models;   // model specs, in load order
  std::vector<std::string> panels;   // names of the panels shown (studio_panel_names)
  std::string detector;              // the live feed's, by --detector's names; "" = the default

  bool operator==(const StudioSettings& other) const;
};

// A missing file is a first run: empty settings. Throws ferlab::DataError
// naming the file when it is unreadable or not such a file.
StudioSettings load_studio_settings(const std::string& path);
void save_studio_settings(const StudioSettings& settings, const std::string& path);  // atomic

// ~/.config/ferlab (created if need be), where imgui.ini and workbench.json live;
// "" when HOME is unset (the files then stay in the working folder).
std::string studio_config_dir();

// What a run opens: each field of `given` (the command line; empty = not
// given), else what was remembered, else the defaults: `default_source`, the
// "default" model, the default panel set and detector. The recent sources are
// always the remembered ones.
struct StudioStart {
  std::string source;
  std::vector<std::string> recent_sources;
  std::string data;
  std::vector<std::string> models;
  std::vector<std::string> panels;  // empty = the default set
  std::string detector;             // empty = the default detector
};
StudioStart resolve_studio_start(const StudioStart& given, const std::string& default_source,
                                 const StudioSettings& remembered);

}  // namespace ferlab::app
