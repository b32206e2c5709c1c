#include "app/studio_settings.hpp"

#include <cstdlib>
#include <filesystem>

#include "core/atomic_file.hpp"
#include "core/errors.hpp"
#include "core/json_text.hpp"

namespace ferlab::app {
namespace {

std::vector<std::string> strings_at(const nlohmann::json& j, const char* key, const std::string& path) {
  if (!j.contains(key)) return {};
  const auto& list = j.at(key);
  if (!list.is_array()) throw DataError(path + ": \"" + key + "\" should be a list of strings");
  std::vector<std::string> out;
  for (const auto& item : list) {
    if (!item.is_string()) throw DataError(path + ": \"" + key + "\" should be a list of strings, found " + item.type_name());
    out.push_back(item.get<std::string>());
  }
  return out;
}

}  // namespace

bool StudioSettings::operator==(const StudioSettings& other) const {
  return sources == other.sources && data == other.data && models == other.models && panels == other.panels &&
         detector == other.detector;
}

StudioSettings load_studio_settings(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return {};
  nlohmann::json j;
  try {
    j = parse_json(read_text_file(path), path);
  } catch (const Error& e) {
    throw DataError(e.what());
  }
  if (!j.is_object()) throw DataError(path + ": expected a JSON object of workbench settings");
  StudioSettings settings;
  settings.sources = strings_at(j, "sources", path);
  settings.models = strings_at(j, "models", path);
  settings.panels = strings_at(j, "panels", path);
  if (j.contains("detector")) {
    if (!j["detector"].is_string()) throw DataError(path + ": \"detector\" should be a detector's name");
    settings.detector = j["detector"].get<std::string>();
  }
  if (j.contains("data")) {
    if (!j["data"].is_string()) throw DataError(path + ": \"data\" should be a path");
    settings.data = j["data"].get<std::string>();
  }
  return settings;
}

void save_studio_settings(const StudioSettings& settings, const std::string& path) {
  const nlohmann::json j = {
      {"sources", settings.sources}, {"data", settings.data}, {"models", settings.models}, {"panels", settings.panels},
      {"detector", settings.detector}};
  write_text_atomically(path, json_text(j, 2) + "\n");
}

std::string studio_config_dir() {
  const char* home = std::getenv("HOME");
  if (!home || !*home) return "";
  const std::filesystem::path dir = std::filesystem::path(home) / ".config" / "ferlab";
  std::error_code ignored;  // a folder that cannot be made shows up when the files are written
  std::filesystem::create_directories(dir, ignored);
  return dir.string();
}

StudioStart resolve_studio_start(const StudioStart& given, const std::string& default_source,
                                 const StudioSettings& remembered) {
  StudioStart start;
  start.recent_sources = remembered.sources;
  start.source = !given.source.empty()          ? given.source
                 : !remembered.sources.empty() ? remembered.sources.front()
                                                : default_source;
  start.data = !given.data.empty() ? given.data : remembered.data;
  start.models = !given.models.empty() ? given.models : !remembered.models.empty() ? remembered.models
                                                                                    : std::vector<std::string>{"default"};
  start.panels = !given.panels.empty() ? given.panels : remembered.panels;
  start.detector = !given.detector.empty() ? given.detector : remembered.detector;
  return start;
}

}  // namespace ferlab::app
