#include "core/worker_process.hpp"

#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "core/errors.hpp"

namespace ferlab {

WorkerProcess::WorkerProcess(const std::vector<std::string>& argv) {
  if (argv.empty()) throw Error("a worker process needs a program to run");
  // One socket for both directions: send() with MSG_NOSIGNAL never raises
  // SIGPIPE when the worker has died, where a pipe's write() would.
  int ends[2];
  if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, ends) != 0)
    throw Error(std::string("cannot create a socket for a worker process: ") + std::strerror(errno));
  // Everything the child needs is built before fork(): after it, only calls
  // that are safe in a copy of a multi-threaded process.
  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_ = ::fork();
  if (pid_ < 0) {
    ::close(ends[0]);
    ::close(ends[1]);
    throw Error(std::string("cannot start a worker process: ") + std::strerror(errno));
  }
  if (pid_ == 0) {
    ::dup2(ends[1], STDIN_FILENO);  // dup2 clears close-on-exec on the copies
    ::dup2(ends[1], STDOUT_FILENO);
    ::execv(args[0], args.data());
    ::_exit(127);
  }
  ::close(ends[1]);
  socket_ = ends[0];
}

WorkerProcess::~WorkerProcess() {
  if (!reaped_) {
    ::kill(pid_, SIGKILL);
    wait();
  }
  if (socket_ >= 0) ::close(socket_);
}

bool WorkerProcess::send_line(const std::string& line) {
  const std::string text = line + '\n';
  for (size_t sent = 0; sent < text.size();) {
    const ssize_t n = ::send(socket_, text.data() + sent, text.size() - sent, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    sent += static_cast<size_t>(n);
  }
  return true;
}

void WorkerProcess::close_input() { ::shutdown(socket_, SHUT_WR); }

bool WorkerProcess::read_lines(std::vector<std::string>& lines) {
  char buffer[65536];
  ssize_t n;
  do n = ::recv(socket_, buffer, sizeof buffer, 0);
  while (n < 0 && errno == EINTR);
  if (n <= 0) return false;
  partial_line_.append(buffer, static_cast<size_t>(n));
  size_t start = 0;
  for (size_t end; (end = partial_line_.find('\n', start)) != std::string::npos; start = end + 1)
    lines.push_back(partial_line_.substr(start, end - start));
  partial_line_.erase(0, start);
  return true;
}

void WorkerProcess::signal(int signal_number) {
  if (!reaped_) ::kill(pid_, signal_number);
}

std::string WorkerProcess::wait() {
  if (reaped_) return ending_;
  int status = 0;
  while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
  }
  reaped_ = true;
  if (WIFEXITED(status) && WEXITSTATUS(status) != 0)
    ending_ = "exit status " + std::to_string(WEXITSTATUS(status));
  else if (WIFSIGNALED(status))
    ending_ = "killed by signal " + std::to_string(WTERMSIG(status)) + " (" + strsignal(WTERMSIG(status)) + ")";
  return ending_;
}

std::vector<size_t> readable_descriptors(const std::vector<int>& descriptors, int timeout_ms) {
  std::vector<pollfd> polled;
  for (const int d : descriptors) polled.push_back({d, POLLIN, 0});
  std::vector<size_t> ready;
  if (::poll(polled.data(), polled.size(), timeout_ms) <= 0) return ready;
  for (size_t i = 0; i < polled.size(); ++i)
    if (polled[i].revents != 0) ready.push_back(i);
  return ready;
}

std::string own_executable() { return std::filesystem::read_symlink("/proc/self/exe").string(); }

}  // namespace ferlab
