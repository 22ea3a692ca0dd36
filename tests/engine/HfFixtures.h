#pragma once
// The Hugging Face model fixtures of the engine tests: tests/python/make_hf_fixtures.py run by
// the venv's Python into the build tree (CATAPULT_HF_FIXTURES), once, under a file lock, so the
// suites that use them can run side by side (ctest -j).

#include <string>

namespace catapult::test {

// Makes the fixtures if they are not there yet; false if the script failed (its log is
// hfFixtures() + ".log").
bool makeHfFixtures();
std::string hfFixtures();

}  // namespace catapult::test
