#pragma once
// What the event decoder asks of a parsed JSON value, so that one decoder (event.cpp: the
// event table) reads both the strict reader's tree (JsonView) and simdjson's document
// (DomView, dom_view.hpp, the bulk read path). A view that cannot answer exactly as the
// strict reader would throws NotSure, and the caller reads the file with the strict reader.

#include <nlohmann/json.hpp>

#include <cstdint>
#include <exception>
#include <optional>
#include <string>
#include <string_view>

namespace itk {

using Json = nlohmann::ordered_json;

/// Thrown by a view, or by the bulk reader, for anything it does not answer exactly as the
/// strict reader: the file is then read again by the strict reader, which has the last word
/// (its ticket, or its error message).
struct NotSure : std::exception {
    const char* what() const noexcept override { return "internal error: a fast path was not sure"; }
};

/// A value of the strict reader's tree.
class JsonView {
public:
    explicit JsonView(const Json& v) : m_v(&v) {}

    bool is_null() const { return m_v->is_null(); }
    bool is_string() const { return m_v->is_string(); }
    bool is_bool() const { return m_v->is_boolean(); }
    /// An integer of 64 bits: one beyond INT64_MAX (the tree holds it unsigned) is not, as
    /// simdjson's half does not take it for one.
    bool is_integer() const
    {
        return m_v->is_number_integer() &&
               !(m_v->is_number_unsigned() && m_v->get<std::uint64_t>() > static_cast<std::uint64_t>(INT64_MAX));
    }
    bool is_object() const { return m_v->is_object(); }
    bool is_array() const { return m_v->is_array(); }
    std::string_view text() const { return m_v->get_ref<const std::string&>(); }
    bool boolean() const { return m_v->get<bool>(); }
    std::int64_t integer() const { return m_v->get<std::int64_t>(); }
    std::size_t size() const { return m_v->size(); }
    std::optional<JsonView> find(std::string_view key) const
    {
        const auto it = m_v->find(key);
        return it == m_v->end() ? std::nullopt : std::optional<JsonView>(JsonView(*it));
    }
    template <class F> void members(F&& f) const
    {
        for (const auto& [key, value] : m_v->items()) {
            f(std::string_view(key), JsonView(value));
        }
    }
    template <class F> void elements(F&& f) const
    {
        for (const Json& value : *m_v) {
            f(JsonView(value));
        }
    }
    const Json& json() const { return *m_v; }

private:
    const Json* m_v;
};

} // namespace itk
