"""transformers' Trainer on a tiny randomly initialised GPT-2 and random tokens, with no Catapult
code: logs every step, evaluates every 2 steps. --steps N."""

import argparse

import torch
from transformers import GPT2Config, GPT2LMHeadModel, Trainer, TrainingArguments


class Tokens(torch.utils.data.Dataset):
    def __init__(self, rows, seed):
        g = torch.Generator().manual_seed(seed)
        self.ids = torch.randint(0, 64, (rows, 16), generator=g)

    def __len__(self):
        return len(self.ids)

    def __getitem__(self, i):
        return {"input_ids": self.ids[i], "labels": self.ids[i]}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--steps", type=int, default=4)
    parser.add_argument("--output_dir", required=True)
    args = parser.parse_args()
    torch.manual_seed(0)
    model = GPT2LMHeadModel(GPT2Config(vocab_size=64, n_positions=16, n_embd=32, n_layer=2, n_head=2))
    training = TrainingArguments(output_dir=args.output_dir, max_steps=args.steps, per_device_train_batch_size=4,
                                 logging_steps=1, eval_strategy="steps", eval_steps=2, save_strategy="no",
                                 report_to=[], use_cpu=True, disable_tqdm=True, learning_rate=1e-3)
    trainer = Trainer(model=model, args=training, train_dataset=Tokens(64, 1), eval_dataset=Tokens(16, 2))
    trainer.train()


if __name__ == "__main__":
    main()
