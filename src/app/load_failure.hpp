#pragma once
// A load the user asked for that failed: what was asked for and why it
// failed. The loader keeps it until the next request, so that the panel shows
// the path in its box and the reason beside it until the user acts, where the
// log's toast is gone after seconds.
#include <optional>
#include <string>

namespace ferlab::app {

struct LoadFailure {
  std::string request;  // the path or model spec, as typed
  std::string message;
  int serial = 0;  // a new one for every failure: a panel puts the request in its box once per failure
};

// Puts a new failure's request into a panel's path box, once per failure: the
// user may then edit or clear it. `shown_serial` is the panel's memory of it.
inline void show_failed_request(const std::optional<LoadFailure>& failure, std::string& box, int& shown_serial) {
  if (!failure || failure->serial == shown_serial) return;
  box = failure->request;
  shown_serial = failure->serial;
}

}  // namespace ferlab::app
