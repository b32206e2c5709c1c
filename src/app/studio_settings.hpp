#pragma once
// What the workbench remembers between runs, in workbench.json beside imgui.ini
// (~/.config/ferlab/): the recent live sources, the data set, the loaded models
// and the panels shown. A new run re-opens them; what the command line names
// (--source, --data, --model, --panels) wins over what was remembered.
#include <string>
#include <vector>

namespace ferlab::app {

struct StudioSettings {
  std::vector<std::string> sources;  // live sources, newest first
  std::string data;                  // "" = none
  std::vector<std::string> models;   // model specs, in load order
  std::vector<std::string> panels;   // names of the panels shown (studio_panel_names)

  bool operator==(const StudioSettings& other) const;
};

// A missing file is a first run: empty settings. Throws ferlab::DataError
// naming the file when it is unreadable or not such a file.
StudioSettings load_studio_settings(const std::string& path);
void save_studio_settings(const StudioSettings& settings, const std::string& path);  // atomic

// ~/.config/ferlab (created if need be), where imgui.ini and workbench.json live;
// "" when HOME is unset (the files then stay in the working folder).
std::string studio_config_dir();

// What a run opens: each of `given` (the command line; empty = not given), else
// what was remembered, else the defaults: `default_source` and the "default" model.
struct StudioStart {
  std::string source;
  std::vector<std::string> recent_sources;
  std::string data;
  std::vector<std::string> models;
  std::vector<std::string> panels;  // empty = the default set
};
StudioStart resolve_studio_start(const std::string& given_source, const std::string& given_data,
                                 const std::vector<std::string>& given_models,
                                 const std::vector<std::string>& given_panels, const std::string& default_source,
                                 const StudioSettings& remembered);

}  // namespace ferlab::app
