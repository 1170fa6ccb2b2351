# tinysso's source and include lists, for builds that do not use tinysso's own
# CMakeLists.txt (a firmware project's CMake, an SDK component). Include this
# file, then compile the lists into your target. Paths are absolute.
# The Make fragment `tinysso.mk` beside the top-level CMakeLists.txt names the
# same files; CI checks that the two agree and that every .c file under
# core/src and port/ is in exactly one list (scripts/check_file_lists.py).
#
#   TINYSSO_CORE_SOURCES        the core (no heap, no OS); needs jsmn.h on the
#                               include path (Debian: libjsmn-dev)
#   TINYSSO_CORE_INCLUDE_DIRS   public headers (#include <tinysso/tinysso.h>)
#   TINYSSO_CORE_PRIVATE_DIRS   the core's own headers (its sources only)
#   TINYSSO_POSIX_SOURCES       BSD sockets transport + POSIX platform
#   TINYSSO_MBEDTLS_SOURCES     TLS transport over any transport (mbedTLS 2.28 or 3.6)
#   TINYSSO_LWIP_SOURCES        lwIP sockets transport
#   TINYSSO_LWIP_UNIX_SOURCES   Linux hosts only: runs lwIP's thread over a TAP
#                               device (the tests and examples/device use it)
#   TINYSSO_PROXY_SOURCES       HTTP CONNECT tunnel over any transport
#   TINYSSO_<PORT>_INCLUDE_DIRS that port's header folder
get_filename_component(TINYSSO_ROOT "${CMAKE_CURRENT_LIST_DIR}/.." ABSOLUTE)

set(TINYSSO_CORE_SOURCES
    ${TINYSSO_ROOT}/core/src/sso_call.c
    ${TINYSSO_ROOT}/core/src/sso_client.c
    ${TINYSSO_ROOT}/core/src/sso_endpoint.c
    ${TINYSSO_ROOT}/core/src/sso_http_req.c
    ${TINYSSO_ROOT}/core/src/sso_http_resp.c
    ${TINYSSO_ROOT}/core/src/sso_jsmn.c
    ${TINYSSO_ROOT}/core/src/sso_json_map.c
    ${TINYSSO_ROOT}/core/src/sso_json_split.c
    ${TINYSSO_ROOT}/core/src/sso_json_unescape.c
    ${TINYSSO_ROOT}/core/src/sso_ops.c
    ${TINYSSO_ROOT}/core/src/sso_service_error.c
    ${TINYSSO_ROOT}/core/src/sso_status.c
    ${TINYSSO_ROOT}/core/src/sso_util.c
    ${TINYSSO_ROOT}/core/src/sso_walk.c)
set(TINYSSO_CORE_INCLUDE_DIRS ${TINYSSO_ROOT}/core/include)
set(TINYSSO_CORE_PRIVATE_DIRS ${TINYSSO_ROOT}/core/src)

set(TINYSSO_POSIX_SOURCES
    ${TINYSSO_ROOT}/port/posix/sso_posix_tcp.c
    ${TINYSSO_ROOT}/port/posix/sso_posix_platform.c)
set(TINYSSO_POSIX_INCLUDE_DIRS ${TINYSSO_ROOT}/port/posix)

set(TINYSSO_MBEDTLS_SOURCES ${TINYSSO_ROOT}/port/mbedtls/sso_tls.c
                            ${TINYSSO_ROOT}/port/mbedtls/sso_tls_ca.c)
set(TINYSSO_MBEDTLS_INCLUDE_DIRS ${TINYSSO_ROOT}/port/mbedtls)

set(TINYSSO_LWIP_SOURCES ${TINYSSO_ROOT}/port/lwip/sso_lwip_tcp.c)
set(TINYSSO_LWIP_UNIX_SOURCES ${TINYSSO_ROOT}/port/lwip/sso_lwip_unix.c)
set(TINYSSO_LWIP_INCLUDE_DIRS ${TINYSSO_ROOT}/port/lwip)

set(TINYSSO_PROXY_SOURCES
    ${TINYSSO_ROOT}/port/proxy/sso_proxy.c
    ${TINYSSO_ROOT}/port/proxy/sso_proxy_reply.c)
set(TINYSSO_PROXY_INCLUDE_DIRS ${TINYSSO_ROOT}/port/proxy)
