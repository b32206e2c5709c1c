#include "data/ferplus.hpp"

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/errors.hpp"

namespace ferlab {
namespace {

constexpr const char* kHeader = "file,neutral,happiness,surprise,sadness,anger,disgust,fear,contempt,unknown,NF";
constexpr size_t kContempt = 7, kUnknown = 8, kNotFace = 9;

// FER+ column -> canonical FER-2013 label, by name; -1 for the three with none.
const std::array<int, kFerPlusColumns>& column_labels() {
  static const std::array<int, kFerPlusColumns> labels = [] {
    const std::array<const char*, kFerPlusColumns> names = {"neutral", "happy", "surprise", "sad", "angry",
                                                            "disgust", "fear",  "",         "",    ""};
    std::array<int, kFerPlusColumns> out{};
    for (size_t c = 0; c < out.size(); ++c) out[c] = *names[c] ? *emotion_from_name(names[c]) : -1;
    return out;
  }();
  return labels;
}

std::vector<std::string> split_commas(const std::string& line) {
  std::vector<std::string> fields;
  std::stringstream in(line);
  for (std::string field; std::getline(in, field, ',');) fields.push_back(field);
  if (!line.empty() && line.back() == ',') fields.emplace_back();
  return fields;
}

}  // namespace

FerPlusTable load_ferplus_csv(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw DataError(path + ": cannot open FER+ label file");
  FerPlusTable table;
  table.path = path;
  std::string line;
  size_t line_number = 0;
  while (std::getline(in, line)) {
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    const std::string where = path + ":" + std::to_string(line_number);
    if (line_number == 1) {
      if (line != kHeader) throw DataError(where + ": expected the FER+ header '" + kHeader + "', got '" + line + "'");
      continue;
    }
    if (line.empty()) continue;
    const std::vector<std::string> fields = split_commas(line);
    if (fields.size() != kFerPlusColumns + 1)
      throw DataError(where + ": expected " + std::to_string(kFerPlusColumns + 1) + " fields, got " +
                      std::to_string(fields.size()));
    FerPlusVotes votes{};
    for (size_t c = 0; c < votes.size(); ++c) {
      const std::string& text = fields[c + 1];
      const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), votes[c]);
      if (error != std::errc() || end != text.data() + text.size() || votes[c] < 0)
        throw DataError(where + ": vote '" + text + "' in column " + std::to_string(c + 2) +
                        " is not a non-negative integer");
    }
    if (!table.votes.emplace(fields[0], votes).second)
      throw DataError(where + ": file " + fields[0] + " is listed twice");
  }
  if (line_number == 0) throw DataError(path + ": empty FER+ label file (no header)");
  return table;
}

std::optional<std::string> find_ferplus_csv(const std::string& root) {
  const std::filesystem::path candidate = std::filesystem::path(root) / "ferplus.csv";
  std::error_code ec;
  if (std::filesystem::is_directory(root, ec) && std::filesystem::is_regular_file(candidate, ec))
    return candidate.string();
  return std::nullopt;
}

std::string ferplus_csv_for(const std::string& given, const std::string& root, const std::string& option) {
  if (!given.empty()) return given;
  if (const std::optional<std::string> found = find_ferplus_csv(root)) return *found;
  throw UsageError(option + ": " + root + " has no ferplus.csv at its root; name one with --ferplus FILE");
}

FerPlusMajority ferplus_majority(const FerPlusVotes& votes) {
  const int most = *std::max_element(votes.begin(), votes.end());
  if (most == 0) return {FerPlusVerdict::NoVotes, -1};
  if (std::count(votes.begin(), votes.end(), most) > 1) return {FerPlusVerdict::Tie, -1};
  const auto column = static_cast<size_t>(std::max_element(votes.begin(), votes.end()) - votes.begin());
  if (column == kContempt) return {FerPlusVerdict::Contempt, -1};
  if (column == kUnknown) return {FerPlusVerdict::Unknown, -1};
  if (column == kNotFace) return {FerPlusVerdict::NotFace, -1};
  return {FerPlusVerdict::Label, column_labels()[column]};
}

std::optional<ClassDistribution> ferplus_distribution(const FerPlusVotes& votes) {
  ClassDistribution distribution{};
  int total = 0;
  for (size_t c = 0; c < votes.size(); ++c) {
    if (column_labels()[c] < 0) continue;
    distribution[static_cast<size_t>(column_labels()[c])] += static_cast<float>(votes[c]);
    total += votes[c];
  }
  if (total == 0) return std::nullopt;
  for (float& p : distribution) p /= static_cast<float>(total);
  return distribution;
}

FerPlusRelabelled relabel_with_ferplus(const FaceDataset& dataset, const FerPlusTable& table) {
  FerPlusRelabelled out;
  for (size_t i = 0; i < dataset.size(); ++i) {
    const auto it = table.votes.find(dataset.source(i));
    if (it == table.votes.end()) {
      ++out.missing;
      continue;
    }
    const FerPlusMajority majority = ferplus_majority(it->second);
    switch (majority.verdict) {
      case FerPlusVerdict::Label:
        out.dataset.add(dataset.image(i), majority.label, dataset.split(i), dataset.source(i));
        out.kept.push_back(i);
        out.changed += majority.label != dataset.label(i) ? 1 : 0;
        break;
      case FerPlusVerdict::Tie: ++out.tie; break;
      case FerPlusVerdict::Contempt: ++out.contempt; break;
      case FerPlusVerdict::Unknown: ++out.unknown; break;
      case FerPlusVerdict::NotFace: ++out.not_face; break;
      case FerPlusVerdict::NoVotes: ++out.no_votes; break;
    }
  }
  if (!dataset.empty() && out.missing == dataset.size())
    throw DataError(table.path + ": none of the " + std::to_string(dataset.size()) +
                    " faces has a row (its `file` column must be the path relative to the dataset root, "
                    "e.g. test/angry/PublicTest_1.jpg; first face's is " + dataset.source(0) + ")");
  return out;
}

}  // namespace ferlab
