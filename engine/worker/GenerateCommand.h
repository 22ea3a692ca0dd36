#pragma once
// catapult-worker generate: text from a Hugging Face model directory (with a PEFT adapter),
// on the CPU, as transformers' generate() makes it (Generation.h):
//   catapult-worker generate --model DIR [--adapter DIR] (--prompt TEXT ... | --prompt_ids 1,2,3 ... | --chat)
//       [--max_new_tokens N] [--do_sample] [--temperature T] [--top_k K] [--top_p P]
//       [--repetition_penalty R] [--seed S] [--stop TEXT ...] [--system TEXT] [--chat_template C]
//       [--dtype float32|bfloat16] [--device_map auto|balanced|sequential|cpu [--max_memory cpu=SIZE]
//       [--offload_folder DIR]]
//       [--json] [--ignore_eos]
// catapult-worker serve [the same model flags] (generate --serve) speaks a line protocol for the
// desktop app's Chat tab: while loading it prints {"type":"loading","stage":"weights","done",
// "total"} (bytes, at each percent) and {"type":"loading","stage":"tokenizer"}; then
// {"type":"ready",...} once loaded; each stdin line
// {"messages":[{"role","content"}...], "max_new_tokens", "do_sample", "temperature", "top_k",
// "top_p", "repetition_penalty", "seed"} (all but messages optional) is answered through the chat
// template with {"type":"delta","text"} lines as the reply grows and a {"type":"done","text",
// "tokens","tokens_per_s","first_token_seconds","prompt","stopped"} line ({"type":"error",
// "message"} for a request it cannot serve); SIGUSR1 ends the reply being made.
// --device_map places the model's parts (catapult/DeviceMap.h) within what the process may hold
// (--max_memory cpu=SIZE, all of it counted: the runtime, the weights, a margin for the keys,
// values and activations), printing the plan; the parts that do not fit stay in the model's
// safetensors files and are paged in a layer at a time (DiskOffload.h); with --offload_folder,
// disk layers stored in another dtype than --dtype are written there once, converted. The JSON summary has
// the process's peak RSS. --plan_only prints the plan ({"type":"plan","table","bytes":{device:
// bytes}}) and loads nothing (the Chat tab shows it before loading).
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
int runServe(const std::vector<std::string>& args);

}  // namespace catapult
