#pragma once
// catapult-worker generate: text from a Hugging Face model directory (with a PEFT adapter),
// on the CPU, as transformers' generate() makes it (Generation.h):
//   catapult-worker generate --model DIR [--adapter DIR] (--prompt TEXT ... | --prompt_ids 1,2,3 ... | --chat)
//       [--max_new_tokens N] [--do_sample] [--temperature T] [--top_k K] [--top_p P]
//       [--repetition_penalty R] [--seed S] [--stop TEXT ...] [--system TEXT] [--chat_template C]
//       [--dtype float32|bfloat16] [--json] [--ignore_eos]
// Sampling settings not given come from the model's generation_config.json (then transformers'
// defaults). One prompt streams its text as it is made; several run as one batch. --chat reads
// the user's turns from stdin, one per line, and answers each through the model's chat
// template, keeping the conversation. --json prints one JSON line per prompt (ids, text) and
// a summary line (with the model's load time), otherwise the summary (tokens, tokens/s, time to
// the first token) goes to stderr. --ignore_eos always makes max_new_tokens (for benchmarks).

#include <string>
#include <vector>

namespace catapult {

int runGenerate(const std::vector<std::string>& args);

}  // namespace catapult
