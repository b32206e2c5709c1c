// libFuzzer target: FER-2013 CSV files (load_csv). Any input either loads or
// throws DataError naming the file; a lenient load accounts for every row it
// skipped, and a strict load succeeds exactly when nothing was skipped.
#include <cstddef>
#include <cstdint>

#include "core/errors.hpp"
#include "data/dataset_io.hpp"
#include "fuzz_input_file.hpp"

using ferlab::fuzz::check;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static ferlab::fuzz::InputFile file(".csv");
  const std::string& path = file.write(data, size);
  ferlab::LoadReport report;
  bool lenient_loaded = false;
  try {
    const auto dataset = ferlab::load_csv(path, {}, &report);
    lenient_loaded = true;
    check(report.loaded == dataset.size() && report.skipped == report.problems.size());
    for (size_t i = 0; i < dataset.size(); ++i) check(dataset.label(i) >= 0 && dataset.label(i) < ferlab::kNumEmotions);
  } catch (const ferlab::DataError&) {
  }
  ferlab::LoadOptions strict;
  strict.strict = true;
  try {
    const auto dataset = ferlab::load_csv(path, strict);
    check(lenient_loaded && report.skipped == 0 && dataset.size() == report.loaded);
  } catch (const ferlab::DataError&) {
    check(!lenient_loaded || report.skipped > 0);
  }
  return 0;
}
