#pragma once
// Runs the real `ferlab` binary (FERLAB_BINARY), or any command, as a user
// would, from a shell, and collects its exit code and everything it printed.
#include <sys/wait.h>

#include <cstdio>
#include <string>

namespace ferlab::test {

struct CommandResult {
  int exit_code = -1;
  std::string output;  // stdout and stderr together
};

inline std::string quoted(const std::string& path) { return "'" + path + "'"; }

// A shell command line, as /bin/sh runs it.
inline CommandResult run_command(const std::string& command) {
  CommandResult result;
  FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  if (!pipe) return result;
  char buffer[4096];
  for (size_t n; (n = fread(buffer, 1, sizeof buffer, pipe)) > 0;) result.output.append(buffer, n);
  const int status = pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

inline CommandResult run_ferlab(const std::string& arguments) {
  return run_command(quoted(FERLAB_BINARY) + " " + arguments);
}

}  // namespace ferlab::test
