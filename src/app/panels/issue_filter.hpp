#pragma once
// The dataset browser's data-issue filter: its choices, the names the UI shows
// and the names `ferlab studio --browse` takes, in one table.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ferlab::app {

enum IssueFilter : int {
  kAnyIssue = 0,
  kHasDuplicate,    // faces with an exact or near copy elsewhere in the data set
  kLabelConflicts,  // the faces of duplicate groups whose copies carry different labels, group by group
  kBlankImages,     // blank or constant images (data/blank_faces.hpp)
  kIssueFilterCount,
};

const char* issue_filter_label(IssueFilter filter);  // "label conflicts": the UI's words
// "duplicates", "conflicts", "blank": the command line's (kAnyIssue has none).
std::vector<std::string> issue_filter_names();
std::optional<IssueFilter> issue_filter_named(std::string_view name);

}  // namespace ferlab::app
