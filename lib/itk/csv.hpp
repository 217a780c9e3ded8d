#pragma once
// CSV as RFC 4180 writes it and as ServiceNow, GLPI and Jira export it: a header line, fields
// separated by a delimiter, double quotes around fields holding one (doubled inside), line
// ends CRLF or LF, a line break allowed inside quotes. Each record keeps its line number, so
// that a bad value is reported where the user finds it.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace itk {

struct CsvRecord {
    std::size_t line = 0; ///< line of the record's first character, 1-based
    std::vector<std::string> fields;
};

struct CsvTable {
    std::vector<std::string> header;
    std::vector<CsvRecord> records;
    /// Index of a column in the header, or npos.
    std::size_t column(std::string_view name) const;
};

/// Parses CSV text (a UTF-8 byte-order mark is skipped). invalid_data "PATH:LINE: ..." on an
/// unterminated quote, a quote inside an unquoted field, a record with another number of
/// fields than the header, invalid UTF-8.
CsvTable parse_csv(std::string_view text, const std::string& path, char delimiter = ',');

} // namespace itk
