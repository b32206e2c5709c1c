#pragma once
// Ctrl-C during long work that writes as it goes (`ferlab video` and `image`
// over many files): while an InterruptWatch lives, the first SIGINT or SIGTERM
// only sets a flag, so the work stops between two steps and leaves its
// outputs complete. A second Ctrl-C ends the process the usual way.
namespace ferlab {

class InterruptWatch {
 public:
  InterruptWatch();   // installs the handlers and clears the flag
  ~InterruptWatch();  // puts the previous handlers back
  InterruptWatch(const InterruptWatch&) = delete;
  InterruptWatch& operator=(const InterruptWatch&) = delete;

  static bool interrupted();
  static int signal_number();  // the signal that interrupted (SIGINT, SIGTERM), 0 if none
};

}  // namespace ferlab
