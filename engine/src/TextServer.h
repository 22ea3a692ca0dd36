#pragma once
// The model's tokenizer and chat template for generation, in a preparation-step process that
// stays (python -m catapult.prepare text-server, see engine/python/catapult/textserver.py):
// prompts become the ids transformers gives, chats go through the model's template with the
// generation prompt, and ids become text, one request at a time over a pipe. Internal.
//
// Errors: a process that does not start or ends, or a request it refuses, is an error naming
// the model and the reason (the process's own message goes to stderr).

#include <sys/types.h>

#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "catapult/Status.h"

namespace catapult {

struct ChatMessage {
    std::string role;  // system, user, assistant
    std::string content;
};

class TextServer {
public:
    // Starts the server for the model (chat_template: auto, model, chatml, llama3, none or a file).
    static Result<std::unique_ptr<TextServer>> start(const std::string& modelDir, const std::string& chatTemplate);
    ~TextServer();
    TextServer(const TextServer&) = delete;
    TextServer& operator=(const TextServer&) = delete;

    const std::string& templateUsed() const { return m_template; }  // what --chat_template chose, in words
    Result<std::vector<int64_t>> encode(const std::string& text);
    // The conversation rendered with the generation prompt: its ids (and the prompt's text).
    Result<std::vector<int64_t>> chat(const std::vector<ChatMessage>& messages, std::string* promptText = nullptr);
    Result<std::string> decode(const std::vector<int64_t>& ids);

private:
    TextServer(pid_t pid, std::FILE* in, std::FILE* out, std::string model);
    Result<std::string> request(const std::string& line);
    pid_t m_pid;
    std::FILE* m_in;   // its stdin
    std::FILE* m_out;  // its stdout
    std::string m_model;
    std::string m_template;
};

}  // namespace catapult
