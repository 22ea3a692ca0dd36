#include "catapult/ConfigSchema.h"

#include <algorithm>
#include <map>

#include "catapult/MixedPrecision.h"
#include "catapult/OffloadDevice.h"

namespace catapult {
namespace {

using V = ValueType;
const std::vector<std::string> kOffloadDevices = {toString(OffloadDevice::None), toString(OffloadDevice::Cpu), toString(OffloadDevice::Nvme)};
const std::vector<std::string> kStrategies = {"FULL_SHARD", "SHARD_GRAD_OP", "NO_SHARD", "HYBRID_SHARD",
                                              "HYBRID_SHARD_ZERO2"};
const std::vector<std::string> kDynamoBackends = {
    "NO",   "EAGER", "AOT_EAGER", "INDUCTOR", "AOT_TS_NVFUSER", "NVPRIMS_NVFUSER", "CUDAGRAPHS", "OFI", "FX2TRT",
    "ONNXRT", "TENSORRT", "AOT_TORCHXLA_TRACE_ONCE", "TORCHXLA_TRACE_ONCE", "TVM", "HPU_BACKEND", "NEURON"};

const std::map<std::string, std::vector<KeySpec>>& sections() {
    static const std::map<std::string, std::vector<KeySpec>> tables = {
        {"fsdp_config",
         {{"fsdp_version", V::Int, {"1", "2"}},
          {"fsdp_reshard_after_forward", V::BoolOrString, {}},
          {"fsdp_sharding_strategy", V::IntOrString, kStrategies},
          {"fsdp_offload_params", V::Bool, {}},
          {"fsdp_auto_wrap_policy", V::String, {"TRANSFORMER_BASED_WRAP", "SIZE_BASED_WRAP", "NO_WRAP"}},
          {"fsdp_transformer_layer_cls_to_wrap", V::String, {}},
          {"fsdp_min_num_params", V::Int, {}},
          {"fsdp_backward_prefetch", V::String, {"BACKWARD_PRE", "BACKWARD_POST", "NO_PREFETCH"}},
          {"fsdp_backward_prefetch_policy", V::String, {"BACKWARD_PRE", "BACKWARD_POST", "NO_PREFETCH"}, false, false,
           "written by Accelerate before 0.20; newer versions read fsdp_backward_prefetch"},
          {"fsdp_state_dict_type", V::String, {"FULL_STATE_DICT", "LOCAL_STATE_DICT", "SHARDED_STATE_DICT"}},
          {"fsdp_forward_prefetch", V::Bool, {}},
          {"fsdp_use_orig_params", V::Bool, {}},
          {"fsdp_cpu_ram_efficient_loading", V::Bool, {}},
          {"fsdp_sync_module_states", V::Bool, {}},
          {"fsdp_activation_checkpointing", V::Bool, {}},
          {"fsdp_ignored_modules", V::String, {}}}},
        {"deepspeed_config",
         {{"deepspeed_config_file", V::String, {}},
          {"zero_stage", V::Int, {"0", "1", "2", "3"}},
          {"offload_optimizer_device", V::String, kOffloadDevices},
          {"offload_param_device", V::String, kOffloadDevices},
          {"offload_optimizer_nvme_path", V::String, {}},
          {"offload_param_nvme_path", V::String, {}},
          {"gradient_accumulation_steps", V::Int, {}},
          {"gradient_clipping", V::Float, {}},
          {"zero3_save_16bit_model", V::Bool, {}},
          {"zero3_init_flag", V::Bool, {}},
          {"deepspeed_moe_layer_cls_names", V::String, {}},
          {"deepspeed_multinode_launcher", V::String, {"pdsh", "standard", "openmpi", "mvapich", "mpich", "nossh", "slurm"}},
          {"deepspeed_hostfile", V::String, {}},
          {"deepspeed_exclusion_filter", V::String, {}},
          {"deepspeed_inclusion_filter", V::String, {}}}},
        {"fp8_config",
         {{"backend", V::String, {"AO", "TE", "MSAMP", "NO"}, true},
          {"use_autocast_during_eval", V::Bool, {}},
          {"margin", V::Int, {}},
          {"interval", V::Int, {}},
          {"fp8_format", V::String, {"HYBRID", "E4M3", "E5M2"}},
          {"amax_history_len", V::Int, {}},
          {"amax_compute_algo", V::String, {"max", "most_recent"}},
          {"override_linear_precision", V::BoolList, {}},
          {"opt_level", V::String, {"O1", "O2"}},
          {"enable_fsdp_float8_all_gather", V::Bool, {}},
          {"pad_inner_dim", V::Bool, {}},
          {"amax_history_length", V::Int, {}, false, false,
           "the questionnaire's name, which the runtime never reads; imported as amax_history_len"},
          {"amax_compute_algorithm", V::String, {"max", "most_recent"}, false, false,
           "the questionnaire's name, which the runtime never reads; imported as amax_compute_algo"},
          {"optimization_level", V::String, {"O1", "O2"}, false, false,
           "the questionnaire's name, which the runtime never reads; imported as opt_level"}}},
        {"dynamo_config",
         {{"dynamo_backend", V::String, kDynamoBackends, true},
          {"dynamo_mode", V::String, {"default", "reduce-overhead", "max-autotune"}},
          {"dynamo_use_fullgraph", V::Bool, {}},
          {"dynamo_use_dynamic", V::Bool, {}},
          {"dynamo_use_regional_compilation", V::Bool, {}}}},
        {"parallelism_config",
         {{"parallelism_config_dp_replicate_size", V::Int, {}},
          {"parallelism_config_dp_shard_size", V::Int, {}},
          {"parallelism_config_tp_size", V::Int, {}},
          {"parallelism_config_cp_size", V::Int, {}},
          {"parallelism_config_cp_comm_strategy", V::String, {"allgather", "alltoall"}},
          {"parallelism_config_cp_backend", V::String, {"torch"}},
          {"parallelism_config_sp_size", V::Int, {}},
          {"parallelism_config_sp_backend", V::String, {"deepspeed"}},
          {"parallelism_config_sp_seq_length", V::IntOrString, {}},
          {"parallelism_config_sp_seq_length_is_variable", V::Bool, {}},
          {"parallelism_config_sp_attn_implementation", V::String, {}}}},
        {"megatron_lm_config",
         {{"megatron_lm_tp_degree", V::Int, {}},
          {"megatron_lm_sequence_parallelism", V::Bool, {}},
          {"megatron_lm_pp_degree", V::Int, {}},
          {"megatron_lm_num_micro_batches", V::Int, {}},
          {"megatron_lm_recompute_activations", V::Bool, {}},
          {"megatron_lm_use_distributed_optimizer", V::Bool, {}},
          {"megatron_lm_gradient_clipping", V::Float, {}},
          {"megatron_lm_use_custom_fsdp", V::Bool, {}},
          {"megatron_lm_no_load_optim", V::Bool, {}},
          {"megatron_lm_eod_mask_loss", V::Bool, {}},
          {"megatron_lm_overlap_cpu_optimizer_d2h_h2d", V::Bool, {}},
          {"megatron_lm_no_save_optim", V::Bool, {}},
          {"megatron_lm_optimizer_cpu_offload", V::Bool, {}},
          {"megatron_lm_use_precision_aware_optimizer", V::Bool, {}},
          {"megatron_lm_decoder_last_pipeline_num_layers", V::Int, {}},
          {"megatron_lm_recompute_granularity", V::String, {"full", "selective"}},
          {"megatron_lm_recompute_method", V::String, {"uniform", "block"}},
          {"megatron_lm_recompute_num_layers", V::Int, {}},
          {"megatron_lm_attention_backend", V::BoolOrString, {}},
          {"megatron_lm_expert_model_parallel_size", V::Int, {}},
          {"megatron_lm_context_parallel_size", V::Int, {}},
          {"megatron_lm_attention_dropout", V::Float, {}},
          {"megatron_lm_hidden_dropout", V::Float, {}},
          {"megatron_lm_attention_softmax_in_fp32", V::Bool, {}},
          {"megatron_lm_expert_tensor_parallel_size", V::Int, {}},
          {"megatron_lm_calculate_per_token_loss", V::Bool, {}},
          {"megatron_lm_use_rotary_position_embeddings", V::Bool, {}}}},
        {"mpirun_config",
         {{"mpirun_hostfile", V::String, {}},
          // Written by Accelerate 0.28 for Intel oneCCL. Not legacy: nothing converts it, so it
          // is kept (Accelerate passes mpirun_config through as it is).
          {"mpirun_ccl", V::IntOrString, {}}}},
    };
    return tables;
}

}  // namespace

const std::vector<std::string>& distributedTypes() {
    static const std::vector<std::string> types = {"NO", "MULTI_CPU", "MULTI_GPU", "MULTI_NPU", "MULTI_MLU",
                                                   "MULTI_SDAA", "MULTI_MUSA", "MULTI_XPU", "MULTI_HPU",
                                                   "MULTI_NEURON", "DEEPSPEED", "FSDP", "XLA", "MEGATRON_LM"};
    return types;
}

const std::vector<KeySpec>& topLevelKeys() {
    static const std::vector<KeySpec> keys = {
        {"compute_environment", V::String, {"LOCAL_MACHINE", "AMAZON_SAGEMAKER"}},
        {"distributed_type", V::String, distributedTypes()},
        {"mixed_precision", V::String, mixedPrecisionNames(), true},
        {"use_cpu", V::Bool, {}},
        {"debug", V::Bool, {}},
        {"num_processes", V::Int, {}},
        {"machine_rank", V::Int, {}},
        {"num_machines", V::Int, {}},
        {"gpu_ids", V::String, {}, false, true},
        {"main_process_ip", V::String, {}},
        {"main_process_port", V::Int, {}},
        {"rdzv_backend", V::String, {}},
        {"same_network", V::Bool, {}},
        {"main_training_function", V::String, {}},
        {"enable_cpu_affinity", V::Bool, {}},
        {"fp8_config", V::Section, {}},
        {"deepspeed_config", V::Section, {}},
        {"fsdp_config", V::Section, {}},
        {"parallelism_config", V::Section, {}},
        {"megatron_lm_config", V::Section, {}},
        {"mpirun_config", V::Section, {}},
        {"downcast_bf16", V::BoolOrString, {}},
        {"tpu_name", V::String, {}},
        {"tpu_zone", V::String, {}},
        {"tpu_use_cluster", V::Bool, {}},
        {"tpu_use_sudo", V::BoolOrString, {}},
        {"command_file", V::String, {}},
        {"commands", V::StringList, {}},
        {"tpu_vm", V::StringList, {}},
        {"tpu_env", V::StringList, {}},
        {"dynamo_config", V::Section, {}},
        {"fp16", V::Bool, {}, false, false, "Accelerate before 0.12 wrote `fp16: true`; it means mixed_precision fp16"},
        {"dynamo_backend", V::String, kDynamoBackends, true, false,
         "Accelerate before 0.18 wrote a top-level dynamo_backend; it now lives in dynamo_config"},
        {"ipex_config", V::Section, {}, false, false,
         "Intel Extension settings from Accelerate 0.2x; Accelerate 1.x refuses the key"},
    };
    return keys;
}

const std::vector<std::string>& sectionNames() {
    static const std::vector<std::string> names = {"fp8_config", "deepspeed_config", "fsdp_config",
                                                   "parallelism_config", "megatron_lm_config", "mpirun_config",
                                                   "dynamo_config"};
    return names;
}

const std::vector<KeySpec>& sectionKeys(const std::string& section) {
    static const std::vector<KeySpec> none;
    auto it = sections().find(section);
    return it == sections().end() ? none : it->second;
}

const KeySpec* findTopLevelKey(const std::string& key) {
    const auto& keys = topLevelKeys();
    auto it = std::find_if(keys.begin(), keys.end(), [&](const KeySpec& s) { return s.key == key; });
    return it == keys.end() ? nullptr : &*it;
}

const KeySpec* findSectionKey(const std::string& section, const std::string& key) {
    const auto& keys = sectionKeys(section);
    auto it = std::find_if(keys.begin(), keys.end(), [&](const KeySpec& s) { return s.key == key; });
    return it == keys.end() ? nullptr : &*it;
}

}  // namespace catapult
