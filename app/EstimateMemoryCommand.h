#pragma once
// `catapult estimate-memory`: the memory a training setup needs per device, before running it
// (the estimate of the wizard's memory page, as a table and a verdict):
//   catapult estimate-memory [--config_file F] [--model DIR [--lora_rank R [--lora_target_modules T]]] [--layers L] [--width W] [--heads H] [--seq_len T]
//       [--vocab V] [--batch_size B] [--num_processes N] [--num_machines M] [--cpu]
//       [--mixed_precision no|bf16|fp16|fp8] [--zero_stage 0-3]
//       [--offload_optimizer_device none|cpu|nvme] [--offload_param_device none|cpu|nvme]
//       [--activation_checkpointing] [--gpu_memory GIB] [--host_memory GIB] [--no_probe]
// The model is a Hugging Face model directory's (with LoRA: the adapters trained, the base
// frozen) or the built-in GPT (its defaults unless given). A config file gives the setup;
// flags override it. This machine is probed for GPUs and RAM unless --no_probe; --gpu_memory
// and --host_memory state the capacity to judge against.

#include <QStringList>

namespace catapult {

int runEstimateMemoryCommand(const QStringList& args);

}  // namespace catapult
