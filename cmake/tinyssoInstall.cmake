# How host projects take tinysso: install() rules with exported targets, the
# CMake package (find_package(tinysso CONFIG COMPONENTS core posix mbedtls
# lwip) from an install prefix), one pkg-config file per library, and
# `cpack`'s Debian package of the CLI and the library.
# Firmware builds use the file lists instead (tinysso.mk,
# cmake/tinyssoFilePaths.cmake). tests/consumers proves each path.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

# The version a program reports (SSO_VERSION_STRING: User-Agent, --version)
# and the package's version must be the same number.
file(STRINGS ${PROJECT_SOURCE_DIR}/core/include/tinysso/sso_config_defaults.h _tinysso_v
     REGEX "^#define SSO_VERSION_STRING ")
string(REGEX REPLACE ".*\"(.*)\".*" "\\1" _tinysso_v "${_tinysso_v}")
if(NOT _tinysso_v STREQUAL PROJECT_VERSION)
  message(FATAL_ERROR "SSO_VERSION_STRING (${_tinysso_v}) in sso_config_defaults.h differs from "
                      "project(VERSION ${PROJECT_VERSION}): change both")
endif()

set(TINYSSO_INSTALL_CMAKEDIR ${CMAKE_INSTALL_LIBDIR}/cmake/tinysso)
set(TINYSSO_PC_IN ${PROJECT_SOURCE_DIR}/cmake/tinysso.pc.in)
set(TINYSSO_PC_DIR ${CMAKE_CURRENT_BINARY_DIR}/pkgconfig)

# One .pc file per library. The prefix is written at install time, so that
# `cmake --install --prefix X`, DESTDIR and cpack all get correct paths.
function(tinysso_pkgconfig name description requires libs cflags)
  set(TINYSSO_PC_PREFIX "@TINYSSO_PC_PREFIX@")
  set(TINYSSO_PC_NAME ${name})
  set(TINYSSO_PC_DESCRIPTION "${description}")
  set(TINYSSO_PC_REQUIRES "${requires}")
  set(TINYSSO_PC_LIBS "${libs}")
  set(TINYSSO_PC_CFLAGS "${cflags}")
  configure_file(${TINYSSO_PC_IN} ${TINYSSO_PC_DIR}/${name}.pc.in @ONLY)
  # One folder per destination: installs into several prefixes at once (the
  # consumer checks run in parallel) must not share the configured file.
  install(CODE "set(TINYSSO_PC_PREFIX \"\${CMAKE_INSTALL_PREFIX}\")
    string(MD5 _tinysso_dest \"\$ENV{DESTDIR}\${CMAKE_INSTALL_PREFIX}\")
    set(_tinysso_pc \"${TINYSSO_PC_DIR}/\${_tinysso_dest}/${name}.pc\")
    configure_file(\"${TINYSSO_PC_DIR}/${name}.pc.in\" \"\${_tinysso_pc}\" @ONLY)
    file(INSTALL \"\${_tinysso_pc}\"
         DESTINATION \"\${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_LIBDIR}/pkgconfig\")"
    COMPONENT dev)
endfunction()

# The libraries a project can take, as package components (a port is
# installed when its target was built here).
set(TINYSSO_INSTALL_PORTS posix mbedtls lwip proxy)
set(_tinysso_desc_posix "BSD sockets transport and POSIX platform")
set(_tinysso_desc_mbedtls "TLS transport over any transport (mbedTLS)")
set(_tinysso_desc_lwip "lwIP sockets transport")
set(_tinysso_desc_proxy "HTTP CONNECT tunnel over any transport")
# What each needs besides the core: the imported target the package config
# recreates on the consumer's machine (cmake/tinyssoDependencies.cmake), and
# the same for pkg-config (Debian's mbedTLS 2.28 has no .pc, PROTOCOL §9).
set(_tinysso_deps_mbedtls tinysso_deps::mbedtls)
set(_tinysso_deps_lwip tinysso_deps::lwip)
set(_tinysso_pclibs_mbedtls " -lmbedtls -lmbedx509 -lmbedcrypto")
set(_tinysso_pclibs_lwip " -lpthread")
set(_tinysso_pcrequires_lwip " lwip")

# Installs one library as tinysso::<component>: its target and its export
# set. The build tree's include folders and link dependencies (paths on this
# machine, build-only targets) stay build-only whatever port/CMakeLists.txt
# wrote; the package names the installed headers and, for a port, its
# dependency by imported target. (No export() of the build tree: its link
# interface holds exactly those build-only dependencies.)
function(tinysso_install_library target component headers_to deps)
  get_target_property(incs ${target} INTERFACE_INCLUDE_DIRECTORIES)
  set(new_incs "$<INSTALL_INTERFACE:${headers_to}>")
  foreach(d IN LISTS incs)
    if(d MATCHES "^\\$<(BUILD|INSTALL)_INTERFACE:")
      list(APPEND new_incs "${d}")
    elseif(d)
      list(APPEND new_incs "$<BUILD_INTERFACE:${d}>")
    endif()
  endforeach()
  set_property(TARGET ${target} PROPERTY INTERFACE_INCLUDE_DIRECTORIES "${new_incs}")
  get_target_property(libs ${target} INTERFACE_LINK_LIBRARIES)
  set(new_libs "")
  foreach(l IN LISTS libs)
    if(l MATCHES "^tinysso(_(posix|mbedtls|lwip|proxy))?$" OR l MATCHES "^\\$<(BUILD|INSTALL)_INTERFACE:")
      list(APPEND new_libs "${l}")
    elseif(l)
      list(APPEND new_libs "$<BUILD_INTERFACE:${l}>")
    endif()
  endforeach()
  if(deps)
    list(APPEND new_libs "$<INSTALL_INTERFACE:${deps}>")
  endif()
  set_property(TARGET ${target} PROPERTY INTERFACE_LINK_LIBRARIES "${new_libs}")
  set_target_properties(${target} PROPERTIES EXPORT_NAME ${component})
  install(TARGETS ${target} EXPORT tinysso-${component}
          ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT dev)
  install(EXPORT tinysso-${component} NAMESPACE tinysso:: DESTINATION ${TINYSSO_INSTALL_CMAKEDIR}
          FILE tinysso-${component}-targets.cmake COMPONENT dev)
endfunction()

# The core. Its public headers include nothing of jsmn (tests/consumers
# compiles each installed header without jsmn.h anywhere in sight).
tinysso_install_library(tinysso core ${CMAKE_INSTALL_INCLUDEDIR} "")
install(DIRECTORY ${TINYSSO_CORE_INCLUDE_DIRS}/tinysso DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}
        COMPONENT dev FILES_MATCHING PATTERN "*.h")
tinysso_pkgconfig(tinysso "zero-malloc client for the AWS SSO portal API (core)" "" "-ltinysso" "")
set(TINYSSO_PACKAGE_COMPONENTS core)

# The ports: headers in include/tinysso/, which is on each port's include
# path, so that "sso_posix.h" works as in the source tree and
# <tinysso/sso_posix.h> works too.
foreach(port IN LISTS TINYSSO_INSTALL_PORTS)
  if(NOT TARGET tinysso_${port})
    continue()
  endif()
  if(port STREQUAL "mbedtls" AND TINYSSO_MBEDTLS36)
    # Linked with mbedTLS 3.6 built here, which is not installed: a consumer
    # would get its system mbedTLS instead. Not packaged.
    message(STATUS "tinysso: TLS port built against the mbedTLS 3.6 tarball, not installed")
    continue()
  endif()
  tinysso_install_library(tinysso_${port} ${port} ${CMAKE_INSTALL_INCLUDEDIR}/tinysso
                          "${_tinysso_deps_${port}}")
  string(TOUPPER ${port} PORT)
  file(GLOB _tinysso_headers ${TINYSSO_${PORT}_INCLUDE_DIRS}/*.h)
  list(FILTER _tinysso_headers EXCLUDE REGEX "_unix\\.h$") # the Linux test helper stays
  install(FILES ${_tinysso_headers} DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/tinysso COMPONENT dev)
  tinysso_pkgconfig(tinysso-${port} "tinysso: ${_tinysso_desc_${port}}"
                    "tinysso${_tinysso_pcrequires_${port}}"
                    "-ltinysso_${port}${_tinysso_pclibs_${port}}" " -I\${includedir}/tinysso")
  list(APPEND TINYSSO_PACKAGE_COMPONENTS ${port})
endforeach()

# The package: config, version and dependency finder.
configure_file(${PROJECT_SOURCE_DIR}/cmake/tinyssoConfig.cmake.in
               ${PROJECT_BINARY_DIR}/package/tinyssoConfig.cmake @ONLY)
write_basic_package_version_file(${PROJECT_BINARY_DIR}/package/tinyssoConfigVersion.cmake
                                 COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/package/tinyssoConfig.cmake
              ${PROJECT_BINARY_DIR}/package/tinyssoConfigVersion.cmake
              ${PROJECT_SOURCE_DIR}/cmake/tinyssoDependencies.cmake
        DESTINATION ${TINYSSO_INSTALL_CMAKEDIR} COMPONENT dev)

# The command-line tool and the documents a package carries.
if(TARGET tinysso_cli)
  install(TARGETS tinysso_cli RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT cli)
endif()
install(FILES ${PROJECT_SOURCE_DIR}/README.md ${PROJECT_SOURCE_DIR}/CHANGELOG.md
              ${PROJECT_SOURCE_DIR}/docs/CLI.md DESTINATION ${CMAKE_INSTALL_DOCDIR} COMPONENT cli)
install(FILES ${PROJECT_SOURCE_DIR}/LICENSE DESTINATION ${CMAKE_INSTALL_DOCDIR}
        RENAME copyright COMPONENT cli)

# `cpack` (DEB): one package, the CLI plus the static libraries, headers,
# CMake package and pkg-config files, installed under /usr. dpkg-shlibdeps
# computes the run-time dependencies of the CLI (libmbedtls, libc); building
# against the mbedTLS or lwIP port needs their -dev packages, so suggested.
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME tinysso)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_VENDOR "tinysso developers")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "zero-malloc AWS SSO portal client: the tinysso CLI and the C library")
set(CPACK_PACKAGE_DESCRIPTION
    "tinysso is a C client for the AWS SSO portal API (GetRoleCredentials, ListAccounts,\n\
ListAccountRoles, Logout) that never allocates, for gateways and microcontrollers.\n\
This package holds the tinysso command-line tool, a drop-in for `aws sso`, and the\n\
static libraries, headers, CMake package and pkg-config files to build with it.")
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "tinysso developers <dev@tinysso.invalid>")
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "libmbedtls-dev, liblwip-dev, pkg-config, cmake")
set(CPACK_STRIP_FILES ON)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
include(CPack)
