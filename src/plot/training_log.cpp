#include "plot/training_log.hpp"

#include <array>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/errors.hpp"

namespace ferlab {
namespace {

std::vector<std::string> split_commas(const std::string& line) {
  std::vector<std::string> fields;
  std::stringstream in(line);
  for (std::string field; std::getline(in, field, ',');) fields.push_back(field);
  return fields;
}

double parse_number(const std::string& text, const std::string& where) {
  char* end = nullptr;
  const double value = std::strtod(text.c_str(), &end);
  if (text.empty() || end != text.c_str() + text.size()) throw DataError(where + ": '" + text + "' is not a number");
  return value;
}

}  // namespace

TrainingLog read_training_log(const std::string& path, const std::string& name) {
  std::ifstream in(path);
  if (!in) throw DataError("cannot open training log " + path);
  std::string line;
  if (!std::getline(in, line)) throw DataError(path + ": empty file, expected a training log (epoch,train_loss,...)");
  if (!line.empty() && line.back() == '\r') line.pop_back();
  const std::vector<std::string> header = split_commas(line);
  constexpr std::array<const char*, 6> kColumns = {"epoch", "train_loss", "train_acc", "val_loss", "val_acc", "lr"};
  std::array<size_t, kColumns.size()> column{};
  for (size_t c = 0; c < kColumns.size(); ++c) {
    size_t i = 0;
    while (i < header.size() && header[i] != kColumns[c]) ++i;
    if (i == header.size()) throw DataError(path + ": no '" + kColumns[c] + "' column in the header '" + line + "'");
    column[c] = i;
  }

  TrainingLog log{name, {}};
  for (int number = 2; std::getline(in, line); ++number) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    const std::vector<std::string> fields = split_commas(line);
    const std::string where = path + " line " + std::to_string(number);
    if (fields.size() < header.size())
      throw DataError(where + ": " + std::to_string(fields.size()) + " fields, the header has " + std::to_string(header.size()));
    std::array<double, kColumns.size()> v{};
    for (size_t c = 0; c < kColumns.size(); ++c) v[c] = parse_number(fields[column[c]], where);
    log.rows.push_back({static_cast<int>(v[0]), v[1], v[2], v[3], v[4], v[5]});
  }
  if (log.rows.empty()) throw DataError(path + ": the training log has a header but no epochs");
  return log;
}

std::string training_log_name(const std::string& path) {
  const std::filesystem::path p(path);
  std::string stem = p.filename().string();
  const std::string suffix = ".log.csv";
  if (stem.size() > suffix.size() && stem.compare(stem.size() - suffix.size(), suffix.size(), suffix) == 0)
    return stem.substr(0, stem.size() - suffix.size());
  // runs/NAME/log.csv: the run directory names the run.
  const std::string parent = p.parent_path().filename().string();
  return parent.empty() ? p.stem().string() : parent;
}

}  // namespace ferlab
