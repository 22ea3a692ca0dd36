#pragma once
// The worker's commands on Hugging Face model directories:
//   catapult-worker tokenize --model DIR --text FILE
//     the ids of the whole file, as tokenizer(text, add_special_tokens=False) gives them, as one
//     JSON line {"ids": [...]};
//   catapult-worker decode --model DIR --ids FILE
//     the text of the ids in FILE ({"ids": [...]}, as tokenize prints it), as tokenizer.decode
//     gives it, on stdout;
//   catapult-worker score --model DIR --text FILE [--seq_len T] [--batch_size B] [--dtype D]
//     one JSON line {"loss", "tokens"}: those ids cut into windows ids[i*T:(i+1)*T] (a last
//     partial window of at least 2 ids included), each position but a window's last predicting
//     the next id; loss the mean cross-entropy in nats over all predicted ids.
//   catapult-worker preview --model DIR --dataset PATH [--dataset_format F] [--columns C] [--rows K]
//     one JSON line: the first K examples rendered with their trained parts marked, the
//     detected format and template, token counts, rows that would be skipped (DatasetStep.h);
//   catapult-worker merge --model BASE --adapter DIR --out DIR [--max_shard_size S]
//     the base model with the PEFT LoRA adapter merged into its weights (PEFT's
//     merge_and_unload), written as a model directory in the base's dtype (HfExport.h);
// Token ids come from Hugging Face's own `tokenizers` in a preparation step (python -m
// catapult.prepare, with CATAPULT_PYTHON or python3), so they are transformers' ids by
// construction for every kind of tokenizer.json.

#include <string>
#include <vector>

namespace catapult {

int runTokenize(const std::vector<std::string>& args);
int runDecode(const std::vector<std::string>& args);
int runScore(const std::vector<std::string>& args);
int runPreview(const std::vector<std::string>& args);
int runMerge(const std::vector<std::string>& args);

}  // namespace catapult
