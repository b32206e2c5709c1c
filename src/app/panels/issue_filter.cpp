#include "app/panels/issue_filter.hpp"

#include <array>

namespace ferlab::app {
namespace {

struct IssueFilterEntry {
  const char* label;
  const char* name;  // nullptr: not offered on the command line
};
constexpr std::array<IssueFilterEntry, kIssueFilterCount> kEntries = {{
    {"any face", nullptr},
    {"has a duplicate", "duplicates"},
    {"label conflicts", "conflicts"},
    {"blank images", "blank"},
}};

}  // namespace

const char* issue_filter_label(IssueFilter filter) { return kEntries[static_cast<size_t>(filter)].label; }

std::vector<std::string> issue_filter_names() {
  std::vector<std::string> names;
  for (const IssueFilterEntry& e : kEntries)
    if (e.name) names.emplace_back(e.name);
  return names;
}

std::optional<IssueFilter> issue_filter_named(std::string_view name) {
  for (size_t k = 0; k < kEntries.size(); ++k)
    if (kEntries[k].name && name == kEntries[k].name) return static_cast<IssueFilter>(k);
  return std::nullopt;
}

}  // namespace ferlab::app
