#include "eval/model_paths.hpp"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <optional>
#include <set>

#include "core/atomic_file.hpp"
#include "core/errors.hpp"
#include "models/model_files.hpp"
#include "models/model_kinds.hpp"

namespace ferlab {

namespace fs = std::filesystem;

namespace {

bool is_file(const fs::path& path) {
  std::error_code ec;
  return fs::is_regular_file(path, ec);
}

std::string trim(const std::string& s) {
  const auto first = s.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return "";
  return s.substr(first, s.find_last_not_of(" \t\r\n") - first + 1);
}

// The weights files a spec may mean, without looking at the disk: "x.json" and
// "x" mean "x.safetensors", else a TorchScript "x.pt" or "x.pth" (the card and
// the weights sit side by side).
std::vector<fs::path> weights_files_for(const std::string& spec) {
  if (is_model_weights_file(spec)) return {spec};
  const std::string stem = model_stem(spec);
  return {stem + kWeightsExtension, stem + ".pt", stem + ".pth"};
}

// A bare name ("cnn") is looked up in models_dir first, then as a path from the
// working directory; anything with a directory part is a path only.
std::optional<std::string> find_weights(const std::string& spec, const fs::path& models_dir,
                                        std::vector<std::string>& looked_for) {
  const fs::path as_path(spec);
  std::vector<fs::path> candidates;
  if (!as_path.has_parent_path())
    for (const fs::path& file : weights_files_for(spec)) candidates.push_back(models_dir / file);
  for (const fs::path& file : weights_files_for(spec)) candidates.push_back(file);
  for (const fs::path& candidate : candidates) {
    looked_for.push_back(candidate.string());
    if (is_file(candidate)) return candidate.string();
  }
  return std::nullopt;
}

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) out += (i ? ", " : "") + items[i];
  return out;
}

// The names a user can give instead: the models in models_dir, then "ensemble".
std::string valid_names(const fs::path& models_dir) {
  std::vector<std::string> listed = model_names_in(models_dir.string());
  if (listed.empty()) return "there are no models in " + models_dir.string();
  listed.push_back("ensemble");
  return "models in " + models_dir.string() + ": " + join(listed) +
         " (or the path of a .safetensors file, or of a TorchScript .pt file: docs/YOUR_MODELS.md)";
}

std::vector<std::string> resolve_named(const std::string& spec, const fs::path& models_dir) {
  std::vector<std::string> looked_for;
  if (auto found = find_weights(spec, models_dir, looked_for)) return {*found};
  throw ModelError("no model '" + spec + "': looked for " + join(looked_for) + "; " + valid_names(models_dir));
}

// A model named in one of models_dir's .txt files (default.txt, ensemble.txt):
// an error says which file named it.
std::vector<std::string> resolve_listed(const std::string& name, const fs::path& list_file, const fs::path& models_dir) {
  try {
    return resolve_model_paths(name, models_dir.string());
  } catch (const ModelError& e) {
    throw ModelError(std::string(e.what()) + " (named by " + list_file.string() + ")");
  }
}

// Names in a models/*.txt file, separated by white space or commas.
std::vector<std::string> names_in(const std::string& text) {
  std::vector<std::string> names;
  std::string name;
  for (const char c : text + "\n") {
    if (c == ',' || std::isspace(static_cast<unsigned char>(c))) {
      if (!name.empty()) names.push_back(name);
      name.clear();
    } else {
      name += c;
    }
  }
  return names;
}

// models/ensemble.txt lists the members when present: which combination is
// worth its cost is a measured choice (docs/MODELS.md), not a fixed rule.
std::vector<std::string> resolve_ensemble(const fs::path& models_dir) {
  const fs::path members_file = models_dir / "ensemble.txt";
  if (is_file(members_file)) {
    const std::vector<std::string> names = names_in(read_text_file(members_file.string()));
    if (names.empty()) throw ModelError(members_file.string() + " must name the ensemble's models (e.g. cnn resnet18), found none");
    std::vector<std::string> found;
    for (const std::string& name : names) {
      if (name == "ensemble" || name == "default") throw ModelError(members_file.string() + " must name models, not '" + name + "'");
      found.push_back(resolve_listed(name, members_file, models_dir).front());
    }
    return found;
  }
  std::vector<std::string> found, looked_for;
  for (const std::string& arch : ensemble_members()) {
    const fs::path path = models_dir / (arch + kWeightsExtension);
    looked_for.push_back(path.string());
    if (is_file(path)) found.push_back(path.string());
  }
  if (found.empty())
    throw ModelError("no model for the ensemble: looked for " + join(looked_for) + " (train one with `ferlab train`)");
  return found;
}

std::vector<std::string> resolve_default(const fs::path& models_dir) {
  const fs::path default_file = models_dir / "default.txt";
  if (is_file(default_file)) {
    const std::string name = trim(read_text_file(default_file.string()));
    if (name.empty() || name == "default")
      throw ModelError(default_file.string() + " must name a model (e.g. cnn), found '" + name + "'");
    return resolve_listed(name, default_file, models_dir);
  }
  std::vector<std::string> looked_for{default_file.string()};
  for (const std::string& arch : ensemble_members()) {
    const fs::path path = models_dir / (arch + kWeightsExtension);
    looked_for.push_back(path.string());
    if (is_file(path)) return {path.string()};
  }
  throw ModelError("no default model: looked for " + join(looked_for) +
                   " (train one with `ferlab train`, or pass --model PATH)");
}

}  // namespace

const std::vector<std::string>& ensemble_members() {
  static const std::vector<std::string> members = model_architectures();
  return members;
}

std::vector<std::string> model_names_in(const std::string& models_dir) {
  std::set<std::string> names;
  std::error_code ec;
  for (fs::directory_iterator it(models_dir, ec), end; !ec && it != end; it.increment(ec))
    if (is_model_weights_file(it->path().string()) && is_file(it->path())) names.insert(it->path().stem().string());
  return {names.begin(), names.end()};
}

std::vector<std::string> resolve_model_paths(const std::string& spec_in, const std::string& models_dir_in) {
  const std::string spec = trim(spec_in);
  const fs::path models_dir = models_dir_in.empty() ? fs::path(".") : fs::path(models_dir_in);
  if (spec.empty() || spec == "default") return resolve_default(models_dir);
  if (spec == "ensemble") return resolve_ensemble(models_dir);
  // "cnn+resnet18": an ensemble named on the spot, so that one --compare SPEC can be one.
  if (spec.find('+') != std::string::npos && !fs::exists(spec)) {
    std::vector<std::string> members;
    for (size_t begin = 0, end; begin <= spec.size(); begin = end + 1) {
      end = std::min(spec.find('+', begin), spec.size());
      const std::string member = trim(spec.substr(begin, end - begin));
      if (member.empty()) throw ModelError("model '" + spec + "': an empty member between its '+' signs");
      members.push_back(member);
    }
    return resolve_model_paths(members, models_dir.string());
  }
  return resolve_named(spec, models_dir);
}

std::vector<std::string> resolve_model_paths(const std::vector<std::string>& specs, const std::string& models_dir) {
  if (specs.empty()) return resolve_model_paths(std::string(), models_dir);
  std::vector<std::string> out;
  std::set<fs::path> seen;
  for (const std::string& spec : specs) {
    for (std::string& path : resolve_model_paths(spec, models_dir)) {
      std::error_code ec;
      const fs::path key = fs::weakly_canonical(path, ec);
      if (seen.insert(ec ? fs::path(path) : key).second) out.push_back(std::move(path));
    }
  }
  return out;
}

std::vector<std::string> model_files(const std::vector<std::string>& weights_paths) {
  std::vector<std::string> files;
  for (const std::string& weights : weights_paths) {
    files.push_back(weights);
    files.push_back(model_card_path(weights));
  }
  return files;
}

}  // namespace ferlab
