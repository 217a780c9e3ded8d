// A libFuzzer binary for one target of targets.hpp, chosen at compile time (ITK_FUZZ_TARGET).

#include "targets.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    return itk::fuzz::ITK_FUZZ_TARGET(data, size);
}
