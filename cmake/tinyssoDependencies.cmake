# Finds what the mbedTLS and lwIP ports link against and names it with an
# imported target, so that the targets tinysso exports refer to a name and
# not to a path on the build machine. Used by port/CMakeLists.txt and,
# installed beside it, by tinyssoConfig.cmake on the consumer's machine.
#
#   tinysso_find_mbedtls()  tinysso_deps::mbedtls (mbedtls + mbedx509 +
#                           mbedcrypto). An MbedTLS CMake package (3.x ships
#                           one) is used when present; Debian's 2.28 has
#                           neither that nor a .pc file (PROTOCOL §9), so the
#                           headers and the three libraries are searched
#                           for. Sets MBEDTLS_INCLUDE_DIR.
#   tinysso_find_lwip()     tinysso_deps::lwip (`pkg-config lwip` plus the
#                           threads library Debian's NO_SYS=0 build needs).
# Neither fails: without the dependency, no target is defined and the caller
# decides (the build skips that port; the package config reports the
# component as not found).
include_guard(GLOBAL)

macro(tinysso_find_mbedtls)
  if(NOT TARGET tinysso_deps::mbedtls)
    find_package(MbedTLS CONFIG QUIET)
    if(TARGET MbedTLS::mbedtls)
      add_library(tinysso_deps::mbedtls INTERFACE IMPORTED)
      set_target_properties(tinysso_deps::mbedtls PROPERTIES INTERFACE_LINK_LIBRARIES
                            "MbedTLS::mbedtls;MbedTLS::mbedx509;MbedTLS::mbedcrypto")
      get_target_property(MBEDTLS_INCLUDE_DIR MbedTLS::mbedtls INTERFACE_INCLUDE_DIRECTORIES)
    else()
      find_path(MBEDTLS_INCLUDE_DIR mbedtls/ssl.h)
      find_library(MBEDTLS_LIB mbedtls)
      find_library(MBEDX509_LIB mbedx509)
      find_library(MBEDCRYPTO_LIB mbedcrypto)
      if(MBEDTLS_INCLUDE_DIR AND MBEDTLS_LIB AND MBEDX509_LIB AND MBEDCRYPTO_LIB)
        add_library(tinysso_deps::mbedtls INTERFACE IMPORTED)
        set_target_properties(tinysso_deps::mbedtls PROPERTIES
                              INTERFACE_INCLUDE_DIRECTORIES "${MBEDTLS_INCLUDE_DIR}"
                              INTERFACE_LINK_LIBRARIES
                              "${MBEDTLS_LIB};${MBEDX509_LIB};${MBEDCRYPTO_LIB}")
      endif()
    endif()
  endif()
endmacro()

macro(tinysso_find_lwip)
  if(NOT TARGET tinysso_deps::lwip)
    find_package(PkgConfig QUIET)
    if(PkgConfig_FOUND)
      pkg_check_modules(LWIP QUIET IMPORTED_TARGET lwip)
    endif()
    find_package(Threads QUIET)
    if(TARGET PkgConfig::LWIP AND TARGET Threads::Threads)
      add_library(tinysso_deps::lwip INTERFACE IMPORTED)
      set_target_properties(tinysso_deps::lwip PROPERTIES INTERFACE_LINK_LIBRARIES
                            "PkgConfig::LWIP;Threads::Threads")
    endif()
  endif()
endmacro()
