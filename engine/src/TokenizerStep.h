#pragma once
// Token ids for a Hugging Face model's tokenizer, from the preparation step
// (python -m catapult.prepare tokenize, see engine/python/catapult/prepare.py): Hugging Face's
// own `tokenizers` library, so the ids are transformers' by construction for every kind of
// tokenizer.json. The Python is CATAPULT_PYTHON, else the one of the venv whose LibTorch the
// engine was built with, else python3; the package is found beside the
// worker (bin/../share/catapult/python) or at CATAPULT_PYTHON_DIR.
//
// Errors: the step's own message (a missing library, a missing tokenizer.json, a file that is
// not UTF-8) goes to stderr; the returned error names the text and the model.

#include <cstdint>
#include <string>
#include <vector>

#include "catapult/Status.h"

namespace catapult {

// The ids of the files' text (concatenated), as tokenizer(text, add_special_tokens=False) gives them.
Result<std::vector<int32_t>> tokenizeFiles(const std::string& modelDir, const std::vector<std::string>& textFiles);
// The shell command that runs `python -m catapult.prepare ARGS` (ARGS already quoted).
std::string preparationCommand(const std::string& args);
// `word` as one word of a POSIX shell command line.
std::string shellQuoted(const std::string& word);
// Writes the text of the ids in `idsJson` ({"ids": [...]}, as `catapult-worker tokenize` prints
// it) to stdout, as tokenizer.decode gives it (special tokens kept).
Status decodeIdsFile(const std::string& modelDir, const std::string& idsJson);

}  // namespace catapult
