#include "HfFixtures.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>

namespace catapult::test {

std::string hfFixtures() { return CATAPULT_HF_FIXTURES; }

bool makeHfFixtures() {
    std::filesystem::create_directories(hfFixtures());
    const int lock = ::open((hfFixtures() + ".lock").c_str(), O_CREAT | O_RDWR, 0644);
    if (lock >= 0) ::flock(lock, LOCK_EX);
    const std::string command = std::string("\"") + CATAPULT_PYTHON + "\" \"" + CATAPULT_HF_FIXTURE_SCRIPT + "\" \"" +
                                hfFixtures() + "\" > \"" + hfFixtures() + ".log\" 2>&1";
    const bool made = std::system(command.c_str()) == 0;
    if (lock >= 0) ::close(lock);  // releases the lock
    return made;
}

}  // namespace catapult::test
