"""Examples as token ids and the mask of the tokens that are trained (the loss is taken on them).

Conversations are rendered by transformers' own apply_chat_template (Jinja2 in transformers'
sandbox, with the tokenizer's special tokens), so the text is exactly what transformers makes.
The assistant's part of a turn is found by rendering the conversation up to that turn twice:
with the generation prompt and with the turn; the difference is the reply and its end-of-turn
marker. Tokens whose characters fall in such a part are trained.

Without a chat template, a prompt/completion pair is the prompt followed by the completion and
the end-of-sequence token; text is the text and the end-of-sequence token."""

from ._formats import RowProblem

# Named templates for a model that has none.
TEMPLATES = {
    "chatml": ("{%- for message in messages %}{{ '<|im_start|>' + message['role'] + '\\n' + message['content'] + "
               "'<|im_end|>' + '\\n' }}{%- endfor %}{%- if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{%- endif %}"),
    "llama3": ("{% set loop_messages = messages %}{% for message in loop_messages %}{% set content = '<|start_header_id|>' + "
               "message['role'] + '<|end_header_id|>\\n\\n' + message['content'] | trim + '<|eot_id|>' %}{% if loop.index0 == 0 %}"
               "{% if bos_token is defined and bos_token %}{% set content = bos_token + content %}{% endif %}{% endif %}{{ content }}{% endfor %}{% if add_generation_prompt %}"
               "{{ '<|start_header_id|>assistant<|end_header_id|>\\n\\n' }}{% endif %}"),
}


def load_tokenizer(model):
    """transformers' tokenizer of the model directory (a bare tokenizer.json is read as a fast tokenizer)."""
    import os

    from transformers import AutoTokenizer, PreTrainedTokenizerFast

    try:
        return AutoTokenizer.from_pretrained(model)
    except Exception:  # noqa: BLE001  (a directory with only tokenizer.json: read that)
        path = os.path.join(model, "tokenizer.json")
        if not os.path.exists(path):
            raise
        return PreTrainedTokenizerFast(tokenizer_file=path)


def model_template(tokenizer):
    template = getattr(tokenizer, "chat_template", None)
    if isinstance(template, dict):
        template = template.get("default")
    return template or None


def choose_template(choice, tokenizer, fmt, model):
    """(template or None, how it was chosen) for --chat_template auto|model|chatml|llama3|none|FILE."""
    own = model_template(tokenizer)
    if choice == "none":
        return None, "none"
    if choice in TEMPLATES:
        return TEMPLATES[choice], choice
    if choice == "model":
        if not own:
            raise ValueError("%s has no chat template (no chat_template in tokenizer_config.json, no chat_template.jinja); "
                             "name one: --chat_template chatml or llama3" % model)
        return own, "model"
    if choice != "auto":
        try:
            with open(choice, encoding="utf-8") as f:
                return f.read(), choice
        except OSError as error:
            raise ValueError("--chat_template %s: %s (give auto, model, chatml, llama3, none or a Jinja file)"
                             % (choice, error.strerror)) from None
    if own:
        return own, "model"
    if fmt in ("messages", "sharegpt"):
        return TEMPLATES["chatml"], "chatml (the model has no chat template)"
    return None, "none"


class Renderer:
    def __init__(self, tokenizer, template, train_on_prompt):
        self.tokenizer, self.template, self.train_on_prompt = tokenizer, template, train_on_prompt
        self.backend = tokenizer.backend_tokenizer
        self.eos = tokenizer.eos_token_id

    def render(self, example):
        """(text, trained character spans, whether special tokens are added, whether EOS follows)."""
        kind = example[0]
        if kind == "text":
            return example[1], [(0, len(example[1]))], True, True
        if kind == "pair" and self.template is None:
            _, prompt, completion, _ = example
            text = prompt + completion
            return text, [(0 if self.train_on_prompt else len(prompt), len(text))], True, True
        messages = example[1] if kind == "chat" else self._pair_messages(example)
        text, spans = self._chat(messages)
        return text, [(0, len(text))] if self.train_on_prompt else spans, False, False

    @staticmethod
    def _pair_messages(example):
        _, prompt, completion, system = example
        head = [{"role": "system", "content": system}] if system else []
        return head + [{"role": "user", "content": prompt}, {"role": "assistant", "content": completion}]

    def _apply(self, messages, generation_prompt):
        try:
            return self.tokenizer.apply_chat_template(messages, chat_template=self.template, tokenize=False,
                                                      add_generation_prompt=generation_prompt)
        except Exception as error:  # noqa: BLE001  (a template's raise_exception, e.g. roles must alternate)
            raise RowProblem("the chat template refused the conversation: %s" % error) from None

    def _chat(self, messages):
        text = self._apply(messages, False)
        spans = []
        for i, m in enumerate(messages):
            if m["role"] != "assistant":
                continue
            before = self._apply(messages[:i], True) if i else self._apply([], True)
            through = text if i == len(messages) - 1 else self._apply(messages[:i + 1], False)
            if not through.startswith(before) or not text.startswith(through):
                raise RowProblem("the chat template renders turn %d differently when later turns follow, so the "
                                 "assistant's part cannot be told apart (--train_on_prompt trains on everything)" % (i + 1))
            spans.append((len(before), len(through)))
        return text, spans

    def encode(self, rendered):
        """Token ids and their mask (1: trained) for a batch of render() results."""
        out = []
        for with_specials in (True, False):
            group = [(i, r) for i, r in enumerate(rendered) if r[2] == with_specials]
            encodings = self.backend.encode_batch([r[0] for _, r in group], add_special_tokens=with_specials) if group else []
            for (i, r), e in zip(group, encodings):
                out.append((i, self._masked(e, r)))
        return [ids_mask for _, ids_mask in sorted(out, key=lambda item: item[0])]

    def _masked(self, encoding, rendered):
        _, spans, _, add_eos = rendered
        ids = list(encoding.ids)
        mask = []
        for (start, end), special in zip(encoding.offsets, encoding.special_tokens_mask):
            trained = not special or start != end
            mask.append(1 if trained and any(start < b and end > a for a, b in spans) else 0)
        if add_eos and self.eos is not None and (not ids or ids[-1] != self.eos):
            ids.append(self.eos)
            mask.append(1)
        return ids, mask
