#pragma once
// The pieces of a ticket's and an event's JSON that both encoders write (event.cpp,
// ticket_file.cpp), into a JsonTree or a JsonText (json_writer.hpp).

#include "itk/event.hpp"
#include "itk/json_writer.hpp"

namespace itk::encode {

template <class B> void text(B& out, const OptString& s)
{
    if (s) {
        out.string(*s);
    } else {
        out.null();
    }
}

/// A number or null: a score (int) or a duration (Duration).
template <class B, class N> void integer(B& out, const std::optional<N>& v)
{
    if (v) {
        out.integer(static_cast<std::int64_t>(*v));
    } else {
        out.null();
    }
}

template <class B> void field(B& out, const std::optional<FieldValue>& v)
{
    if (!v) {
        out.null();
    } else if (std::holds_alternative<std::string>(*v)) {
        out.string(std::get<std::string>(*v));
    } else {
        out.integer(std::get<std::int64_t>(*v));
    }
}

template <class B> void person(B& out, const Person& p)
{
    out.begin_object();
    out.key("name");
    out.string(p.name);
    out.key("contact");
    text(out, p.contact);
    out.end_object();
}

template <class B> void fields(B& out, const Fields& fields)
{
    out.begin_object();
    for (const auto& [name, value] : fields) {
        out.key(name);
        field(out, std::optional<FieldValue>(value));
    }
    out.end_object();
}

template <class B> void source(B& out, const Source& s)
{
    out.begin_object();
    out.key("system");
    out.string(s.system);
    out.key("number");
    out.string(s.number);
    out.end_object();
}

} // namespace itk::encode
