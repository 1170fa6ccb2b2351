# Finds what the mbedTLS and lwIP ports link against, on the machine of a
# project that takes the installed package, and names it with an imported
# target: the exported tinysso::mbedtls and tinysso::lwip refer to these
# names, never to a path on the machine that built tinysso. Installed beside
# tinyssoConfig.cmake, which calls it for the components asked for.
#
#   tinysso_find_mbedtls()  tinysso_deps::mbedtls (mbedtls + mbedx509 +
#                           mbedcrypto). An MbedTLS CMake package (3.x ships
#                           one) is used when present; Debian's 2.28 has
#                           neither that nor a .pc file (PROTOCOL §9), so the
#                           headers and the three libraries are searched
#                           for.
#   tinysso_find_lwip()     tinysso_deps::lwip (`pkg-config lwip` plus the
#                           threads library Debian's NO_SYS=0 build needs).
# Neither fails: without the dependency no target is defined, and the
# package config reports the component as not found, with the reason.
# Cache variables are prefixed TINYSSO_DEP_ so as not to meet the project's.
include_guard(GLOBAL)

macro(tinysso_find_mbedtls)
  if(NOT TARGET tinysso_deps::mbedtls)
    find_package(MbedTLS CONFIG QUIET)
    if(TARGET MbedTLS::mbedtls)
      add_library(tinysso_deps::mbedtls INTERFACE IMPORTED)
      set_target_properties(tinysso_deps::mbedtls PROPERTIES INTERFACE_LINK_LIBRARIES
                            "MbedTLS::mbedtls;MbedTLS::mbedx509;MbedTLS::mbedcrypto")
    else()
      find_path(TINYSSO_DEP_MBEDTLS_INCLUDE_DIR mbedtls/ssl.h)
      find_library(TINYSSO_DEP_MBEDTLS_LIB mbedtls)
      find_library(TINYSSO_DEP_MBEDX509_LIB mbedx509)
      find_library(TINYSSO_DEP_MBEDCRYPTO_LIB mbedcrypto)
      if(TINYSSO_DEP_MBEDTLS_INCLUDE_DIR AND TINYSSO_DEP_MBEDTLS_LIB AND TINYSSO_DEP_MBEDX509_LIB
         AND TINYSSO_DEP_MBEDCRYPTO_LIB)
        add_library(tinysso_deps::mbedtls INTERFACE IMPORTED)
        set_target_properties(tinysso_deps::mbedtls PROPERTIES
                              INTERFACE_INCLUDE_DIRECTORIES "${TINYSSO_DEP_MBEDTLS_INCLUDE_DIR}"
                              INTERFACE_LINK_LIBRARIES
                              "${TINYSSO_DEP_MBEDTLS_LIB};${TINYSSO_DEP_MBEDX509_LIB};${TINYSSO_DEP_MBEDCRYPTO_LIB}")
      endif()
    endif()
  endif()
endmacro()

macro(tinysso_find_lwip)
  if(NOT TARGET tinysso_deps::lwip)
    find_package(PkgConfig QUIET)
    if(PkgConfig_FOUND)
      pkg_check_modules(TINYSSO_DEP_LWIP QUIET IMPORTED_TARGET lwip)
    endif()
    find_package(Threads QUIET)
    if(TARGET PkgConfig::TINYSSO_DEP_LWIP AND TARGET Threads::Threads)
      add_library(tinysso_deps::lwip INTERFACE IMPORTED)
      set_target_properties(tinysso_deps::lwip PROPERTIES INTERFACE_LINK_LIBRARIES
                            "PkgConfig::TINYSSO_DEP_LWIP;Threads::Threads")
    endif()
  endif()
endmacro()
