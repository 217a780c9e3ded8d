#pragma once
// Work over many files spread on the cores: batches handed out from one counter, so that a
// busy core (or a run of big files) never leaves the others waiting, and the calling thread
// works too; with one core, or little work, no thread is started.

#include <cstddef>
#include <functional>
#include <string>

namespace itk {

/// Calls `fn(i)` for every i in [0, n), from up to one thread per core (at most 8). `fn` must
/// only touch what belongs to its index. When it throws, no new index is handed out, every
/// thread is joined, and the first exception is rethrown here.
void parallel_for(std::size_t n, const std::function<void(std::size_t)>& fn);

/// Makes `make(i)` for every i in [0, n) with parallel_for, 1,024 at a time, and hands each
/// to `emit(i, text)` in index order: output made on every core, in order, never held whole.
void parallel_in_order(std::size_t n, const std::function<std::string(std::size_t)>& make,
                       const std::function<void(std::size_t, std::string&)>& emit);

} // namespace itk
