#include "itk/csv.hpp"

#include "itk/error.hpp"
#include "itk/text.hpp"

#include <algorithm>

namespace itk {

std::size_t CsvTable::column(std::string_view name) const
{
    const auto it = std::find(header.begin(), header.end(), name);
    return it == header.end() ? std::string::npos : static_cast<std::size_t>(it - header.begin());
}

CsvTable parse_csv(std::string_view text, const std::string& path, char delimiter)
{
    if (text.substr(0, 3) == "\xEF\xBB\xBF") {
        text.remove_prefix(3);
    }
    if (!is_valid_utf8(text)) {
        fail_invalid(path + ": not valid UTF-8 (export the file as UTF-8)");
    }
    CsvTable table;
    std::vector<std::string> record;
    std::string field;
    std::size_t line = 1, record_line = 1;
    bool quoted = false, was_quoted = false;
    const auto end_field = [&] {
        record.push_back(std::move(field));
        field.clear();
        was_quoted = false;
    };
    const auto end_record = [&] {
        end_field();
        const bool blank = record.size() == 1 && record[0].empty();
        if (!blank) {
            if (table.header.empty()) {
                table.header = std::move(record);
            } else {
                if (record.size() != table.header.size()) {
                    fail_invalid(path + ":" + std::to_string(record_line) + ": " + std::to_string(record.size()) +
                                 " fields, but the header has " + std::to_string(table.header.size()));
                }
                table.records.push_back(CsvRecord{record_line, std::move(record)});
            }
        }
        record.clear();
    };
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (quoted) {
            if (c == '"') {
                if (i + 1 < text.size() && text[i + 1] == '"') {
                    field += '"';
                    ++i;
                } else {
                    quoted = false;
                }
            } else {
                line += c == '\n' ? 1 : 0;
                field += c;
            }
            continue;
        }
        if (c == '"') {
            if (!field.empty() || was_quoted) {
                fail_invalid(path + ":" + std::to_string(line) + ": a quote inside an unquoted field");
            }
            quoted = was_quoted = true;
        } else if (c == delimiter) {
            end_field();
        } else if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
            continue; // the \n ends the record
        } else if (c == '\n') {
            end_record();
            ++line;
            record_line = line;
        } else {
            if (was_quoted) {
                fail_invalid(path + ":" + std::to_string(line) + ": text after a closing quote");
            }
            field += c;
        }
    }
    if (quoted) {
        fail_invalid(path + ":" + std::to_string(record_line) + ": a quoted field is not closed");
    }
    if (!field.empty() || !record.empty() || was_quoted) {
        end_record();
    }
    if (table.header.empty()) {
        fail_invalid(path + ": no header line");
    }
    return table;
}

} // namespace itk
