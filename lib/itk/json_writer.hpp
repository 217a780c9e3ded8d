#pragma once
// One encoder of tickets and events (ticket_file.cpp, event.cpp), two outputs: JsonTree builds
// nlohmann's tree (show --json, --where, fsck's comparison), JsonText writes the text itself,
// byte for byte what nlohmann's dump() would print of that tree, without building it (ticket
// files, export, list --json). The fuzz ticket target and every end-to-end test's tickets check
// that the two agree (tests/fuzz/readers.hpp).

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace itk {

using Json = nlohmann::ordered_json;

/// `text` with `pad` spaces after each of its newlines (a value written at a deeper level).
std::string indented(std::string_view text, std::size_t pad);

class JsonTree {
public:
    void begin_object() { open(Json::object()); }
    void begin_array() { open(Json::array()); }
    void end_object() { m_stack.pop_back(); }
    void end_array() { m_stack.pop_back(); }
    void key(std::string_view k) { m_key.assign(k); }
    void string(std::string_view s) { put(Json(std::string(s))); }
    void null() { put(Json(nullptr)); }
    void boolean(bool b) { put(Json(b)); }
    void integer(std::int64_t i) { put(Json(i)); }
    void json(const Json& v) { put(v); }
    Json take() { return std::move(m_root); }

private:
    Json* put(Json v);
    void open(Json v) { m_stack.push_back(put(std::move(v))); }

    Json m_root;
    std::vector<Json*> m_stack; ///< the open containers, innermost last
    std::string m_key;          ///< the key of the next value in an object
};

class JsonText {
public:
    /// Appends to `out`; `indent` spaces a level (dump(indent)), or -1 for dump()'s one line;
    /// `depth`: the level the value starts at (an item of an indented array: 1).
    JsonText(std::string& out, int indent, std::size_t depth = 0) : m_out(out), m_indent(indent), m_base(depth) {}

    void begin_object() { open('{'); }
    void begin_array() { open('['); }
    void end_object() { close('}'); }
    void end_array() { close(']'); }
    void key(std::string_view k);
    /// Throws NotSure (json_view.hpp) on invalid UTF-8, which dump() refuses in its own words.
    void string(std::string_view s);
    void null()
    {
        before_value();
        m_out += "null";
    }
    void boolean(bool b)
    {
        before_value();
        m_out += b ? "true" : "false";
    }
    void integer(std::int64_t i);
    void json(const Json& v);

private:
    void before_value();
    void newline(std::size_t depth);
    void open(char c);
    void close(char c);
    void quoted(std::string_view s);
    void escape(unsigned char c);

    std::string& m_out;
    int m_indent;
    std::size_t m_base;
    std::vector<std::size_t> m_counts; ///< items so far in each open container
    bool m_after_key = false;
};

} // namespace itk
