# Cross toolchain for bare-metal Cortex-M with Debian's gcc-arm-none-eabi and
# newlib-nano. The CPU is chosen by the preset through TINYSSO_CPU_FLAGS so one
# file serves every core (see CMakePresets.json).
set(CMAKE_SYSTEM_NAME Generic)
set(CMAKE_SYSTEM_PROCESSOR arm)

set(CMAKE_C_COMPILER arm-none-eabi-gcc)
# There is no startup code to link a test program with, so the compiler checks
# build a static library instead of an executable.
set(CMAKE_TRY_COMPILE_TARGET_TYPE STATIC_LIBRARY)

set(TINYSSO_CPU_FLAGS "-mcpu=cortex-m4 -mfloat-abi=hard -mfpu=fpv4-sp-d16"
    CACHE STRING "CPU flags of the Cortex-M build (set by the presets)")
list(APPEND CMAKE_TRY_COMPILE_PLATFORM_VARIABLES TINYSSO_CPU_FLAGS)

# nano.specs is a compile flag too: it selects newlib-nano's newlib.h.
# Sections per function/object let the firmware link drop what it never calls.
set(CMAKE_C_FLAGS_INIT
    "-mthumb ${TINYSSO_CPU_FLAGS} --specs=nano.specs -ffunction-sections -fdata-sections")
set(CMAKE_EXE_LINKER_FLAGS_INIT "-Wl,--gc-sections")

# Programs (the size tools, QEMU) run on the host; libraries and headers come
# from the cross toolchain only.
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)

# jsmn is a header-only Debian package installed in /usr/include. Adding
# -I/usr/include to a cross build would put glibc's headers in front of
# newlib's, so the top-level find_path is answered in advance with a
# directory that holds jsmn.h alone (a copy made at configure time).
if(NOT CMAKE_IN_TRY_COMPILE AND NOT DEFINED CACHE{JSMN_INCLUDE_DIR})
  find_file(TINYSSO_HOST_JSMN_H jsmn.h PATHS /usr/include /usr/local/include
            NO_DEFAULT_PATH NO_CMAKE_FIND_ROOT_PATH)
  if(NOT TINYSSO_HOST_JSMN_H)
    message(FATAL_ERROR "jsmn.h not found: install libjsmn-dev")
  endif()
  configure_file(${TINYSSO_HOST_JSMN_H} ${CMAKE_BINARY_DIR}/jsmn-only/jsmn.h COPYONLY)
  set(JSMN_INCLUDE_DIR ${CMAKE_BINARY_DIR}/jsmn-only CACHE PATH "jsmn.h alone, for the cross build")
endif()
