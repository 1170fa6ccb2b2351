# mbedTLS 3.6 LTS compiled from the release tarball (see tinysso_third_party.cmake),
# with a config header the caller owns. The upstream CMake build is not used: it
# needs the `framework` submodule, which the tarball does not carry. The sources
# the tarball ships (library/*.c, generated files included) compile as they are.
#
#   tinysso_add_mbedtls36(<prefix>
#       CONFIG_FILE <path/to/config.h>      required; becomes MBEDTLS_CONFIG_FILE
#       [INCLUDE_DIRS <dir>...]             extra include folders (e.g. a user or
#                                           PSA config, an alt implementation)
#       [DEFINES <NAME[=value]>...]         extra definitions (e.g.
#                                           MBEDTLS_USER_CONFIG_FILE="x.h")
#       [COMPILE_OPTIONS <opt>...])         options for the mbedTLS sources only
#
# Creates three static libraries, split as upstream splits them:
#   <prefix>crypto  everything else in library/, plus the p256-m PSA driver
#                   (3rdparty/p256-m; compiles to nothing unless the config sets
#                   MBEDTLS_PSA_P256M_DRIVER_ENABLED)
#   <prefix>x509    x509*.c, pkcs7.c                        (links <prefix>crypto)
#   <prefix>tls     ssl_*.c, mps_*.c, debug.c, net_sockets.c (links <prefix>x509)
# Linking <prefix>tls brings all three. The mbedTLS include folder (as SYSTEM, so
# upstream headers do not trip the caller's -Werror), the config's folder,
# INCLUDE_DIRS and the definitions are PUBLIC: whatever includes an mbedTLS
# header sees the same configuration the library was compiled with.
#
# Nothing host-specific is added: the flags of a cross build (CMAKE_C_FLAGS from
# the toolchain file) apply as to any target. Upstream code is compiled with its
# warnings off (-w) and never with -Werror; it is not ours to fix.
#
# When the tarball is absent (tinysso_third_party says so), no target is
# created: test `if(TARGET <prefix>tls)`. The Everest X25519 variant is not built.
include_guard(GLOBAL)
include(${CMAKE_CURRENT_LIST_DIR}/tinysso_third_party.cmake)

function(tinysso_add_mbedtls36 prefix)
  cmake_parse_arguments(PARSE_ARGV 1 arg "" "CONFIG_FILE" "INCLUDE_DIRS;DEFINES;COMPILE_OPTIONS")
  if(arg_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "tinysso_add_mbedtls36: unknown arguments ${arg_UNPARSED_ARGUMENTS}")
  endif()
  if(NOT arg_CONFIG_FILE)
    message(FATAL_ERROR "tinysso_add_mbedtls36: CONFIG_FILE is required")
  endif()
  get_filename_component(config "${arg_CONFIG_FILE}" ABSOLUTE)
  if(NOT EXISTS "${config}")
    message(FATAL_ERROR "tinysso_add_mbedtls36: ${config} does not exist")
  endif()
  if(TARGET ${prefix}tls)
    return()
  endif()

  tinysso_third_party(mbedtls-3.6.6 dir)
  if(NOT dir)
    return()
  endif()

  get_filename_component(config_dir "${config}" DIRECTORY)
  get_filename_component(config_name "${config}" NAME)

  file(GLOB all_src "${dir}/library/*.c")
  set(src_crypto "")
  set(src_x509 "")
  set(src_tls "")
  foreach(f IN LISTS all_src)
    get_filename_component(n "${f}" NAME)
    if(n MATCHES "^(x509.*|pkcs7)\\.c$")
      list(APPEND src_x509 "${f}")
    elseif(n MATCHES "^(ssl_.*|mps_.*|debug|net_sockets)\\.c$")
      list(APPEND src_tls "${f}")
    else()
      list(APPEND src_crypto "${f}")
    endif()
  endforeach()
  list(APPEND src_crypto "${dir}/3rdparty/p256-m/p256-m_driver_entrypoints.c"
       "${dir}/3rdparty/p256-m/p256-m/p256-m.c")

  add_library(${prefix}crypto STATIC ${src_crypto})
  add_library(${prefix}x509 STATIC ${src_x509})
  add_library(${prefix}tls STATIC ${src_tls})
  target_link_libraries(${prefix}x509 PUBLIC ${prefix}crypto)
  target_link_libraries(${prefix}tls PUBLIC ${prefix}x509)

  foreach(lib crypto x509 tls)
    set(t ${prefix}${lib})
    target_include_directories(${t} SYSTEM PUBLIC "${dir}/include" "${config_dir}" ${arg_INCLUDE_DIRS})
    target_include_directories(${t} PRIVATE "${dir}/library" "${dir}/3rdparty/p256-m"
                                            "${dir}/3rdparty/p256-m/p256-m")
    target_compile_definitions(${t} PUBLIC "MBEDTLS_CONFIG_FILE=\"${config_name}\"" ${arg_DEFINES})
    target_compile_options(${t} PRIVATE -w ${arg_COMPILE_OPTIONS})
    set_target_properties(${t} PROPERTIES C_STANDARD 99 C_EXTENSIONS ON)
  endforeach()
endfunction()
