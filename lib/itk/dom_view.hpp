#pragma once
// A value of a simdjson document, as the event decoder asks for it (json_view.hpp). The bulk
// reader (read_ticket_simd, ticket_file.cpp) hands the decoder only documents it has walked first: no duplicate
// key, no deeper than the strict reader allows, every number an integer of 64 bits (anything
// else was NotSure before the decoder sees it).

#include "itk/event.hpp"
#include "itk/json_view.hpp"

#include <simdjson.h>

namespace itk {

class DomView {
public:
    explicit DomView(simdjson::dom::element v) : m_v(v) {}

    bool is_null() const { return m_v.is_null(); }
    bool is_string() const { return m_v.is_string(); }
    bool is_bool() const { return m_v.is_bool(); }
    bool is_integer() const { return m_v.is_int64(); }
    bool is_object() const { return m_v.is_object(); }
    bool is_array() const { return m_v.is_array(); }
    std::string_view text() const
    {
        std::string_view s;
        if (m_v.get_string().get(s) != simdjson::SUCCESS) {
            throw NotSure{}; // the decoder asked for another type
        }
        return s;
    }
    bool boolean() const
    {
        bool b = false;
        if (m_v.get_bool().get(b) != simdjson::SUCCESS) {
            throw NotSure{}; // the decoder asked for another type
        }
        return b;
    }
    std::int64_t integer() const
    {
        std::int64_t i = 0;
        if (m_v.get_int64().get(i) != simdjson::SUCCESS) {
            throw NotSure{}; // the decoder asked for another type
        }
        return i;
    }
    std::size_t size() const
    {
        return m_v.is_object() ? object().size() : array().size();
    }
    std::optional<DomView> find(std::string_view key) const
    {
        for (const auto field : object()) {
            if (field.key == key) {
                return DomView(field.value);
            }
        }
        return std::nullopt;
    }
    template <class F> void members(F&& f) const
    {
        for (const auto field : object()) {
            f(field.key, DomView(field.value));
        }
    }
    template <class F> void elements(F&& f) const
    {
        for (const simdjson::dom::element value : array()) {
            f(DomView(value));
        }
    }
    /// Keys this version does not know are kept as JSON: the strict reader builds them.
    [[noreturn]] Json json() const { throw NotSure{}; }

private:
    // By value: value_unsafe() refers into the temporary result, which a range-for outlives.
    simdjson::dom::object object() const
    {
        simdjson::dom::object o;
        if (m_v.get_object().get(o) != simdjson::SUCCESS) {
            throw NotSure{}; // the decoder asked for another type
        }
        return o;
    }
    simdjson::dom::array array() const
    {
        simdjson::dom::array a;
        if (m_v.get_array().get(a) != simdjson::SUCCESS) {
            throw NotSure{}; // the decoder asked for another type
        }
        return a;
    }

    simdjson::dom::element m_v;
};

/// Decodes one event of a walked document, as decode_event(const Json&) does.
Event decode_event(const DomView& object);

} // namespace itk
