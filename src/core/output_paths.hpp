#pragma once
// Checks every command makes on the files it is about to write, before any
// work starts: that no output overwrites one of the command's inputs, and that
// the output can be written at all. One rule, here, for every command.
#include <string>
#include <vector>

namespace ferlab {

// Throws UsageError when `output` (a file the command will write, shown in
// messages as `option`, e.g. "--json") is the same file as one of `inputs`
// after resolving symlinks and hard links, or lies inside an input folder
// (writing into a dataset changes the dataset).
void refuse_output_over_inputs(const std::string& option, const std::string& output,
                               const std::vector<std::string>& inputs);

// Throws UsageError naming the path and the real cause when `output` cannot be
// written as a file: it is a folder, a path component above it is a file, or
// the folder it would go in (or the nearest existing one above) is not writable.
void check_output_file(const std::string& option, const std::string& output);

// Both checks above, for a command's file output; nothing when `output` is empty
// (the option was not given).
void check_output(const std::string& option, const std::string& output, const std::vector<std::string>& inputs);

// Throws UsageError naming the folder and the cause when a file cannot be
// created in the existing folder `dir` (read-only permissions or file system).
// Tries for real, because permission bits do not tell root or a read-only mount.
void check_directory_writable(const std::string& dir);

}  // namespace ferlab
