#include "ingest/home_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <ctime>
#include <utility>

namespace sohoa::ingest {

Result<HomeLock> HomeLock::Acquire(const archive::HomeLayout& home, const std::string& what) {
  const std::string path = (home.root / "watch.lock").string();
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644);
  if (fd < 0) return IoError("cannot open " + path + ": " + std::strerror(errno));
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    const int err = errno;
    char holder[512] = {};
    const ssize_t n = ::pread(fd, holder, sizeof holder - 1, 0);
    ::close(fd);
    if (err != EWOULDBLOCK) return IoError("cannot lock " + path + ": " + std::strerror(err));
    std::string who(holder, n > 0 ? static_cast<size_t>(n) : 0);
    while (!who.empty() && (who.back() == '\n' || who.back() == ' ')) who.pop_back();
    return Unavailable("another sohoa is already serving this home (" +
                       (who.empty() ? std::string("holder unknown") : who) +
                       "): only one may take from its inbox at a time. Stop it first (systemctl stop "
                       "sohoa-watch), or give this one another --home");
  }
  // Read before the note below rewrites the file.
  std::optional<std::time_t> previous_alive;
  struct stat st {};
  if (::fstat(fd, &st) == 0 && st.st_size > 0) previous_alive = st.st_mtime;
  std::time_t now = std::time(nullptr);
  std::tm local{};
  ::localtime_r(&now, &local);
  char since[40];
  std::strftime(since, sizeof since, "%Y-%m-%d %H:%M:%S", &local);
  const std::string holder = what + ", PID " + std::to_string(::getpid()) + ", since " + since + "\n";
  if (::ftruncate(fd, 0) != 0 || ::pwrite(fd, holder.data(), holder.size(), 0) < 0) {
    // The lock holds without the note; only the message to a second process suffers.
  }
  return HomeLock(fd, previous_alive);
}

HomeLock::HomeLock(HomeLock&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)), previous_alive_(other.previous_alive_) {}

void HomeLock::StillAlive() {
  if (fd_ >= 0) ::futimens(fd_, nullptr);
}

HomeLock::~HomeLock() {
  if (fd_ >= 0) ::close(fd_);  // closing releases the lock
}

}  // namespace sohoa::ingest
