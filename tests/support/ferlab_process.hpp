#pragma once
// Starts the real `ferlab` binary (FERLAB_BINARY) in the background with extra
// environment variables, as torchrun starts each rank of a job, and lets a
// test wait for it with a deadline, kill it, and read what it printed.
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <netinet/in.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>

namespace ferlab::test {

class FerlabProcess {
 public:
  // `arguments` as on a shell command line; stdout and stderr go to `log_path`.
  FerlabProcess(const std::string& arguments, const std::map<std::string, std::string>& environment,
                std::string log_path)
      : log_path_(std::move(log_path)) {
    const std::string command = "exec '" + std::string(FERLAB_BINARY) + "' " + arguments + " > '" + log_path_ + "' 2>&1";
    pid_ = ::fork();
    if (pid_ < 0) throw std::runtime_error("fork failed");
    if (pid_ == 0) {
      for (const auto& [name, value] : environment) ::setenv(name.c_str(), value.c_str(), 1);
      ::execl("/bin/sh", "sh", "-c", command.c_str(), static_cast<char*>(nullptr));
      ::_exit(127);
    }
  }
  ~FerlabProcess() {
    if (running()) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
  }
  FerlabProcess(const FerlabProcess&) = delete;
  FerlabProcess& operator=(const FerlabProcess&) = delete;

  // The exit code, or nullopt if it is still running after `timeout`.
  std::optional<int> wait_for(std::chrono::seconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (running()) {
      if (std::chrono::steady_clock::now() > deadline) return std::nullopt;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return exit_code_;
  }
  // Polls the output until it contains `text`; false if the process ends or time runs out first.
  bool wait_for_output(const std::string& text, std::chrono::seconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
      if (output().find(text) != std::string::npos) return true;
      if (!running()) return false;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return false;
  }
  void kill_now() { ::kill(pid_, SIGKILL); }
  void send_signal(int signal_number) { ::kill(pid_, signal_number); }
  std::string output() const {
    std::ifstream in(log_path_, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  }

 private:
  bool running() {
    if (exit_code_) return false;
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == 0) return true;
    exit_code_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    return false;
  }

  std::string log_path_;
  pid_t pid_ = -1;
  std::optional<int> exit_code_;
};

// A TCP port that was free a moment ago, for a rendezvous on the loopback interface.
inline int free_local_port() {
  const int s = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  socklen_t length = sizeof address;
  ::bind(s, reinterpret_cast<sockaddr*>(&address), sizeof address);
  ::getsockname(s, reinterpret_cast<sockaddr*>(&address), &length);
  ::close(s);
  return ntohs(address.sin_port);
}

// The variables torchrun sets for rank `rank` of `world_size` on this machine.
inline std::map<std::string, std::string> torchrun_environment(int rank, int world_size, int port) {
  return {{"WORLD_SIZE", std::to_string(world_size)}, {"RANK", std::to_string(rank)},
          {"LOCAL_RANK", std::to_string(rank)},       {"MASTER_ADDR", "127.0.0.1"},
          {"MASTER_PORT", std::to_string(port)}};
}

}  // namespace ferlab::test
