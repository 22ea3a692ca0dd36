#pragma once
// Activation checkpointing: runs a piece of the forward pass (a decoder layer, say) without
// keeping its intermediate activations, and runs it once more in backward to get them, in the
// manner of torch.utils.checkpoint's reentrant form. Only the piece's input is kept, so a
// model's activation memory drops from every layer's intermediates to one tensor per layer, at
// the price of a second forward of each piece.
//
//   x = catapult::recomputed([layer](const torch::Tensor& in) { return layer->forward(in); }, x);
//
// The body runs again under the same mixed precision (bf16/fp16 autocast and the fp8 scope)
// as the first time, inside its ZeRO-3 unit (UnitScope) if it opens one. It must compute the
// same thing both times: no dropout or other random draws (the models here have none), and
// anything it captures must outlive the backward pass (capture tensors by value).
//
// Outside grad mode (evaluation) the body simply runs.

#include <torch/types.h>

#include <functional>

namespace catapult {

torch::Tensor recomputed(std::function<torch::Tensor(const torch::Tensor&)> body, const torch::Tensor& input);

}  // namespace catapult
