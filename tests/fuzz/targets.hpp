#pragma once
// The fuzz targets (docs/security.md). Each takes arbitrary bytes and checks what must hold
// for any input: a clean invalid_data (or usage) error, or a result that reads back the same.
// A violated property aborts, which libFuzzer reports as a crash. driver.cpp makes each one a
// libFuzzer binary (clang, ASan, UBSan); tests/unit/fuzz_corpus_test.cpp replays the corpora
// in tests/fuzz/corpus/ through them in every build, so that a crash once found stays fixed.

#include <cstddef>
#include <cstdint>

namespace itk::fuzz {

/// The ticket reader: parse_ticket, then serialize, fsck's checks and the scan cache's round
/// trip on what it read; the input as a cache file or entry must be refused, never crash.
int ticket(const std::uint8_t* data, std::size_t size);
/// The config reader: parse_config, then what `itk config` prints of it.
int config(const std::uint8_t* data, std::size_t size);
/// The time, duration and period parsers, and their round trips.
int time(const std::uint8_t* data, std::size_t size);
/// The three-way merge of a base and two sides generated from the input: same bytes in
/// either direction, valid for fsck, no event new on a side lost, no base event that a side
/// removed kept.
int merge(const std::uint8_t* data, std::size_t size);
/// A scan cache file: the input after this build's first line (so that the fuzzer need not
/// guess it), and as it is; every entry decoded. Any bytes are refused or decoded, never a
/// crash, a read out of bounds or an allocation beyond the input's size.
int cache(const std::uint8_t* data, std::size_t size);

} // namespace itk::fuzz
