// FER-2013's original CSV. The full file is 35,887 rows / ~300 MB of decimal
// text, so it is read in one go and parsed by hand: an iostream extraction per
// pixel value would take tens of seconds.
#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstring>
#include <filesystem>
#include <optional>
#include <string_view>

#include "core/errors.hpp"
#include "core/text.hpp"
#include "data/dataset_io.hpp"
#include "data/file_bytes.hpp"
#include "data/problem_log.hpp"

namespace ferlab {
namespace {

constexpr std::string_view kExpectedHeader = "emotion,pixels,Usage";
constexpr size_t kProgressEveryRows = 2048;

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

// Some copies of the CSV quote the pixels field; none put commas inside quotes,
// but splitting only outside quotes costs nothing and is what CSV means.
std::string_view unquote(std::string_view s) {
  s = trim(s);
  if (s.size() >= 2 && s.front() == '"' && s.back() == '"') s = s.substr(1, s.size() - 2);
  return s;
}

// Splits on commas outside double quotes. Returns false at an unclosed quote.
bool split_fields(std::string_view line, std::vector<std::string_view>& fields) {
  fields.clear();
  bool in_quotes = false;
  size_t start = 0;
  for (size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (c == '"') {
      in_quotes = !in_quotes;
    } else if (c == ',' && !in_quotes) {
      fields.push_back(unquote(line.substr(start, i - start)));
      start = i + 1;
    }
  }
  fields.push_back(unquote(line.substr(start)));
  return !in_quotes;
}

std::string shorten(std::string_view s, size_t max_chars = 24) {
  if (s.size() <= max_chars) return std::string(s);
  return std::string(s.substr(0, max_chars)) + "...";
}

struct Columns {
  size_t count = 0;
  size_t emotion = 0;
  size_t pixels = 0;
  std::optional<size_t> usage;
};

std::optional<Columns> parse_header(std::string_view line) {
  std::vector<std::string_view> fields;
  if (!split_fields(line, fields)) return std::nullopt;
  Columns columns;
  columns.count = fields.size();
  bool has_emotion = false, has_pixels = false;
  for (size_t i = 0; i < fields.size(); ++i) {
    const std::string name = to_lower(fields[i]);
    if (name == "emotion" && !has_emotion) {
      columns.emotion = i;
      has_emotion = true;
    } else if (name == "pixels" && !has_pixels) {
      columns.pixels = i;
      has_pixels = true;
    } else if (name == "usage" && !columns.usage) {
      columns.usage = i;
    } else {
      return std::nullopt;
    }
  }
  if (!has_emotion || !has_pixels) return std::nullopt;
  return columns;
}

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Parses 2304 space-separated values into `out`. Returns what is wrong, or an
// empty string when the field is good.
std::string parse_pixels(std::string_view text, uint8_t* out) {
  const char* p = text.data();
  const char* const end = p + text.size();
  size_t count = 0;
  while (true) {
    while (p < end && (*p == ' ' || *p == '\t')) ++p;
    if (p == end) break;
    const char* const start = p;
    unsigned value = 0;
    while (p < end && *p >= '0' && *p <= '9') {
      // Capped so that a long run of digits cannot overflow; anything over 255 is out of range anyway.
      value = std::min(value * 10 + static_cast<unsigned>(*p - '0'), 1000u);
      ++p;
    }
    const bool numeric = p > start && (p == end || *p == ' ' || *p == '\t');
    while (p < end && *p != ' ' && *p != '\t') ++p;
    ++count;
    if (numeric && value <= 255) {
      if (count <= static_cast<size_t>(kFacePixels)) out[count - 1] = static_cast<uint8_t>(value);
      continue;
    }
    const std::string_view token(start, static_cast<size_t>(p - start));
    const std::string position = " at position " + std::to_string(count);
    if (numeric || (token.size() > 1 && token[0] == '-' && all_digits(token.substr(1))))
      return "value " + shorten(token) + " out of range 0-255" + position;
    return "non-numeric value '" + shorten(token) + "'" + position;
  }
  if (count != static_cast<size_t>(kFacePixels))
    return "expected " + std::to_string(kFacePixels) + " pixel values, found " + std::to_string(count);
  return {};
}

struct Row {
  int label = 0;
  Split split = Split::Train;
};

// Returns what is wrong with the row, or an empty string with `row` and `pixels` filled.
std::string parse_row(const std::vector<std::string_view>& fields, const Columns& columns, Row& row,
                      uint8_t* pixels) {
  if (fields.size() != columns.count)
    return "wrong column count: expected " + std::to_string(columns.count) + ", found " +
           std::to_string(fields.size());

  const std::string_view code_text = fields[columns.emotion];
  long code = 0;
  const auto [ptr, ec] = std::from_chars(code_text.data(), code_text.data() + code_text.size(), code);
  if (ec != std::errc() || ptr != code_text.data() + code_text.size() || code_text.empty())
    return "non-numeric emotion code '" + shorten(code_text) + "'";
  const std::optional<int> label = emotion_from_csv_code(code);
  if (!label) return "unknown emotion code " + std::string(code_text) + " (expected 0-6)";
  row.label = *label;

  row.split = Split::Train;
  if (columns.usage) {
    const std::string_view usage = fields[*columns.usage];
    const std::optional<Split> split = split_from_name(usage);
    if (!split) return "unknown Usage '" + shorten(usage) + "' (expected Training, PublicTest or PrivateTest)";
    row.split = *split;
  }
  return parse_pixels(fields[columns.pixels], pixels);
}

}  // namespace

FaceDataset load_csv(const std::string& path, const LoadOptions& options, LoadReport* report) {
  detail::ProblemLog problems(options, report);
  const std::string text = detail::read_file_bytes(path);
  std::string_view rest(text);
  if (rest.substr(0, 3) == "\xEF\xBB\xBF") rest.remove_prefix(3);  // UTF-8 byte order mark from spreadsheet exports

  // Lines minus the header: exact unless there are blank lines, then an upper bound.
  const size_t lines = static_cast<size_t>(std::count(rest.begin(), rest.end(), '\n')) +
                       (!rest.empty() && rest.back() != '\n' ? 1 : 0);
  const size_t total_rows = lines > 0 ? lines - 1 : 0;
  const std::string file_name = std::filesystem::path(path).filename().string();

  FaceDataset dataset;
  // A good row holds at least 2304 one-digit values and their separators: the
  // file size bounds the row count even when most lines are blank.
  dataset.reserve(std::min(total_rows, text.size() / (2 * kFacePixels)));
  std::vector<std::string_view> fields;
  std::vector<uint8_t> pixels(kFacePixels);
  std::optional<Columns> columns;
  if (options.progress) options.progress(0, total_rows);
  size_t line_number = 0;
  size_t rows_seen = 0;
  while (!rest.empty()) {
    const size_t newline = rest.find('\n');
    std::string_view line = rest.substr(0, newline);
    rest.remove_prefix(newline == std::string_view::npos ? rest.size() : newline + 1);
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (trim(line).empty()) continue;

    if (!columns) {
      columns = parse_header(line);
      if (!columns)
        throw DataError(path + ": missing or wrong header: expected '" + std::string(kExpectedHeader) +
                        "', found '" + shorten(line, 60) + "'");
      continue;
    }

    ++rows_seen;
    if (options.progress && rows_seen % kProgressEveryRows == 0) options.progress(rows_seen, total_rows);
    Row row;
    std::string problem = split_fields(line, fields) ? parse_row(fields, *columns, row, pixels.data())
                                                     : std::string("unclosed quote");
    if (!problem.empty()) {
      problems.skip(path + ":" + std::to_string(line_number) + ": " + problem);
      continue;
    }
    dataset.add(pixels.data(), row.label, row.split, file_name + ":" + std::to_string(line_number));
  }
  if (!columns)
    throw DataError(path + ": empty file, expected the header '" + std::string(kExpectedHeader) + "'");
  if (options.progress) options.progress(rows_seen, rows_seen);
  problems.set_loaded(dataset.size());
  return dataset;
}

}  // namespace ferlab
