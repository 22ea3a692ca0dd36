"""Dataset formats: what a row's fields mean.

    text               {"text": ...}                                     continued pretraining
    prompt_completion  {"prompt": ..., "completion": ...}                (strings, or lists of messages)
    alpaca             {"instruction": ..., "input": ..., "output": ..., "system": ...}
    messages           {"messages": [{"role": ..., "content": ...}, ...]}         (OpenAI)
    sharegpt           {"conversations": [{"from": ..., "value": ...}, ...]}      (ShareGPT)

A column mapping ("prompt=question,completion=answer") names the row's fields for other
spellings. A row becomes an Example: ("text", text), ("pair", prompt, completion, system) or
("chat", messages); a row that does not fit raises RowProblem naming the field."""

FORMATS = {
    "text": ("text",),
    "prompt_completion": ("prompt", "completion"),
    "alpaca": ("instruction", "output"),
    "messages": ("messages",),
    "sharegpt": ("conversations",),
}
OPTIONAL = {"alpaca": ("input", "system")}
SHAREGPT_ROLES = {"human": "user", "user": "user", "gpt": "assistant", "assistant": "assistant", "model": "assistant",
                  "chatgpt": "assistant", "system": "system", "tool": "tool", "function": "tool", "observation": "tool"}
ROLES = ("system", "user", "assistant", "tool")


class RowProblem(Exception):
    """Why a row cannot be trained on (the caller adds where it is)."""


def parse_columns(text):
    """'prompt=question,completion=answer' -> {"prompt": "question", ...}; ValueError naming a bad part."""
    mapping = {}
    known = {f for fields in FORMATS.values() for f in fields} | {f for fields in OPTIONAL.values() for f in fields}
    for part in filter(None, (p.strip() for p in (text or "").split(","))):
        name, sep, column = part.partition("=")
        if not sep or not name.strip() or not column.strip():
            raise ValueError("--columns: \"%s\" is not FIELD=COLUMN (for example prompt=question)" % part)
        if name.strip() not in known:
            raise ValueError("--columns: \"%s\" is not a field Catapult knows (%s)" % (name.strip(), ", ".join(sorted(known))))
        mapping[name.strip()] = column.strip()
    return mapping


def detect(row, columns):
    """The format whose fields the row has (after the mapping), or None."""
    for name in ("messages", "sharegpt", "alpaca", "prompt_completion", "text"):
        if all(columns.get(f, f) in row for f in FORMATS[name]):
            return name
    # ShareGPT rows in a "messages" column, OpenAI rows in "conversations": the messages decide.
    return None


def describe_fields(row):
    return ", ".join('"%s"' % k for k in row) or "none"


def to_example(row, fmt, columns):
    def field(name, required=True):
        column = columns.get(name, name)
        if column not in row or row[column] is None:
            if not required:
                return None
            mapped = " (--columns %s=%s)" % (name, column) if name in columns else ""
            raise RowProblem("no field \"%s\"%s; the row has %s" % (column, mapped, describe_fields(row)))
        return row[column]

    if fmt == "text":
        return ("text", _text(field("text"), columns.get("text", "text"), "the text"))
    if fmt == "prompt_completion":
        prompt, completion = field("prompt"), field("completion")
        if isinstance(prompt, list) and isinstance(completion, list):
            return ("chat", _messages(prompt, "prompt") + _messages(completion, "completion"))
        return ("pair", _text(prompt, columns.get("prompt", "prompt"), "the prompt", empty_ok=True),
                _text(completion, columns.get("completion", "completion"), "the completion"), None)
    if fmt == "alpaca":
        instruction = _text(field("instruction"), columns.get("instruction", "instruction"), "the instruction")
        extra = field("input", required=False)
        extra = _text(extra, columns.get("input", "input"), "the input", empty_ok=True) if extra is not None else ""
        system = field("system", required=False)
        system = _text(system, columns.get("system", "system"), "the system prompt", empty_ok=True) if system else None
        prompt = instruction + ("\n" + extra if extra else "")
        return ("pair", prompt, _text(field("output"), columns.get("output", "output"), "the output"), system)
    name = "messages" if fmt == "messages" else "conversations"
    messages = _messages(field(name), columns.get(name, name))
    if not any(m["role"] == "assistant" for m in messages):
        raise RowProblem("no assistant message in \"%s\", so nothing to train on" % columns.get(name, name))
    return ("chat", messages)


def _text(value, column, what, empty_ok=False):
    if not isinstance(value, str):
        raise RowProblem("%s (field \"%s\") is not a string" % (what, column))
    if not empty_ok and not value.strip():
        raise RowProblem("%s (field \"%s\") is empty" % (what, column))
    return value


def _messages(value, column):
    if not isinstance(value, list) or not value:
        raise RowProblem("field \"%s\" is not a non-empty list of messages" % column)
    out = []
    for i, m in enumerate(value, 1):
        if not isinstance(m, dict):
            raise RowProblem("message %d of \"%s\" is not an object" % (i, column))
        if "role" in m:
            role, content = m.get("role"), m.get("content")
        elif "from" in m:
            role, content = SHAREGPT_ROLES.get(str(m.get("from")).lower(), m.get("from")), m.get("value")
        else:
            raise RowProblem("message %d of \"%s\" has neither \"role\" (OpenAI) nor \"from\" (ShareGPT)" % (i, column))
        if role not in ROLES:
            raise RowProblem("message %d of \"%s\" has the role \"%s\" (known: %s, and ShareGPT's human and gpt)"
                             % (i, column, role, ", ".join(ROLES)))
        if not isinstance(content, str):
            raise RowProblem("message %d of \"%s\" has no text content" % (i, column))
        if role == "assistant" and not content.strip():
            raise RowProblem("message %d of \"%s\" is an empty assistant message" % (i, column))
        out.append({"role": role, "content": content})
    return out
