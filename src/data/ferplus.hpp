#pragma once
// FER+ crowd labels (Barsoum et al. 2016): ten annotators' votes per FER-2013
// image over eight emotions plus `unknown` and `NF` (not a face), in a CSV
// `file,neutral,happiness,surprise,sadness,anger,disgust,fear,contempt,unknown,NF`
// whose `file` is relative to the dataset root (test/angry/PublicTest_1.jpg).
// FER+ names map to FER-2013's classes by name; contempt has no FER-2013 class.
#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/face_dataset.hpp"

namespace ferlab {

constexpr int kFerPlusColumns = 10;
using FerPlusVotes = std::array<int, kFerPlusColumns>;  // in the CSV's column order

struct FerPlusTable {
  std::string path;                                       // the CSV it came from, for messages
  std::unordered_map<std::string, FerPlusVotes> votes;   // by file relative to the dataset root
};

// Throws DataError naming the file and line for a wrong header, a wrong field
// count, a vote that is not a non-negative integer or a file listed twice.
FerPlusTable load_ferplus_csv(const std::string& path);

// `<root>/ferplus.csv` when `root` is a folder that has one, else nullopt.
std::optional<std::string> find_ferplus_csv(const std::string& root);

// The votes file a command uses: `given` (its --ferplus) when set, else
// `<root>/ferplus.csv`. Throws UsageError naming `option` (what asked for the
// votes) and --ferplus when there is neither.
std::string ferplus_csv_for(const std::string& given, const std::string& root, const std::string& option);

// Why a face has no FER+ majority label, or that it has one.
enum class FerPlusVerdict { Label, Tie, Contempt, Unknown, NotFace, NoVotes };

struct FerPlusMajority {
  FerPlusVerdict verdict = FerPlusVerdict::NoVotes;
  int label = -1;  // canonical FER-2013 label when verdict == Label
};

// The column with the most votes; two or more columns sharing the most is a Tie.
FerPlusMajority ferplus_majority(const FerPlusVotes& votes);

// The crowd's votes as a distribution over FER-2013's seven classes (canonical
// order): contempt, unknown and NF votes are dropped and the rest renormalised
// (Barsoum et al.'s probabilistic label). nullopt when no vote names one of the
// seven classes.
std::optional<ClassDistribution> ferplus_distribution(const FerPlusVotes& votes);

struct FerPlusRelabelled {
  FaceDataset dataset;               // the kept faces with their FER+ majority label
  std::vector<size_t> kept;          // for each kept face, its index in the input
  size_t changed = 0;                // kept faces whose FER+ label differs from the input's
  size_t missing = 0;                // faces with no row in the table
  size_t tie = 0, contempt = 0, unknown = 0, not_face = 0, no_votes = 0;  // left out, by verdict
  size_t left_out() const { return missing + tie + contempt + unknown + not_face + no_votes; }
};

// Looks each face up by its source. Throws DataError when no face has a row
// (sources that are not relative to the dataset root, or the wrong table).
FerPlusRelabelled relabel_with_ferplus(const FaceDataset& dataset, const FerPlusTable& table);

}  // namespace ferlab
