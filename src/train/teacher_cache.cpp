#include "train/teacher_cache.hpp"

#include <cstdio>
#include <cstring>
#include <filesystem>

#include <nlohmann/json.hpp>

#include "core/atomic_file.hpp"
#include "core/crc32.hpp"
#include "core/errors.hpp"

namespace ferlab {
namespace {

// "FERLAB-TEACHER 1\n", one JSON line describing what follows, then the
// predictions as little-endian float32, faces x 7.
constexpr const char* kMagic = "FERLAB-TEACHER 1\n";

nlohmann::json describe(const std::string& teacher_name, const FaceDataset& faces) {
  return {{"teacher", teacher_name}, {"faces", faces.size()}, {"faces_crc", crc32(faces.pixels().data(), faces.pixels().size())}};
}

// The cached predictions, or why there are none to use.
std::vector<ClassDistribution> read_cache(const std::string& path, const nlohmann::json& expected, std::string& why) {
  const std::string bytes = read_text_file(path);  // binary-safe
  const size_t magic = std::strlen(kMagic);
  const size_t line_end = bytes.find('\n', magic);
  if (bytes.compare(0, magic, kMagic) != 0 || line_end == std::string::npos) {
    why = "not a teacher file";
    return {};
  }
  const nlohmann::json header = nlohmann::json::parse(bytes.substr(magic, line_end - magic), nullptr, false);
  if (header.is_discarded() || !header.contains("crc")) {
    why = "damaged header";
    return {};
  }
  nlohmann::json key = header;
  key.erase("crc");
  if (key != expected) {
    why = "made for other faces or another teacher";
    return {};
  }
  const size_t n = expected.at("faces").get<size_t>();
  const std::string_view payload(bytes.data() + line_end + 1, bytes.size() - line_end - 1);
  if (payload.size() != n * sizeof(ClassDistribution) || crc32(payload.data(), payload.size()) != header.at("crc")) {
    why = "damaged predictions (size or CRC)";
    return {};
  }
  std::vector<ClassDistribution> out(n);
  std::memcpy(out.data(), payload.data(), payload.size());
  return out;
}

}  // namespace

std::vector<ClassDistribution> cached_teacher_predictions(const std::string& path, const std::string& teacher_name,
                                                          const FaceDataset& faces, const TeacherFunction& teacher) {
  const nlohmann::json key = describe(teacher_name, faces);
  std::error_code ec;
  if (std::filesystem::exists(path, ec)) {
    std::string why;
    std::vector<ClassDistribution> cached = read_cache(path, key, why);
    if (!cached.empty()) return cached;
    std::fprintf(stderr, "note: %s: %s; asking the teacher again\n", path.c_str(), why.c_str());
  }
  const std::vector<ClassDistribution> predictions = teacher(faces);
  if (predictions.size() != faces.size())
    throw UsageError("the teacher gave " + std::to_string(predictions.size()) + " predictions for " +
                     std::to_string(faces.size()) + " training faces");
  const size_t size = predictions.size() * sizeof(ClassDistribution);
  nlohmann::json header = key;
  header["crc"] = crc32(predictions.data(), size);
  write_file_atomically(path, [&](std::ostream& out) {
    out << kMagic << header.dump() << '\n';
    out.write(reinterpret_cast<const char*>(predictions.data()), static_cast<std::streamsize>(size));
  });
  return predictions;
}

}  // namespace ferlab
