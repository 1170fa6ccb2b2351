# Sources Debian does not package (mbedTLS 3.6 LTS, lwIP 2.2.1, FreeRTOS kernel),
# taken from release tarballs whose checksums are listed beside them. They are
# unpacked into the build folder, never into the source tree.
#
#   TINYSSO_THIRD_PARTY_DIR  folder holding the tarballs and SHA256SUMS
#                            (default: ../shared/third_party beside the project)
#
#   tinysso_third_party(<name-version> <out-var>)
#     Verifies <name-version>.tar.gz against SHA256SUMS, unpacks it once into
#     ${CMAKE_BINARY_DIR}/third_party/<name-version>, and sets <out-var> to that
#     folder. When the tarball or its checksum line is missing, <out-var> is set
#     to "" and a message says which targets are skipped; a checksum mismatch is
#     a configure error (a tampered or truncated tarball must never be built).
if(NOT DEFINED TINYSSO_THIRD_PARTY_DIR)
  get_filename_component(_tinysso_tp_default "${PROJECT_SOURCE_DIR}/../shared/third_party" ABSOLUTE)
  set(TINYSSO_THIRD_PARTY_DIR "${_tinysso_tp_default}" CACHE PATH
      "Folder with the third-party tarballs (mbedTLS 3.6.6, lwIP 2.2.1, FreeRTOS 11.1.0) and SHA256SUMS")
endif()

function(tinysso_third_party name out_var)
  set(${out_var} "" PARENT_SCOPE)
  set(tarball "${TINYSSO_THIRD_PARTY_DIR}/${name}.tar.gz")
  set(sums "${TINYSSO_THIRD_PARTY_DIR}/SHA256SUMS")
  if(NOT EXISTS "${tarball}" OR NOT EXISTS "${sums}")
    message(STATUS "tinysso: ${name}.tar.gz not found in ${TINYSSO_THIRD_PARTY_DIR} "
                   "(set TINYSSO_THIRD_PARTY_DIR); targets that need it are skipped")
    return()
  endif()
  file(STRINGS "${sums}" lines REGEX " \\*?${name}\\.tar\\.gz$")
  if(NOT lines)
    message(STATUS "tinysso: no checksum for ${name}.tar.gz in ${sums}; targets that need it are skipped")
    return()
  endif()
  list(GET lines 0 line)
  string(REGEX MATCH "^[0-9a-f]+" want "${line}")
  set(dest "${CMAKE_BINARY_DIR}/third_party")
  set(stamp "${dest}/${name}.sha256")
  if(EXISTS "${stamp}")
    file(READ "${stamp}" have)
  else()
    set(have "")
  endif()
  if(NOT have STREQUAL want OR NOT EXISTS "${dest}/${name}")
    file(SHA256 "${tarball}" got)
    if(NOT got STREQUAL want)
      message(FATAL_ERROR "tinysso: ${tarball} has SHA-256 ${got}, SHA256SUMS says ${want}")
    endif()
    file(REMOVE_RECURSE "${dest}/${name}")
    file(MAKE_DIRECTORY "${dest}")
    file(ARCHIVE_EXTRACT INPUT "${tarball}" DESTINATION "${dest}")
    if(NOT EXISTS "${dest}/${name}")
      message(FATAL_ERROR "tinysso: ${tarball} did not unpack into ${dest}/${name}")
    endif()
    file(WRITE "${stamp}" "${want}")
  endif()
  set(${out_var} "${dest}/${name}" PARENT_SCOPE)
endfunction()
