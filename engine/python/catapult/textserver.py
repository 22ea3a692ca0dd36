"""The tokenizer side of generation, as a line protocol on stdin and stdout, with transformers'
own tokenizer and chat template (so prompts are the ids transformers would give):

    python -m catapult.prepare text-server --model DIR [--chat_template auto|model|chatml|llama3|none|FILE]

prints {"ready": true, "template": HOW} and then answers one JSON line per request line:

    {"op": "encode", "text": T}              -> {"ids": [...]}  (tokenizer(T): special tokens as the model adds them)
    {"op": "chat", "messages": [...]}        -> {"ids": [...], "text": PROMPT}  (the template with the generation prompt)
    {"op": "decode", "ids": [...]}           -> {"text": T}  (special tokens skipped)

A request it cannot serve gets {"error": MESSAGE}; it ends at the end of its input."""

import json
import sys

from . import _render


def _answer(tokenizer, template, request):
    op = request.get("op")
    if op == "encode":
        return {"ids": tokenizer(request["text"])["input_ids"]}
    if op == "chat":
        if template is None:
            return {"error": "the model has no chat template; name one with --chat_template chatml or llama3"}
        text = tokenizer.apply_chat_template(request["messages"], chat_template=template, tokenize=False,
                                             add_generation_prompt=True)
        return {"ids": tokenizer(text, add_special_tokens=False)["input_ids"], "text": text}
    if op == "decode":
        return {"text": tokenizer.decode(request["ids"], skip_special_tokens=request.get("skip_special", True))}
    return {"error": "unknown op %r (encode, chat, decode)" % op}


def serve(args):
    tokenizer = _render.load_tokenizer(args.model)
    try:
        template, how = _render.choose_template(args.chat_template, tokenizer, "messages", args.model)
    except ValueError as error:
        template, how = None, str(error)
    print(json.dumps({"ready": True, "template": how}), flush=True)
    for line in sys.stdin:
        if not line.strip():
            continue
        try:
            reply = _answer(tokenizer, template, json.loads(line))
        except Exception as error:  # noqa: BLE001  (the library's message names the problem)
            reply = {"error": str(error)}
        print(json.dumps(reply, ensure_ascii=False), flush=True)
