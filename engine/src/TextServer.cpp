#include "TextServer.h"

#include <sys/wait.h>
#include <unistd.h>

#include <csignal>

#include "JsonDocument.h"
#include "TokenizerStep.h"

namespace catapult {
namespace {

Result<nlohmann::json> replyOf(const std::string& line, const std::string& model) {
    auto reply = parseJson(line);
    if (!reply.ok() || !reply.value().is_object())
        return Status::error("the tokenizer process for " + model + " answered something that is not a JSON object: " + line);
    if (const nlohmann::json* error = findMember(reply.value(), "error")) return Status::error(model + ": " + stringOf(*error));
    return reply;
}

std::vector<int64_t> idsOf(const nlohmann::json& reply) {
    std::vector<int64_t> ids;
    if (const nlohmann::json* list = findMember(reply, "ids"); list && list->is_array())
        for (const auto& id : *list) ids.push_back(id.get<int64_t>());
    return ids;
}

}  // namespace

TextServer::TextServer(pid_t pid, std::FILE* in, std::FILE* out, std::string model)
    : m_pid(pid), m_in(in), m_out(out), m_model(std::move(model)) {}

TextServer::~TextServer() {
    std::fclose(m_in);  // the server ends at the end of its input
    std::fclose(m_out);
    int status = 0;
    ::waitpid(m_pid, &status, 0);
}

Result<std::unique_ptr<TextServer>> TextServer::start(const std::string& modelDir, const std::string& chatTemplate) {
    int toChild[2], fromChild[2];
    if (::pipe(toChild) != 0) return Status::error("cannot start the tokenizer process: no pipe");
    if (::pipe(fromChild) != 0) {
        ::close(toChild[0]);
        ::close(toChild[1]);
        return Status::error("cannot start the tokenizer process: no pipe");
    }
    const std::string command = preparationCommand("text-server --model " + shellQuoted(modelDir) + " --chat_template " + shellQuoted(chatTemplate));
    const pid_t pid = ::fork();
    if (pid == 0) {
        ::dup2(toChild[0], STDIN_FILENO);
        ::dup2(fromChild[1], STDOUT_FILENO);
        for (int fd : {toChild[0], toChild[1], fromChild[0], fromChild[1]}) ::close(fd);
        ::execl("/bin/sh", "sh", "-c", command.c_str(), static_cast<char*>(nullptr));
        ::_exit(127);
    }
    ::close(toChild[0]);
    ::close(fromChild[1]);
    std::unique_ptr<TextServer> server(new TextServer(pid, ::fdopen(toChild[1], "w"), ::fdopen(fromChild[0], "r"), modelDir));
    auto ready = server->request("");
    if (!ready.ok()) return ready.status();
    auto reply = replyOf(ready.value(), modelDir);
    if (!reply.ok()) return reply.status();
    server->m_template = stringOf(reply.value().value("template", nlohmann::json()));
    return server;
}

// Sends a line (none: reads the greeting) and reads the answer line.
Result<std::string> TextServer::request(const std::string& line) {
    if (!line.empty() && (std::fputs((line + "\n").c_str(), m_in) < 0 || std::fflush(m_in) != 0))
        return Status::error("the tokenizer process for " + m_model + " has ended (see its message above)");
    std::string answer;
    for (int c = std::fgetc(m_out); c != EOF && c != '\n'; c = std::fgetc(m_out)) answer += static_cast<char>(c);
    if (answer.empty()) return Status::error("the tokenizer process for " + m_model + " has ended (see its message above)");
    return answer;
}

Result<std::vector<int64_t>> TextServer::encode(const std::string& text) {
    auto line = request(nlohmann::json{{"op", "encode"}, {"text", text}}.dump());
    if (!line.ok()) return line.status();
    auto reply = replyOf(line.value(), m_model);
    if (!reply.ok()) return reply.status();
    return idsOf(reply.value());
}

Result<std::vector<int64_t>> TextServer::chat(const std::vector<ChatMessage>& messages, std::string* promptText) {
    nlohmann::json list = nlohmann::json::array();
    for (const ChatMessage& m : messages) list.push_back({{"role", m.role}, {"content", m.content}});
    auto line = request(nlohmann::json{{"op", "chat"}, {"messages", list}}.dump());
    if (!line.ok()) return line.status();
    auto reply = replyOf(line.value(), m_model);
    if (!reply.ok()) return reply.status();
    if (promptText) *promptText = stringOf(reply.value().value("text", nlohmann::json()));
    return idsOf(reply.value());
}

Result<std::string> TextServer::decode(const std::vector<int64_t>& ids) {
    auto line = request(nlohmann::json{{"op", "decode"}, {"ids", ids}}.dump());
    if (!line.ok()) return line.status();
    auto reply = replyOf(line.value(), m_model);
    if (!reply.ok()) return reply.status();
    return stringOf(reply.value().value("text", nlohmann::json()));
}

}  // namespace catapult
