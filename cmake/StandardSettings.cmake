# Language level, warnings and sanitizers as one INTERFACE target.
if(NOT CMAKE_BUILD_TYPE AND NOT CMAKE_CONFIGURATION_TYPES)
  set(CMAKE_BUILD_TYPE Release CACHE STRING "Build type" FORCE)
endif()

option(WARDEN_DEV "Developer build: warnings are errors" OFF)
option(WARDEN_SANITIZE "Build with AddressSanitizer and UndefinedBehaviorSanitizer" OFF)

# Release at -O2, not CMake's -O3: the hot paths are I/O, hashing and
# inflating, where -O3 measured no faster, and it costs 40% more compile
# time (docs/decisions.md).
string(REPLACE "-O3" "-O2" CMAKE_CXX_FLAGS_RELEASE "${CMAKE_CXX_FLAGS_RELEASE}")
string(REPLACE "-O3" "-O2" CMAKE_C_FLAGS_RELEASE "${CMAKE_C_FLAGS_RELEASE}")

add_library(warden_settings INTERFACE)
target_compile_features(warden_settings INTERFACE cxx_std_20)
set(CMAKE_CXX_EXTENSIONS OFF)
target_compile_options(warden_settings INTERFACE -Wall -Wextra -Wpedantic)
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
  # GCC 12 reports -Wrestrict inside std::string at -O2/-O3 where there is
  # none (GCC bug 105651); it would make warnings-as-errors fail Release.
  target_compile_options(warden_settings INTERFACE -Wno-restrict)
endif()
if(WARDEN_DEV)
  target_compile_options(warden_settings INTERFACE -Werror)
endif()
if(WARDEN_SANITIZE)
  target_compile_options(warden_settings INTERFACE
    -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  target_link_options(warden_settings INTERFACE -fsanitize=address,undefined)
endif()
