#include "JsonValue.h"

#include <cerrno>
#include <charconv>
#include <cstdlib>
#include <stdexcept>

namespace catapult {

// Recursive descent over the text; throws std::invalid_argument that parse() turns into a Status.
class JsonParser {
public:
    explicit JsonParser(std::string_view text) : m_text(text) {}

    JsonValue document() {
        JsonValue v = value(0);
        skipSpace();
        if (m_pos != m_text.size()) fail("unexpected text after the document");
        return v;
    }

private:
    [[noreturn]] void fail(const std::string& what) const {
        throw std::invalid_argument(what + " at byte " + std::to_string(m_pos));
    }
    void skipSpace() {
        while (m_pos < m_text.size() && (m_text[m_pos] == ' ' || m_text[m_pos] == '\t' || m_text[m_pos] == '\n' || m_text[m_pos] == '\r'))
            ++m_pos;
    }
    char peek() {
        skipSpace();
        if (m_pos >= m_text.size()) fail("unexpected end");
        return m_text[m_pos];
    }
    void expect(char c) {
        if (peek() != c) fail(std::string("expected '") + c + "'");
        ++m_pos;
    }
    bool literal(std::string_view word) {
        if (m_text.substr(m_pos, word.size()) != word) return false;
        m_pos += word.size();
        return true;
    }

    JsonValue value(int depth) {
        if (depth > 64) fail("nesting too deep");
        JsonValue v;
        const char c = peek();
        if (c == '{') {
            v.m_kind = JsonValue::Kind::Object;
            ++m_pos;
            if (peek() == '}') { ++m_pos; return v; }
            for (;;) {
                if (peek() != '"') fail("expected a member name");
                std::string key = string();
                expect(':');
                v.m_members[key] = value(depth + 1);
                if (peek() == ',') { ++m_pos; continue; }
                expect('}');
                return v;
            }
        }
        if (c == '[') {
            v.m_kind = JsonValue::Kind::Array;
            ++m_pos;
            if (peek() == ']') { ++m_pos; return v; }
            for (;;) {
                v.m_items.push_back(value(depth + 1));
                if (peek() == ',') { ++m_pos; continue; }
                expect(']');
                return v;
            }
        }
        if (c == '"') {
            v.m_kind = JsonValue::Kind::String;
            v.m_string = string();
            return v;
        }
        if (literal("true") || literal("false")) {
            v.m_kind = JsonValue::Kind::Bool;
            v.m_bool = m_text[m_pos - 1] == 'e' && m_text[m_pos - 2] == 'u';
            return v;
        }
        if (literal("null")) return v;
        return number();
    }

    JsonValue number() {
        const std::size_t start = m_pos;
        while (m_pos < m_text.size() && std::string_view("+-0123456789.eE").find(m_text[m_pos]) != std::string_view::npos) ++m_pos;
        if (m_pos == start) fail("unexpected character");
        const std::string token(m_text.substr(start, m_pos - start));
        JsonValue v;
        v.m_kind = JsonValue::Kind::Number;
        char* end = nullptr;
        v.m_number = std::strtod(token.c_str(), &end);
        if (end != token.c_str() + token.size()) fail("malformed number");
        int64_t whole = 0;
        auto [ptr, ec] = std::from_chars(token.data(), token.data() + token.size(), whole);
        if (ec == std::errc() && ptr == token.data() + token.size()) {
            v.m_integral = true;
            v.m_integer = whole;
        }
        return v;
    }

    std::string string() {
        ++m_pos;  // the opening quote
        std::string out;
        while (m_pos < m_text.size() && m_text[m_pos] != '"') {
            char c = m_text[m_pos++];
            if (c != '\\') {
                out += c;
                continue;
            }
            if (m_pos >= m_text.size()) break;
            c = m_text[m_pos++];
            switch (c) {
                case 'n': out += '\n'; break;
                case 't': out += '\t'; break;
                case 'r': out += '\r'; break;
                case 'b': out += '\b'; break;
                case 'f': out += '\f'; break;
                case 'u': {
                    if (m_pos + 4 > m_text.size()) fail("short \\u escape");
                    const unsigned code = static_cast<unsigned>(std::stoul(std::string(m_text.substr(m_pos, 4)), nullptr, 16));
                    m_pos += 4;
                    if (code < 0x80) {
                        out += static_cast<char>(code);
                    } else if (code < 0x800) {
                        out += static_cast<char>(0xC0 | (code >> 6));
                        out += static_cast<char>(0x80 | (code & 0x3F));
                    } else {
                        out += static_cast<char>(0xE0 | (code >> 12));
                        out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
                        out += static_cast<char>(0x80 | (code & 0x3F));
                    }
                    break;
                }
                default: out += c;
            }
        }
        if (m_pos >= m_text.size()) fail("unterminated string");
        ++m_pos;
        return out;
    }

    std::string_view m_text;
    std::size_t m_pos = 0;
};

Result<JsonValue> JsonValue::parse(std::string_view text) {
    try {
        return JsonParser(text).document();
    } catch (const std::exception& e) {
        return Status::error(std::string("malformed JSON: ") + e.what());
    }
}

const JsonValue* JsonValue::find(const std::string& key) const {
    auto it = m_members.find(key);
    return it == m_members.end() ? nullptr : &it->second;
}

}  // namespace catapult
