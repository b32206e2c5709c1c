#pragma once
// A child process that talks in lines: the parent writes requests to its
// standard input and reads replies from its standard output; its standard
// error is the parent's, so its warnings reach the terminal. `ferlab video`
// and `ferlab image --jobs N` share their files out among such workers.
#include <sys/types.h>

#include <string>
#include <vector>

namespace ferlab {

class WorkerProcess {
 public:
  // Starts the program `argv[0]` (a path) with `argv`. Throws Error when it
  // cannot be started; a program that does not exist ends at once (exit 127).
  explicit WorkerProcess(const std::vector<std::string>& argv);
  ~WorkerProcess();  // kills it if it is still running, and reaps it
  WorkerProcess(const WorkerProcess&) = delete;
  WorkerProcess& operator=(const WorkerProcess&) = delete;

  // One line to its input (the newline is added). False when the worker has
  // gone: writing to it never raises SIGPIPE.
  bool send_line(const std::string& line);
  void close_input();  // the worker reads end-of-file

  // The descriptor to poll for its output (readable_descriptors).
  int output_descriptor() const { return socket_; }
  // Reads what has arrived and appends each complete line (without its
  // newline) to `lines`. False once its output has ended.
  bool read_lines(std::vector<std::string>& lines);

  void signal(int signal_number);
  // Waits until it ends: "" when it exited with status 0, else what ended it
  // ("exit status 3", "killed by signal 9").
  std::string wait();

 private:
  pid_t pid_ = -1;
  int socket_ = -1;
  std::string partial_line_;
  bool reaped_ = false;
  std::string ending_;
};

// The indices of the descriptors in `descriptors` that can be read (or have
// ended) within `timeout_ms`; empty when none.
std::vector<size_t> readable_descriptors(const std::vector<int>& descriptors, int timeout_ms);

// The path of the running program, to start workers of the same build.
std::string own_executable();

}  // namespace ferlab
