#pragma once
// Errors at module boundaries are values. A Status is either success or an error with a
// human-readable message that names what went wrong (the setting, the host, the rank).
// Result<T> carries a value or an error Status.
//
// Thread safety: plain values; copy freely.

#include <cassert>
#include <optional>
#include <string>
#include <utility>

namespace catapult {

class Status {
public:
    static Status success() { return Status(); }
    static Status error(std::string message) { return Status(std::move(message)); }

    bool ok() const { return !m_message.has_value(); }
    // REQUIRES: !ok(). The message is a complete sentence meant for the user.
    const std::string& message() const { return *m_message; }

private:
    Status() = default;
    explicit Status(std::string message) : m_message(std::move(message)) {}
    std::optional<std::string> m_message;
};

template <typename T>
class Result {
public:
    Result(T value) : m_value(std::move(value)), m_status(Status::success()) {}  // NOLINT
    Result(Status error) : m_status(std::move(error)) { assert(!m_status.ok()); }  // NOLINT

    bool ok() const { return m_status.ok(); }
    const Status& status() const { return m_status; }
    // REQUIRES: ok().
    T& value() & { return *m_value; }
    const T& value() const& { return *m_value; }
    T&& value() && { return std::move(*m_value); }
    // The value, or `fallback` for an error.
    T valueOr(T fallback) const& { return ok() ? *m_value : std::move(fallback); }

private:
    std::optional<T> m_value;
    Status m_status;
};

}  // namespace catapult
