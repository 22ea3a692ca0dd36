#pragma once
// Parses `catapult-worker train` flags into RecipeOptions (CLI11, see WorkerFlags.h). Errors
// name the flag.

#include <string>
#include <vector>

#include "catapult/GptRecipe.h"
#include "catapult/Status.h"

namespace catapult {

struct TrainArguments {
    RecipeOptions recipe;
    std::string runDir;  // --run_dir, else CATAPULT_RUN_DIR

    static Result<TrainArguments> parse(const std::vector<std::string>& args);
    static std::string usage();
};

}  // namespace catapult
