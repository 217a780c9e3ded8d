#include "itk/parallel.hpp"

#include <algorithm>
#include <atomic>
#include <thread>
#include <vector>

namespace itk {

void parallel_for(std::size_t n, const std::function<void(std::size_t)>& fn)
{
    constexpr std::size_t k_batch = 64;
    std::atomic<std::size_t> next{0};
    const auto work = [&] {
        for (std::size_t begin = next.fetch_add(k_batch); begin < n; begin = next.fetch_add(k_batch)) {
            for (std::size_t i = begin; i < std::min(n, begin + k_batch); ++i) {
                fn(i);
            }
        }
    };
    const std::size_t threads = n < 4 * k_batch ? 1 : std::min<std::size_t>(std::max(1u, std::thread::hardware_concurrency()), 8);
    std::vector<std::thread> pool;
    for (std::size_t t = 1; t < threads; ++t) {
        pool.emplace_back(work);
    }
    work();
    for (std::thread& th : pool) {
        th.join();
    }
}

} // namespace itk
