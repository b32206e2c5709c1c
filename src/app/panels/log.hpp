#pragma once
// The event log on screen: its errors as toasts in the top-right corner for a
// few seconds, and every entry in the Log panel.
#include "app/event_log.hpp"

namespace ferlab::app {

// `now` on the log's clock (EventLog::seconds()).
void draw_log_toasts(const EventLog& log, double now, double seconds_visible = 6.0);
void draw_log_panel(const EventLog& log);

}  // namespace ferlab::app
