#pragma once
// What `ferlab video` and `ferlab image` take as input: files and folders,
// expanded into the list of files to analyse, and where each annotated copy
// goes when there are several.
#include <string>
#include <vector>

namespace ferlab {

enum class MediaKind { Video, Image };

struct BatchInputs {
  // Each argument's files in the order given; a folder's files (searched
  // through its subfolders, hidden ones left out) sorted by path.
  std::vector<std::string> files;
  // Per file: the folder argument it was found in, "" for a file named itself.
  std::vector<std::string> folders;
  // Files inside the folders that are not of the kind (by extension): left
  // out, and said.
  std::vector<std::string> skipped;
  // Folder arguments with no file of the kind, as messages naming them.
  std::vector<std::string> empty_folders;
};

// A file named itself is always analysed (one of another kind fails by name);
// a missing path is kept, to fail by name beside the others.
BatchInputs collect_batch_inputs(const std::vector<std::string>& arguments, MediaKind kind);

// Whether the arguments make a batch (several, or a folder): then --out names a
// folder, where a single file's --out names the copy.
bool is_batch(const std::vector<std::string>& arguments);

// Where each file's annotated copy goes inside `out_folder`: its path below the
// folder argument it came from (its own name when named itself), with an
// extension the writer takes (.mp4 or .avi for videos; .png, .jpg or .jpeg
// for images, else .png); "-2", "-3" ... before the extension where two
// would land on one name.
std::vector<std::string> annotated_copy_paths(const BatchInputs& inputs, const std::string& out_folder, MediaKind kind);

}  // namespace ferlab
