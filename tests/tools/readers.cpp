// itk-readers FILE...: the bulk reader against the strict reader (tests/fuzz/readers.hpp) on
// each file; lib.sh's validate_store runs it on every ticket file an end-to-end test writes.
// Prints each difference, and each plain file the bulk reader left to the strict one, and exits
// 1 if any; prints how many files the bulk reader read.

#include "readers.hpp"

#include <cstdio>
#include <fstream>
#include <iterator>

int main(int argc, char** argv)
{
    int differences = 0, fast = 0;
    for (int i = 1; i < argc; ++i) {
        std::ifstream in(argv[i], std::ios::binary);
        if (!in) {
            std::fprintf(stderr, "itk-readers: cannot read %s\n", argv[i]);
            return 2;
        }
        const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        const itk::fuzz::ReadersVerdict v = itk::fuzz::compare_readers(text);
        if (!v.difference.empty()) {
            std::fprintf(stderr, "itk-readers: %s: %s\n", argv[i], v.difference.c_str());
            ++differences;
        } else if (v.missed) {
            std::fprintf(stderr, "itk-readers: %s: left to the strict reader, though simdjson's half should read it\n",
                         argv[i]);
            ++differences;
        }
        fast += v.fast ? 1 : 0;
    }
    std::printf("itk-readers: %d files, %d read by simdjson, %d differences\n", argc - 1, fast, differences);
    return differences == 0 ? 0 : 1;
}
