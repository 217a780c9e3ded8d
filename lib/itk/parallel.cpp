#include "itk/parallel.hpp"

#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <system_error>
#include <thread>
#include <vector>

namespace itk {

void parallel_for(std::size_t n, const std::function<void(std::size_t)>& fn)
{
    constexpr std::size_t k_batch = 64;
    std::atomic<std::size_t> next{0};
    std::exception_ptr failure; // the first one; the others stop taking work
    std::mutex failure_mutex;
    const auto work = [&] {
        try {
            for (std::size_t begin = next.fetch_add(k_batch); begin < n; begin = next.fetch_add(k_batch)) {
                for (std::size_t i = begin; i < std::min(n, begin + k_batch); ++i) {
                    fn(i);
                }
            }
        } catch (...) {
            next.store(n);
            const std::lock_guard<std::mutex> lock(failure_mutex);
            if (!failure) {
                failure = std::current_exception();
            }
        }
    };
    const std::size_t threads = n < 4 * k_batch ? 1 : std::min<std::size_t>(std::max(1u, std::thread::hardware_concurrency()), 8);
    std::vector<std::thread> pool;
    for (std::size_t t = 1; t < threads; ++t) {
        try {
            pool.emplace_back(work);
        } catch (const std::system_error&) {
            break; // no thread to be had (a pids limit): fewer hands, the same work
        }
    }
    work();
    for (std::thread& th : pool) {
        th.join();
    }
    if (failure) {
        std::rethrow_exception(failure);
    }
}

void parallel_in_order(std::size_t n, const std::function<std::string(std::size_t)>& make,
                       const std::function<void(std::size_t, std::string&)>& emit)
{
    constexpr std::size_t k_batch = 1024;
    std::vector<std::string> made;
    for (std::size_t first = 0; first < n; first += k_batch) {
        const std::size_t count = std::min(k_batch, n - first);
        made.assign(count, std::string());
        parallel_for(count, [&](std::size_t i) { made[i] = make(first + i); });
        for (std::size_t i = 0; i < count; ++i) {
            emit(first + i, made[i]);
        }
    }
}

} // namespace itk
