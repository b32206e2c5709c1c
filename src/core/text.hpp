#pragma once
// Small text helpers shared by every module.
#include <string>
#include <string_view>

namespace ferlab {

std::string to_lower(std::string_view text);  // ASCII only: names, extensions, keywords
std::string file_extension_lower(const std::string& path);  // ".jpg" for "a/B.JPG", "" if none

// A CSV cell as RFC 4180 writes it: in double quotes (doubled inside) when it
// holds a comma, a double quote or a line break; as it is otherwise.
std::string csv_field(std::string_view text);

// `value` with `decimals` digits after the point ("%.*f"): table cells and reports.
std::string fixed(double value, int decimals);

std::string utc_timestamp();  // "2026-11-24T10:15:00Z", for cards, reports and logs
std::string utc_date();       // "2026-11-24"

}  // namespace ferlab
