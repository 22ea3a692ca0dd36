#pragma once
// The base of the module classes that are ZeRO-3 / FSDP sharding units by default, when the
// config names no classes of its own (fsdp_transformer_layer_cls_to_wrap): the built-in GPT's
// TransformerBlock and a Hugging Face model's decoder layers. Such a module still opens a
// UnitScope in its forward (see UnitScope.h). A class name given to the constructor is the
// one that fsdp_transformer_layer_cls_to_wrap matches ("LlamaDecoderLayer").

#include <torch/nn/module.h>

namespace catapult {

class UnitModule : public torch::nn::Module {
public:
    using torch::nn::Module::Module;
};

}  // namespace catapult
